import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { LedgerSigner } from '../../core/ledger/signer.js';
import type { Logger } from '../../core/log.js';
import { diskStatus, purgeExpiredRecordings, type RetentionPolicy } from '../../core/retention/recording-retention.js';

/** Hourly: purge what retention allows; warn (never purge held or evidence) when disk runs low. */
export function recordingsRetentionWorker(deps: { db: Db; blobs: BlobStore; blobsDir: string; signer: LedgerSigner; policy: RetentionPolicy; diskLowPercent: number; log: Logger }) {
  return async () => {
    await purgeExpiredRecordings({ db: deps.db, blobs: deps.blobs, signer: deps.signer, policy: deps.policy, log: deps.log });
    const disk = await diskStatus(deps.blobsDir, deps.diskLowPercent).catch(() => null);
    if (disk?.low) deps.log.error({ freePercent: disk.freePercent }, 'ALERT: recording storage is low; held and evidence material is never deleted to make room — add storage');
  };
}

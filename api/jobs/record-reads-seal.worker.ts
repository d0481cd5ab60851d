import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import { createRecordReadsRepository } from '../records/record-reads.repository.js';
import { sealRecordReads } from '../records/record-reads-seal.js';

/** Idempotent: seals the closed days of the read log not sealed yet (one sealer at a time). */
export function recordReadsSealWorker(db: Db, log: Logger) {
  const repo = createRecordReadsRepository(db);
  return async () => {
    const { sealed } = await sealRecordReads({ db, repo });
    if (sealed.length) log.info({ days: sealed }, 'read log days sealed');
  };
}

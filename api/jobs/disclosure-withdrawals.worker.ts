import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import { createPublicationRepository } from '../disclosure/publication.repository.js';
import { createWithdrawalNotices } from '../disclosure/withdrawal-notices.js';

/** 'disclosure.withdrawals': tells the heads of withdrawals due and escalates the overdue ones (api/disclosure/withdrawal-notices.ts). */
export function disclosureWithdrawalsWorker(deps: { db: Db; notifier: () => Notifier | null; log: Logger; publicBaseUrl: string }) {
  const notices = createWithdrawalNotices({ db: deps.db, repo: createPublicationRepository(deps.db), notifier: deps.notifier, log: deps.log, publicBaseUrl: deps.publicBaseUrl });
  return async () => {
    await notices.run(new Date());
  };
}

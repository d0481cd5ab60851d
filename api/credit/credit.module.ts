import type { Db } from '../../core/db/connect.js';
import type { SelfReportFactsSource } from '../../core/credit/inputs.js';
import type { Logger } from '../../core/log.js';
import { createAccessRepository } from '../access/access.repository.js';
import { createAccess } from '../access/access.service.js';
import { createCreditService } from './credit.service.js';

/**
 * The API process's credit grades: the service (routes, `gradesOf` for others, `recomputeNow` for
 * events such as a self-report found falsified) and the 'credit.compute' job's handler.
 *
 * `selfReports`: the self-report facts the score reads (issue 16 item 3), passed by the composition root.
 */
export function createCreditModule(db: Db, log: Logger, selfReports: SelfReportFactsSource) {
  const service = createCreditService({ db, access: createAccess(createAccessRepository(db)), selfReports });
  return {
    service,
    /** Idempotent: a second run the same day finds nothing changed and writes nothing. */
    worker: async () => {
      const t0 = performance.now();
      const r = await service.computeAll();
      log.info({ businesses: r.businesses, written: r.written, ms: Math.round(performance.now() - t0) }, 'credit grades computed');
    },
  };
}

import type { OverdueService } from '../review/overdue.service.js';

/** Every minute: escalates flags past their handling deadline (idempotent: each flag once). */
export function flagsOverdueWorker(overdue: OverdueService) {
  return async () => {
    await overdue.run(new Date());
  };
}

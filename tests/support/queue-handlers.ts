import { JOBS, type JobName } from '../../core/jobs.js';
import type { Handlers } from '../../core/queue.js';

/**
 * Every job an owner process must handle, as a no-op, with the handlers a test cares about laid
 * over them: a test that starts the api's queue names only the jobs it watches, so a new job in
 * core/jobs.ts needs no edit here.
 */
export function ownerHandlers(owner: 'api' | 'streams' | 'analyzer', overrides: Handlers = {}): Handlers {
  const none = async () => {};
  const all = Object.fromEntries((Object.keys(JOBS) as JobName[]).filter((n) => JOBS[n].owner === owner).map((n) => [n, none])) as Handlers;
  return { ...all, ...overrides };
}

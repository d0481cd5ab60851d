/**
 * Job contracts shared by every process. Payloads carry ids and paths, never media, plus the
 * request id that caused them as `correlationId`. Every queue is created at start, and start-up
 * fails if a queue here has no handler in the process that owns it.
 */
export type JobPayloads = {
  /** Removes expired, revoked session rows older than the retention window (not records). */
  'sessions.purge': { correlationId?: string };
  /** Marks consents past their last valid day as expired (ledgered). */
  'consents.expire': { correlationId?: string };
  /** Purges ordinary recordings past retention, leaving signed deletion records (R11). */
  'recordings.retention': { correlationId?: string };
  /** A flag was written (or ended) by an analyzer: push it to officers' dashboards (review queue). */
  'flags.raised': { flagId: string; correlationId?: string };
  /** A flag opened or ended: cut the next version of its evidence clip from the original segments (it asks for itself again while the event goes on). */
  'flags.evidence': { flagId: string; correlationId?: string };
  /** Runs the threshold rules on sensors that reported lately (or have a sensor flag open). */
  'readings.evaluate': { correlationId?: string };
  /** Escalates flags past their handling deadline with no decision, each exactly once (R5). */
  'flags.overdue': { correlationId?: string };
  /** Marks findings whose answer deadline passed unanswered as expired, once (ledgered). */
  'findings.expire': { correlationId?: string };
  /** Marks access grants (调用单) past their period's end as expired, each ledgered (reads check the end at every use). */
  'access.expire': { correlationId?: string };
  /** Sends one channel of a delivery (an e-mail with the document, an SMS notice) and records its evidence. */
  'delivery.send': { channelId: string; correlationId?: string };
  /** A channel whose every try failed (the dead letters of 'delivery.send'): recorded as failed, never service. */
  'delivery.dead': { channelId: string; correlationId?: string };
  /** One off-site backup (R10): database base backup, keys, new blobs, manifest; scheduled from BACKUP_INTERVAL_HOURS. */
  'backups.run': { correlationId?: string };
  /** Makes one watermarked clip copy asked for at POST /api/exports/flags/{id}/clip (a record_export_jobs row). */
  'exports.clip': { jobId: string; correlationId?: string };
  /** Seals each closed Beijing day of the read log (record_reads): count and digest, ledgered (api/records/record-reads-seal.ts). */
  'record_reads.seal': { correlationId?: string };
  /** Computes every active business's credit grade (R13; 002 §4), in batches; a row only where something changed. */
  'credit.compute': { correlationId?: string };
  /** Published decisions changed or revoked and not yet withdrawn: tells the unit's heads when due, escalates once overdue (行政处罚法第四十八条第二款). */
  'disclosure.withdrawals': { correlationId?: string };
  /** Rolls up device health into device_health_days (dashboard, issue 16 item 1): today and yesterday again, and missed days of the last week. */
  'dashboard.rollup': { correlationId?: string };
};

export type JobName = keyof JobPayloads;

/**
 * Queues of earlier versions, gone: start-up removes their schedules and queues so no cron keeps
 * filling a queue nobody works. 'findings.notify' swept finding notices once a minute until they
 * moved onto the delivery module ('delivery.send', one job per channel).
 */
export const RETIRED_JOBS: readonly string[] = ['findings.notify'];

/**
 * batchSize: jobs fetched at once; a throw fails the whole batch, so jobs that wait and retry take one at a time.
 * retryDelay (seconds, doubled each retry) and deadLetter (the queue a job goes to after its last retry) are pg-boss queue settings.
 */
export const JOBS: Record<JobName, { owner: 'api' | 'streams' | 'analyzer'; cron?: string; retryLimit: number; batchSize?: number; retryDelay?: number; deadLetter?: JobName }> = {
  'sessions.purge': { owner: 'api', cron: '17 * * * *', retryLimit: 3 },
  'consents.expire': { owner: 'api', cron: '*/5 * * * *', retryLimit: 3 },
  'recordings.retention': { owner: 'api', cron: '23 * * * *', retryLimit: 3 },
  'flags.raised': { owner: 'api', retryLimit: 5 },
  'flags.evidence': { owner: 'analyzer', retryLimit: 20, batchSize: 1 },
  'readings.evaluate': { owner: 'analyzer', cron: '* * * * *', retryLimit: 1, batchSize: 1 },
  'flags.overdue': { owner: 'api', cron: '* * * * *', retryLimit: 3, batchSize: 1 },
  'findings.expire': { owner: 'api', cron: '* * * * *', retryLimit: 3 },
  'access.expire': { owner: 'api', cron: '* * * * *', retryLimit: 3 },
  // A mail server that answers 4xx or not at all is tried 5 more times over ~2 minutes (4, 8, 16, 32, 64 s), then dead-lettered.
  'delivery.send': { owner: 'api', retryLimit: 5, retryDelay: 4, batchSize: 1, deadLetter: 'delivery.dead' },
  'delivery.dead': { owner: 'api', retryLimit: 5, batchSize: 1 },
  // Its cron comes from config (start.ts). A failed run is recorded as failed; the next one tries again.
  'backups.run': { owner: 'api', retryLimit: 0, batchSize: 1 },
  // One at a time per api process: at most one ffmpeg re-encoding a clip per process (2 cores). Not
  // retried: a failure is recorded on the row with its reason and the requester asks again.
  'exports.clip': { owner: 'api', retryLimit: 0, batchSize: 1 },
  'record_reads.seal': { owner: 'api', cron: '7 * * * *', retryLimit: 3, batchSize: 1 },
  // Credit grades (issue 16 item 4): daily at 02:40 Beijing (pg-boss crons are UTC), one run at a time; a failed run is tried again (idempotent).
  'credit.compute': { owner: 'api', cron: '40 18 * * *', retryLimit: 2, batchSize: 1 },
  // Hourly: the three days of art. 48 ¶2 are working days, an hour's delay in telling is nothing to them.
  'disclosure.withdrawals': { owner: 'api', cron: '37 * * * *', retryLimit: 3, batchSize: 1 },
  'dashboard.rollup': { owner: 'api', cron: '11 * * * *', retryLimit: 3, batchSize: 1 },
};

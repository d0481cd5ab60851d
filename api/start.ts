import path from 'node:path';
import type { Config } from '../core/config.js';
import { createDb } from '../core/db/connect.js';
import type { EventBus } from '../core/events.js';
import { startHeartbeat } from '../core/heartbeat.js';
import { createSealer } from '../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../core/ledger/signer.js';
import type { Logger } from '../core/log.js';
import { startQueue } from '../core/queue.js';
import { createApp, DENIAL_WINDOW_MS } from './app.js';
import { createAgencySeal } from '../core/seal/create-agency-seal.js';
import { ZH_BOLD } from './documents/pdf-fonts.js';
import { createDenialLedger } from './auth/denial-ledger.js';
import { createSessionService } from './auth/session.service.js';
import { sessionsPurgeWorker } from './jobs/sessions-purge.worker.js';
import { consentsExpireWorker } from './jobs/consents-expire.worker.js';
import { accessExpireWorker } from './jobs/access-expire.worker.js';
import { recordReadsSealWorker } from './jobs/record-reads-seal.worker.js';
import { dashboardRollupWorker } from './jobs/dashboard-rollup.worker.js';
import { recordingsRetentionWorker } from './jobs/recordings-retention.worker.js';
import { flagsRaisedWorker } from './jobs/flags-raised.worker.js';
import { flagsOverdueWorker } from './jobs/flags-overdue.worker.js';
import { createOverdueService } from './review/overdue.service.js';
import { findingsExpireWorker } from './jobs/findings-expire.worker.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { createNotifierFromConfig } from '../core/notify/notifier.js';
import { warmCjkFonts } from './documents/pdf-fonts.js';
import { internalToken } from '../core/internal-token.js';
import { listenChannel } from '../core/db/listen.js';
import { DEVICE_HEALTH_CHANNEL, FLAG_CHANNEL } from '../core/events.js';
import { listen } from './server.js';
import { platformTemplates } from '../core/documents/registry.js';
import { createDocumentService } from './documents/document.service.js';
import { createDeliveryCompletion } from './delivery/delivery-completion.js';
import { createDeliverySender } from './delivery/delivery-sender.js';
import { deliveryDeadWorker, deliverySendWorker } from './jobs/delivery.worker.js';
import { resumeQueuedChannels } from './delivery/delivery-resume.js';
import { backupWorker } from './jobs/backup.worker.js';
import { exportsClipWorker } from './jobs/exports-clip.worker.js';
import { disclosureWithdrawalsWorker } from './jobs/disclosure-withdrawals.worker.js';
import { createExportModule } from './watermark/export.module.js';
import { createCreditModule } from './credit/credit.module.js';
import { createSelfReportRepository } from './self-reports/self-report.repository.js';

/**
 * Starts the API process's parts: HTTP + socket.io, the job queue, and the ledger sealer
 * (one sealer runs across all processes; the others wait on its lock).
 */
export async function startApi(config: Config, appUrl: string, log: Logger, events: EventBus, opts: { adminUrl?: string | null } = {}) {
  const { db } = createDb(appUrl, 20);
  const signer = loadOrCreateSigner(path.join(config.dataDir, 'keys'));
  const blobsDir = path.join(config.dataDir, 'blobs');
  const blobs = createFsBlobStore(blobsDir);
  const mail = await createNotifierFromConfig(config, db, log.child({ module: 'notify' }));
  const overdue = createOverdueService({ db, events, notifier: () => mail.notifier, log: log.child({ module: 'overdue' }), publicBaseUrl: config.publicBaseUrl });
  // The agency's electronic seal on sealed documents (行政处罚法 art. 59): keys per agency in DATA_DIR/keys.
  const seal = createAgencySeal({ keysDir: config.keysDir, db, log, p12Passphrase: config.seal.p12Passphrase, font: ZH_BOLD });
  // One document service for the API and the delivery jobs (a completed service issues its 送达回证).
  const documents = createDocumentService({ registry: platformTemplates(), blobs, seal, publicBaseUrl: config.publicBaseUrl });
  const deliverySender = createDeliverySender({ db, notifier: mail.notifier, blobs, publicBaseUrl: config.publicBaseUrl, log: log.child({ module: 'delivery' }), completion: createDeliveryCompletion({ documents }) });
  // Clip exports (issue 15 item 3): made by the 'exports.clip' job, one at a time in this process; copies wait in DATA_DIR/exports.
  const exportsDir = path.join(config.dataDir, 'exports');
  const clipExports = createExportModule({ db, blobs, ffmpegPath: config.ffmpegPath, publicBaseUrl: config.publicBaseUrl, events, exportsDir, enqueue: null, log: log.child({ module: 'exports' }) });
  // A job left running by a stopped process fails now, with the reason (never a stuck 'running').
  const interrupted = await clipExports.clipJobs.recover();
  if (interrupted.length) log.warn({ jobs: interrupted }, 'clip exports interrupted by a restart were failed');
  // Credit grades (issue 16 item 4): one service for the API and the daily 'credit.compute' job.
  // No self-report facts yet (neutral in the score): the lead wires i16-selfreport's repository method here at the join.
  const credit = createCreditModule(db, log.child({ module: 'credit' }), createSelfReportRepository(db).facts);
  const queue = await startQueue({
    url: appUrl,
    owner: 'api',
    handlers: {
      'sessions.purge': sessionsPurgeWorker(db),
      'consents.expire': consentsExpireWorker(db, events, log.child({ module: 'consents' })),
      'recordings.retention': recordingsRetentionWorker({ db, blobs, blobsDir, signer, policy: { ordinaryDays: config.retention.ordinaryDays, byCategory: config.retention.byCategory }, diskLowPercent: config.retention.diskLowPercent, log: log.child({ module: 'retention' }) }),
      'flags.raised': flagsRaisedWorker(db, events),
      'flags.overdue': flagsOverdueWorker(overdue),
      'findings.expire': findingsExpireWorker(db, events, log.child({ module: 'findings' })),
      'access.expire': accessExpireWorker(db, log.child({ module: 'access' })),
      'record_reads.seal': recordReadsSealWorker(db, log.child({ module: 'records' })),
      'credit.compute': credit.worker,
      'disclosure.withdrawals': disclosureWithdrawalsWorker({ db, notifier: () => mail.notifier, log: log.child({ module: 'disclosure' }), publicBaseUrl: config.publicBaseUrl }),
      'dashboard.rollup': dashboardRollupWorker(db, log.child({ module: 'dashboard' })),
      'delivery.send': deliverySendWorker(deliverySender),
      'delivery.dead': deliveryDeadWorker(deliverySender),
      // The embedded cluster's superuser URL (opts.adminUrl) takes the base backup; none with an external database.
      'exports.clip': exportsClipWorker(clipExports.clipJobs),
      'backups.run': backupWorker({ db, adminUrl: opts.adminUrl ?? null, dataDir: config.dataDir, backupDir: config.backup.dir, blobs, log: log.child({ module: 'backup' }) }),
    },
    log: log.child({ module: 'queue' }),
  });
  // Off-site backups (R10) on the configured schedule; none without BACKUP_DIR or with an external database.
  if (config.backup.dir && opts.adminUrl) await queue.boss.schedule('backups.run', config.backup.cron, {});
  else await queue.boss.unschedule('backups.run');
  // A platform that has never rolled up health days or graded businesses (a fresh install, the
  // demo, an upgrade) does both now, in the background, instead of at the next hour / 02:40.
  if (!(await db.selectFrom('device_health_rollups').select('day').limit(1).executeTakeFirst())) await queue.send('dashboard.rollup', {});
  const graded = await db.selectFrom('credit_grades').select('business_id').limit(1).executeTakeFirst();
  if (!graded && (await db.selectFrom('businesses').select('id').where('status', '=', 'active').limit(1).executeTakeFirst())) await queue.send('credit.compute', {});
  // Channels left queued with no job (moved by a migration, or a job lost) get one now.
  await resumeQueuedChannels(db, queue, log.child({ module: 'delivery' }));
  const sealer = createSealer({
    db,
    log: log.child({ module: 'sealer' }),
    signer,
    intervalMs: config.ledger.sealIntervalMs,
    checkpointIntervalMs: config.ledger.checkpointIntervalMs,
    checkpointEveryEntries: config.ledger.checkpointEveryEntries,
  });
  sealer.start();
  const denials = createDenialLedger({ db, log: log.child({ module: 'denials' }), windowMs: DENIAL_WINDOW_MS });
  const app = createApp({
    db,
    retention: { ordinaryDays: config.retention.ordinaryDays, byCategory: config.retention.byCategory },
    log,
    denials,
    trustProxy: config.trustProxy,
    loginAddressMaxFailures: config.loginAddressMaxFailures,
    verifyPerMinute: config.verifyPerMinute,
    events,
    queueOk: queue.ok,
    sessionTtlMs: config.sessionTtlMs,
    cookieSecure: config.cookieSecure,
    loginMaxAttempts: config.loginMaxAttempts,
    loginWindowMs: config.loginWindowMs,
    bodyLimitBytes: config.bodyLimitBytes,
    webDistDir: config.webDistDir,
    ledgerPublicKeyPem: signer.publicKeyPem,
    ledgerSealer: sealer,
    backup: { location: config.backup.dir && opts.adminUrl ? config.backup.dir : null, intervalHours: config.backup.intervalHours },
    blobs,
    notifier: mail.notifier,
    mailCaptured: mail.captured,
    publicBaseUrl: config.publicBaseUrl,
    rtmpBaseUrl: config.rtmpPublicUrl,
    streamsInternalUrl: config.streamsInternal.url,
    internalToken: internalToken(config),
    ffmpegPath: config.ffmpegPath,
    playbackDir: path.join(config.dataDir, 'playback'),
    uploadsDir: path.join(config.dataDir, 'uploads'),
    seal,
    documents,
    // Each e-mail/SMS channel of a delivery is a 'delivery.send' job, enqueued with the delivery's rows.
    enqueueDelivery: (trx, channelId, correlationId) => queue.sendInTransaction(trx as never, 'delivery.send', { channelId, correlationId }),
    enqueueClipExport: (trx, jobId, correlationId) => queue.sendInTransaction(trx as never, 'exports.clip', { jobId, correlationId }),
    exportsDir,
    credit: credit.service,
  });
  const sessions = createSessionService(db, config.sessionTtlMs);
  // Device on/offline from the streams process → browsers.
  // Flags written by analyzers → dashboards, as they commit (the pg-boss job is the durable path).
  const pushFlag = flagsRaisedWorker(db, events);
  const flagFeed = listenChannel<{ flagId: string }>(appUrl, FLAG_CHANNEL, log, (p) => void pushFlag(p).catch((err: unknown) => log.warn({ err }, 'flag push failed')));
  const healthFeed = listenChannel<{ deviceId: string; online: boolean }>(appUrl, DEVICE_HEALTH_CHANNEL, log, (p) => events.emit('device:health', p));
  const server = await listen({ fetch: app.fetch, host: config.host, port: config.port, events, resolveSession: sessions.resolve, sessionsStillValid: sessions.stillValid, log, db });
  // Parse the PDF fonts now, not on the first signature.
  void warmCjkFonts().catch((err: unknown) => log.warn({ err }, 'could not preload the PDF fonts'));
  const beat = startHeartbeat(db, 'api', log, () => ({ port: server.port }));
  const sealerBeat = startHeartbeat(db, 'sealer', log, () => ({ holdsLock: sealer.holdsLock() }));
  let closing: Promise<void> | null = null;
  const stopAccepting = () => (closing ??= server.close());
  return {
    db,
    port: server.port,
    /** Grades every business now, in the background (the demo, once it has seeded its businesses). */
    gradeNow: () => queue.send('credit.compute', {}),
    /** How e-mail and SMS leave this machine (main prints it; /api/health shows it). */
    mail: mail.modes,
    /** Stops taking HTTP requests and socket.io connections (the first step of a shutdown). */
    stopAccepting,
    async stop() {
      await stopAccepting();
      beat.stop();
      sealerBeat.stop();
      await healthFeed.stop();
      await flagFeed.stop();
      await denials.close();
      await sealer.stop();
      await queue.stop();
      await mail.stop();
      await db.destroy();
    },
  };
}

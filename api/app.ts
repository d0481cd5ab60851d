import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { TrustProxy } from '../core/config.js';
import type { Db } from '../core/db/connect.js';
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { appendLedger } from '../core/ledger/append.js';
import type { Logger } from '../core/log.js';
import { userAdminRoutes } from './admin/user-admin.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { backupRoutes, type BackupSettings } from './backups/backups.routes.js';
import { createUserAdminService } from './admin/user-admin.service.js';
import { createAuthService } from './auth/auth.service.js';
import { createDenialLedger, type DenialLedger } from './auth/denial-ledger.js';
import { authRoutes } from './auth/auth.routes.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { createSessionService } from './auth/session.service.js';
import { healthRoutes } from './health.routes.js';
import { ledgerRoutes } from './ledger/ledger.routes.js';
import { clientAddressResolver } from './http/client-address.js';
import type { AppEnv } from './http/context.js';
import { onError, sendError } from './http/errors.js';
import { inputGuard } from './http/input-guard.js';
import { rateLimit } from './http/rate-limit.js';
import { requestContext, securityHeaders, sessionLoader } from './http/middleware.js';
import { clientIp } from './http/request-context.js';
import { agencyRoutes } from './registry/agency.routes.js';
import { createBusinessRepository } from './registry/business.repository.js';
import { createAccessRepository } from './access/access.repository.js';
import { createAccess } from './access/access.service.js';
import { businessRoutes } from './registry/business.routes.js';
import { historyRoutes } from './registry/history.routes.js';
import { createBusinessService } from './registry/business.service.js';
import { createServiceAddressService } from './registry/service-address.service.js';
import { createServiceAddressConfirmationService } from './registry/service-address-confirmation.service.js';
import { serviceAddressConfirmationRoutes } from './registry/service-address-confirmation.routes.js';
import { siteDeviceRoutes } from './registry/site-device.routes.js';
import { createDeviceListRepository } from './registry/device-list.repository.js';
import { deviceListRoutes } from './registry/device-list.routes.js';
import { createDeviceStateRepository } from './registry/device-state.repository.js';
import { createSiteDeviceService } from './registry/site-device.service.js';
import type { BlobStore } from '../core/blob/blob-store.js';
import type { Notifier } from '../core/notify/notifier.js';
import { createConsentDocuments } from './consent/consent-documents.js';
import { consentFileRoutes, PHOTO_MAX_BYTES } from './consent/consent-files.routes.js';
import { createConsentLifecycleService } from './consent/consent-lifecycle.service.js';
import { createConsentRepository } from './consent/consent.repository.js';
import { consentRoutes } from './consent/consent.routes.js';
import { createConsentService } from './consent/consent.service.js';
import { createConsentSigningService } from './consent/consent-signing.service.js';
import { credentialRoutes } from './consent/credential.routes.js';
import { createCredentialService } from './consent/credential.service.js';
import { mailboxRoutes } from './consent/mailbox.routes.js';
import { verifyRoutes, VERIFY_MAX_BYTES } from './consent/verify.routes.js';
import { platformTemplates, type TemplateRegistry } from '../core/documents/registry.js';
import type { AgencySeal } from '../core/seal/agency-seal.js';
import { createDocumentRepository } from './documents/document.repository.js';
import { documentRoutes } from './documents/document.routes.js';
import type { ClipExportEnqueue } from './watermark/clip-export-job.service.js';
import { createExportModule } from './watermark/export.module.js';
import { exportRoutes } from './watermark/export.routes.js';
import { createDocumentService } from './documents/document.service.js';
import { createUnsignedSeal } from './documents/unsigned-seal.js';
import { mediaRoutes } from './media/media.routes.js';
import { createRecordReader } from './records/record-reader.js';
import { createRecordReadsRepository } from './records/record-reads.repository.js';
import { accessRequestRoutes } from './access-requests/access-request.routes.js';
import { createAccessRequestRepository } from './access-requests/access-request.repository.js';
import { createAccessRequestService } from './access-requests/access-request.service.js';
import { createHoldRepository } from './holds/hold.repository.js';
import { holdRoutes } from './holds/hold.routes.js';
import { createRetentionRepository } from './retention/retention.repository.js';
import { retentionRoutes } from './retention/retention.routes.js';
import { createRetentionService } from './retention/retention.service.js';
import type { RetentionPolicy } from '../core/retention/recording-retention.js';
import { createHoldService } from './holds/hold.service.js';
import { createReadingRepository } from './sensors/reading.repository.js';
import { readingRoutes } from './sensors/reading.routes.js';
import { createReadingService } from './sensors/reading.service.js';
import { analysisRoutes } from './analysis/analysis.routes.js';
import { createModelInfo } from './analysis/model-info.js';
import { analysisCapabilities } from '../core/analysis/capabilities.js';
import { createReviewAdminService } from './review/review-admin.service.js';
import { reviewAdminRoutes } from './review/review-admin.routes.js';
import { createReviewRepository } from './review/review.repository.js';
import { reviewRoutes } from './review/review.routes.js';
import { createReviewService } from './review/review.service.js';
import { createReviewStats } from './review/review-stats.service.js';
import { dashboardApi } from './dashboard/dashboard.module.js';
import { createMediaService } from './media/media.service.js';
import { createPlaybackFiles } from './media/playback-file.js';
import { findingsApi } from './findings/findings.api.js';
import { ATTACHMENT_MAX_BYTES } from './findings/finding-portal.service.js';
import { casesApi } from './cases/cases.api.js';
import { createArchiveReads } from './cases/archive-reads.js';
import { RECEIPT_MAX_BYTES } from './cases/case-closing.service.js';
import { PARTY_FILE_MAX_BYTES } from './cases/case-party.service.js';
import { deliveryApi, type DeliveryEnqueue } from './delivery/delivery.api.js';
import type { LedgerSealing } from './cases/case-export.service.js';
import type { DocumentService } from '../core/documents/template.js';
import { samplingRoutes } from './sampling/sampling.routes.js';
import { disclosureApi } from './disclosure/disclosure.api.js';
import { inspectionRoutes } from './inspection/inspection.routes.js';
import { createInspectionService } from './inspection/inspection.service.js';
import type { CreditGradeSource, PublicationRequester } from '../core/inspection/ports.js';
import { publicationRequester } from './disclosure/disclosure.api.js';
import { createSamplingService } from './sampling/sampling.service.js';
import { creditRoutes } from './credit/credit.routes.js';
import { createSelfReportRepository } from './self-reports/self-report.repository.js';
import { createCreditService, type CreditService } from './credit/credit.service.js';
import { createMobileRecordingRepository } from './mobile/mobile-recording.repository.js';
import { mobileRecordingRoutes } from './mobile/mobile-recording.routes.js';
import { createMobileRecordingService, MOBILE_MAX_BYTES } from './mobile/mobile-recording.service.js';
import { tusResumable, tusRoutes } from './mobile/tus.routes.js';
import { createUploadParts } from './mobile/upload-parts.js';
import { selfReportsApi } from './self-reports/self-report.api.js';
import { SELF_REPORT_PHOTO_MAX_BYTES } from './self-reports/self-report.service.js';

export type AppDeps = {
  db: Db;
  log: Logger;
  events: EventBus;
  queueOk: () => boolean;
  sessionTtlMs: number;
  cookieSecure: boolean;
  loginMaxAttempts: number;
  loginWindowMs: number;
  /** Failed logins from one address, any accounts, per window (back-stop); default 100. */
  loginAddressMaxFailures?: number;
  /** Whose X-Forwarded-For to believe (config TRUST_PROXY); default nobody's. */
  trustProxy?: TrustProxy;
  /** The failed-login throttle; built from the settings above when omitted (tests pass one with a clock). */
  loginThrottle?: LoginThrottle;
  /** Where throttled attempts are counted and ledgered once per window; built here when omitted. */
  denials?: DenialLedger;
  /** Public verification requests per client address per minute (config VERIFY_PER_MINUTE); default 10. */
  verifyPerMinute?: number;
  bodyLimitBytes: number;
  /** Public key that signs ledger checkpoints, served for outside verification. */
  ledgerPublicKeyPem?: string;
  /** Retention of ordinary recordings (config retention), for the retention shown on records and the purge report; default 183 days. */
  retention?: RetentionPolicy;
  /** Built web app to serve; omitted in API-only tests. */
  webDistDir?: string;
  /** Where documents, photos and signatures are stored. */
  blobs: BlobStore;
  /** Sends e-mail and SMS (one-time codes, notices); null: sending is unavailable. */
  notifier: Notifier | null;
  /**
   * Demo mode with mail captured on this machine (--demo, no SMTP_URL): the demo mailbox is
   * served at /api/dev/mailbox. Otherwise that path does not exist (404).
   */
  mailCaptured: boolean;
  /** Base URL printed on documents and in links, e.g. https://vigil.example.gov.cn */
  publicBaseUrl: string;
  /** Base of device publish URLs, e.g. rtmp://vigil.example.gov.cn:1935 */
  rtmpBaseUrl: string;
  /** The streams process's internal live endpoint and the token it expects. */
  streamsInternalUrl: string;
  internalToken: string;
  /** ffmpeg, for pictures taken from recordings (config ffmpegPath); default 'ffmpeg'. */
  ffmpegPath?: string;
  /**
   * The agency's electronic seal (行政处罚法 art. 59) for sealed documents (core/seal, built in
   * start.ts); without one (tests), a placeholder that draws a marked 未启用 circle and signs nothing.
   */
  seal?: AgencySeal;
  /** Every document template version; the platform's (case + consent templates) when omitted. */
  templates?: TemplateRegistry;
  /** Where joined playback windows are written for a while (DATA_DIR/playback); default under the OS temp folder. */
  playbackDir?: string;
  /** Issues the case documents; the platform's document service (below) when omitted (tests may pass a fake). */
  documents?: DocumentService;
  /**
   * Enqueues a delivery channel's send job in the serving transaction (start.ts: the pg-boss queue);
   * omitted (most tests): e-mail and SMS channels stay queued, the portal is served at once.
   */
  enqueueDelivery?: DeliveryEnqueue;
  /** Enqueues a clip export's 'exports.clip' job in the transaction of its row (start.ts: the pg-boss queue); omitted: clip exports answer 503. */
  enqueueClipExport?: ClipExportEnqueue;
  /** Where finished clip copies wait for their requester (DATA_DIR/exports); a folder of this process's when omitted. */
  exportsDir?: string;
  /**
   * This process's ledger sealer: a case file export seals the case's entries into a signed
   * checkpoint at once. Without it (or when another process holds the sealer lock) it waits for the sealer.
   */
  ledgerSealer?: LedgerSealing;
  /** Where uploads in progress keep their bytes (DATA_DIR/uploads); default under the OS temp folder. */
  uploadsDir?: string;
  /** Where backups go and how often (the admin's backup page); omitted: shown as not configured. */
  backup?: BackupSettings;
  /** Credit grades (issue 16 item 4): start.ts builds one for the API and the 'credit.compute' job; built here when omitted. */
  credit?: CreditService;
  /** Told when an officer finds a self-inspection report falsified (issue 16 item 3); default: the credit grade is recomputed at once. */
  onSelfReportFalsified?: (businessId: string) => Promise<void> | void;
  /** Random inspection's ports (issue 16 item 2): credit grades and publication; omitted: this app's credit service and disclosure. */
  inspection?: { grades: CreditGradeSource; publish: PublicationRequester };
};

/** Throttled attempts are ledgered once per key per minute, with their count. */
export const DENIAL_WINDOW_MS = 60_000;

/** Routes that take raw uploads (not JSON), with their size limits; the handlers check what the bytes are. */
const UPLOADS: { re: RegExp; max: number; method?: string }[] = [
  // The body of a tus PATCH (api/mobile/tus.routes.ts): part or all of a field record.
  { re: /^\/api\/uploads\/tus\/[^/]+$/, max: MOBILE_MAX_BYTES, method: 'PATCH' },
  { re: /^\/api\/consents\/[^/]+\/notice-photos$/, max: PHOTO_MAX_BYTES },
  { re: /^\/api\/verify\/[^/]+$/, max: VERIFY_MAX_BYTES },
  { re: /^\/api\/portal\/findings\/[^/]+\/attachments$/, max: ATTACHMENT_MAX_BYTES },
  { re: /^\/api\/cases\/[^/]+\/payment-files$/, max: RECEIPT_MAX_BYTES },
  { re: /^\/api\/portal\/cases\/[^/]+\/files$/, max: PARTY_FILE_MAX_BYTES },
  { re: /^\/api\/self-reports\/[^/]+\/photos$/, max: SELF_REPORT_PHOTO_MAX_BYTES },
];

/** Builds the HTTP application. Never listens: tests call app.request(). */
const DEFAULT_RETENTION: RetentionPolicy = { ordinaryDays: 183, byCategory: {} };

export function createApp(deps: AppDeps) {
  const { db, log, events } = deps;
  const sessions = createSessionService(db, deps.sessionTtlMs);
  const throttle = deps.loginThrottle ?? new LoginThrottle({ maxAttempts: deps.loginMaxAttempts, windowMs: deps.loginWindowMs, addressMaxFailures: deps.loginAddressMaxFailures ?? 100 });
  const denials = deps.denials ?? createDenialLedger({ db, log, windowMs: DENIAL_WINDOW_MS });
  const auth = createAuthService({ db, sessions, throttle, denials, events });
  // The one access layer (api/access): every route declares its permission, services ask it for records.
  const access = createAccess(createAccessRepository(db));
  // The one read path for records served to a person (issue 15 item 1): asks access, logs the read, counts the bytes.
  const records = createRecordReader({ access, repo: createRecordReadsRepository(db), log: log.child({ module: 'records' }) });
  const repo = createBusinessRepository(db);
  const businesses = createBusinessService({ db, repo, access, events });
  const sitesDevices = createSiteDeviceService({ db, repo, access, events });
  const addresses = createServiceAddressService({ db, repo, access, events, notifier: deps.notifier });
  const consentRepo = createConsentRepository(db);
  // What the consent promises the analysis does comes from what the rules and the model can do.
  const model = createModelInfo();
  const consents = createConsentService({ db, repo: consentRepo, businesses: repo, access, events, capabilities: async () => analysisCapabilities(await model()) });
  const docs = createConsentDocuments({ publicBaseUrl: deps.publicBaseUrl });
  // Every enforcement document goes through one service (issue 13 items 1, 5): services that issue
  // documents take `documents`.
  const templates = deps.templates ?? platformTemplates();
  const documentRepo = createDocumentRepository(db);
  const documents = createDocumentService({ registry: templates, blobs: deps.blobs, seal: deps.seal ?? createUnsignedSeal(), publicBaseUrl: deps.publicBaseUrl });
  const lifecycle = createConsentLifecycleService({ db, consents, events, notifier: deps.notifier, publicBaseUrl: deps.publicBaseUrl, log });
  const signing = createConsentSigningService({ db, repo: consentRepo, consents, docs, blobs: deps.blobs, notifier: deps.notifier, events, documents });
  const credentials = createCredentialService({ db, access, rtmpBaseUrl: deps.rtmpBaseUrl });
  const jsonLimit = bodyLimit({ maxSize: deps.bodyLimitBytes, onError: (c) => sendError(c, 'payload_too_large') });
  const uploadLimits = new Map(UPLOADS.map((u) => [u, bodyLimit({ maxSize: u.max, onError: (c) => sendError(c, 'payload_too_large') })]));
  // An upload route takes its body whatever the type claims: the route's gate answers 401/403
  // first, then the handler judges the bytes and names the field (upload-type.ts).
  const uploadOf = (c: { req: { method: string; path: string } }) => UPLOADS.find((u) => c.req.method === (u.method ?? 'POST') && u.re.test(c.req.path));

  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestContext(log, clientAddressResolver(deps.trustProxy ?? { kind: 'none' })), securityHeaders);
  app.use('/api/uploads/tus', tusResumable);
  app.use('/api/uploads/tus/*', tusResumable);
  app.use(
    '/api/*',
    (c, next) => {
      const upload = uploadOf(c);
      return (upload ? uploadLimits.get(upload)! : jsonLimit)(c, next);
    },
    inputGuard,
    sessionLoader(sessions),
    async (c, next) => {
      // Bodies are JSON only (a form post from another site cannot reach a handler), except
      // the few raw uploads, which still need the session's CSRF header like any other write.
      if (uploadOf(c)) return next();
      const hasBody = c.req.raw.body !== null && c.req.header('content-length') !== '0';
      if (hasBody && !(c.req.header('content-type') ?? '').startsWith('application/json')) {
        throw new AppError('validation_failed', 'content-type must be application/json');
      }
      await next();
    },
  );

  app.route('/api/auth', authRoutes({ auth, resolve: sessions.resolve, cookieSecure: deps.cookieSecure, ttlMs: deps.sessionTtlMs }));
  const noWayOut = { email: 'not_configured', sms: 'not_configured' } as const;
  app.route('/api/health', healthRoutes({ db, queueOk: deps.queueOk, mail: deps.notifier ? (deps.notifier.modes ?? { email: 'delivered', sms: 'delivered' }) : noWayOut }));
  app.route('/api/agencies', agencyRoutes(db));
  const deviceStates = createDeviceStateRepository(db);
  app.route('/api/businesses', businessRoutes(businesses, deviceStates));
  app.route('/api/businesses', historyRoutes(db, access));
  app.route('/api', siteDeviceRoutes(sitesDevices, addresses, deviceStates));
  app.route('/api', deviceListRoutes({ access, repo: createDeviceListRepository(db) })); // issue 16: the staff device list
  // The 送达地址确认书 (issue 14 item 1): always the platform's document service, its PDF is what the business signs.
  const confirmations = createServiceAddressConfirmationService({ db, repo, access, events, documents });
  app.route('/api', serviceAddressConfirmationRoutes({ db, records, service: confirmations, blobs: deps.blobs }));

  app.route('/api/consents', consentRoutes({ db, access, repo: consentRepo, consents, lifecycle, signing }));
  app.route('/api/consents', consentFileRoutes({ db, records, repo: consentRepo, consents, docs, blobs: deps.blobs }));
  app.route('/api', credentialRoutes(credentials));
  app.route('/api', readingRoutes(createReadingService({ db, repo: createReadingRepository(db), access, deviceStates, log: log.child({ module: 'sensors' }) })));
  const playbackFiles = createPlaybackFiles({ blobs: deps.blobs, ffmpegPath: deps.ffmpegPath ?? 'ffmpeg', dir: deps.playbackDir ?? path.join(os.tmpdir(), `vigil-playback-${process.pid}`) });
  // Approved, time-boxed access to records outside one's scope, and publication approval (调用单; R12).
  app.route('/api/access-requests', accessRequestRoutes(createAccessRequestService({ db, access, repo: createAccessRequestRepository(db) })));
  const holdRepo = createHoldRepository(db);
  app.route('/api/holds', holdRoutes(createHoldService({ db, access, repo: holdRepo })));
  app.route('/api/retention', retentionRoutes(createRetentionService({ db, access, repo: createRetentionRepository(db), holds: holdRepo, policy: deps.retention ?? DEFAULT_RETENTION, ledgerPublicKeyPem: deps.ledgerPublicKeyPem })));
  app.route('/api', mediaRoutes({ media: createMediaService({ db, access, deviceStates, files: playbackFiles }), records, blobs: deps.blobs, streamsUrl: deps.streamsInternalUrl, internalToken: deps.internalToken }));
  const review = createReviewService({ db, repo: createReviewRepository(db), access, events, enqueueDelivery: deps.enqueueDelivery ?? null });
  // Reads of an archived case's documents and evidence are logged (R10; 001 §24).
  const archiveReads = createArchiveReads(db);
  app.route('/api', analysisRoutes({ db, log, access, records, blobs: deps.blobs, ffmpegPath: deps.ffmpegPath ?? 'ffmpeg', onFlagView: review.recordView, onEvidenceRead: archiveReads.flag }));
  app.route('/api', reviewRoutes({ review, stats: createReviewStats({ db, access }) }));
  app.route('/api', dashboardApi({ db, access, log }).app);
  // Public verification (no session) is throttled per client address.
  app.use('/api/verify/*', rateLimit({ limit: deps.verifyPerMinute ?? 10, windowMs: 60_000 }));
  app.route('/api/verify', verifyRoutes(consentRepo, { repo: documentRepo, registry: templates }));
  app.route('/api/documents', documentRoutes({ db, access, records, repo: documentRepo, blobs: deps.blobs, registry: templates, onRead: archiveReads.document }));
  // Watermarked exports (issue 15 item 3): the records read path (api/records) makes its export copies with exports.exportCopy.
  // Clips are made in the background ('exports.clip', api/start.ts runs the worker with the same module).
  const { exports, clipJobs } = createExportModule({ db, access, blobs: deps.blobs, ffmpegPath: deps.ffmpegPath ?? 'ffmpeg', publicBaseUrl: deps.publicBaseUrl, events, exportsDir: deps.exportsDir, enqueue: deps.enqueueClipExport ?? null, log: deps.log.child({ module: 'exports' }) });
  app.route('/api/exports', exportRoutes({ db, records, exports, clipJobs, registry: templates }));
  app.route('/api', findingsApi({ db, access, records, events, blobs: deps.blobs, enqueue: deps.enqueueDelivery ?? null }));
  app.route('/api', casesApi({ db, access, records, events, documents: deps.documents ?? documents, blobs: deps.blobs, templates, sealer: deps.ledgerSealer, log: log.child({ module: 'cases' }) }).app);
  app.route('/api', deliveryApi({ db, access, records, blobs: deps.blobs, documents: deps.documents ?? documents, enqueue: deps.enqueueDelivery ?? null }).app);
  // Sampling audits of records (R13; issue 15 item 8).
  // Records made in the field (R10): resumable uploads (tus 1.0) into a case or a device's record.
  const mobileRepo = createMobileRecordingRepository(db);
  const mobile = createMobileRecordingService({ db, access, repo: mobileRepo, parts: createUploadParts(deps.uploadsDir ?? path.join(os.tmpdir(), `vigil-uploads-${process.pid}`)), blobs: deps.blobs });
  app.route('/api', tusRoutes({ uploads: mobile }));
  app.route('/api', mobileRecordingRoutes({ uploads: mobile, records, blobs: deps.blobs, listed: mobileRepo.listed }));
  app.route('/api/sampling', samplingRoutes(createSamplingService({ db, access })));
  // Credit grades read the self-reports' facts (timeliness, falsification); a report found falsified
  // recomputes its business's grade at once (002 §24), after the finding is committed.
  const credit = deps.credit ?? createCreditService({ db, access, selfReports: createSelfReportRepository(db).facts });
  const onSelfReportFalsified = deps.onSelfReportFalsified ?? (async (businessId: string) => void (await credit.recomputeNow(businessId, 'falsified_report')));
  app.route('/api/credit', creditRoutes(credit));
  app.route('/api/self-reports', selfReportsApi({ db, access, records, blobs: deps.blobs, notifier: deps.notifier, log: log.child({ module: 'self-reports' }), hooks: { onFalsified: onSelfReportFalsified } }).app);
  // Public disclosure (R15; issue 16 item 5): /api/publications (staff) and /api/public (no login).
  app.route('/api', disclosureApi({ db, access }));
  // Rotation and 双随机 random inspection (issue 16 item 2); its list is redrawable by anyone (public, throttled like verification).
  app.use('/api/inspection/public/*', rateLimit({ limit: deps.verifyPerMinute ?? 10, windowMs: 60_000 }));
  app.route('/api/inspection', inspectionRoutes(createInspectionService({ db, access, grades: deps.inspection?.grades ?? credit.gradesOf, publish: deps.inspection?.publish ?? publicationRequester(db) })));
  // The demo mailbox exists only in demo mode, where mail is captured (each user reads his own).
  if (deps.mailCaptured) app.route('/api/dev', mailboxRoutes({ db }));

  app.route('/api/ledger', ledgerRoutes(db, access, () => deps.ledgerPublicKeyPem ?? ''));
  app.route('/api/admin', userAdminRoutes(createUserAdminService(db, access)));
  app.route('/api/audit', auditRoutes(db, access, records));
  app.route('/api/backups', backupRoutes(db, deps.backup ?? { location: null, intervalHours: 24 }));
  app.route('/api/admin', reviewAdminRoutes(createReviewAdminService(db, access)));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Vigil API', version: '0.1.0', description: 'Remote (non-site) supervision platform for health-enforcement authorities' },
  });
  app.all('/api/*', (c) => sendError(c, 'not_found'));

  app.onError(async (err, c) => {
    // Every refused access is recorded: who asked for what (R12).
    if (err instanceof AppError && err.code === 'forbidden') {
      const user = c.get('user');
      await appendLedger(db, {
        actor: user ? { type: 'user', id: user.id } : { type: 'anonymous' },
        action: 'access.denied',
        entityType: 'http_request',
        entityId: null,
        state: null,
        requestId: c.get('requestId'),
        context: { method: c.req.method, path: c.req.path, ip: clientIp(c), role: user?.role ?? null },
      }).catch((e: unknown) => c.get('log')?.error({ err: e }, 'could not ledger a denial'));
      c.get('log')?.warn({ path: c.req.path, userId: user?.id }, 'access denied');
    }
    return onError(err, c);
  });

  if (deps.webDistDir && existsSync(path.join(deps.webDistDir, 'index.html'))) {
    const root = path.relative(process.cwd(), deps.webDistDir) || '.';
    const indexHtml = readFileSync(path.join(deps.webDistDir, 'index.html'), 'utf8');
    app.use('/assets/*', serveStatic({ root }));
    app.use('*', serveStatic({ root }));
    app.get('*', (c) => c.html(indexHtml));
  } else {
    app.get('/', (c) => c.text('Vigil API is running; the web app is not built (npm run build:web).'));
  }
  return app;
}
export type VigilApp = ReturnType<typeof createApp>;

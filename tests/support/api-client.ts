import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { Notifier } from '../../core/notify/notifier.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import { createApp, type AppDeps, type VigilApp } from '../../api/app.js';
import type { DenialLedger } from '../../api/auth/denial-ledger.js';
import { LoginThrottle } from '../../api/auth/login-throttle.js';
import type { TrustProxy } from '../../core/config.js';
import { seedDemo, type DemoLogin } from '../../api/demo/demo.seed.js';
import { createEventBus, type EventBus } from '../../core/events.js';
import { createLogger } from '../../core/log.js';
import type { TestDatabase } from './test-db.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { DeliveryEnqueue } from '../../api/delivery/delivery.api.js';
import type { ClipExportEnqueue } from '../../api/watermark/clip-export-job.service.js';
import type { AgencySeal } from '../../core/seal/agency-seal.js';
import type { LedgerSealing } from '../../api/cases/case-export.service.js';

export type TestApi = { app: VigilApp; events: EventBus; logins: DemoLogin[]; login: (username: string) => Promise<Session> };

/** A client bound to one logged-in session: carries its cookie and CSRF token. */
export class Session {
  constructor(
    private readonly app: VigilApp,
    public readonly cookie: string,
    public readonly csrf: string,
    public readonly user: { id: string; role: string; businessId: string | null; agencyId: string | null },
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { cookie: this.cookie, 'x-csrf-token': this.csrf, 'user-agent': 'vigil-integration-tests', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    return this.app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  }
  /** A raw upload (photo, PDF) with its content type, CSRF header included. */
  upload(path: string, bytes: Buffer, contentType: string) {
    return this.app.request(path, { method: 'POST', headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-type': contentType }, body: new Uint8Array(bytes) });
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
}

export type TestApiOptions = {
  loginMaxAttempts?: number;
  /** Defaults to one whose back-off is a whole minute from the first step, so no test depends on how fast it runs. */
  loginThrottle?: LoginThrottle;
  denials?: DenialLedger;
  trustProxy?: TrustProxy;
  verifyPerMinute?: number;
  blobs?: BlobStore;
  notifier?: Notifier | null;
  mailCaptured?: boolean;
  streamsInternalUrl?: string;
  internalToken?: string;
  /** Document templates (e.g. a test template); the platform's when omitted. */
  templates?: TemplateRegistry;
  documents?: DocumentService;
  /** Enqueues a delivery channel's send job (a real pg-boss queue in the delivery tests). */
  enqueueDelivery?: DeliveryEnqueue;
  /** Enqueues a clip export's job (a real pg-boss queue in the watermark tests); omitted: clip exports answer 503. */
  enqueueClipExport?: ClipExportEnqueue;
  /** Where finished clip copies wait (shared with the test's 'exports.clip' worker). */
  exportsDir?: string;
  /** The agency seal for sealed documents; the unsigned placeholder when omitted. */
  seal?: AgencySeal;
  /** A ledger sealer the app may drive (a case export seals its entries into a checkpoint). */
  ledgerSealer?: LedgerSealing;
  /** The ledger's public key (the purge report checks deletion records with it). */
  ledgerPublicKeyPem?: string;
  /** Retention of ordinary recordings (default 183 days). */
  retention?: { ordinaryDays: number; byCategory: Record<string, number> };
  /** Told when a self-inspection report is found falsified (issue 16 item 3). */
  onSelfReportFalsified?: (businessId: string) => Promise<void> | void;
  /** Random inspection's ports (a fake grade source, a recording requester); the app's defaults when omitted. */
  inspection?: AppDeps['inspection'];
};

export async function createTestApi(t: TestDatabase, opts: TestApiOptions = {}): Promise<TestApi> {
  const events = createEventBus();
  const app = createApp({
    db: t.db,
    log: createLogger('silent'),
    events,
    queueOk: () => true,
    sessionTtlMs: 3600_000,
    cookieSecure: false,
    loginMaxAttempts: opts.loginMaxAttempts ?? 5,
    loginWindowMs: 60_000,
    loginThrottle: opts.loginThrottle ?? new LoginThrottle({ maxAttempts: opts.loginMaxAttempts ?? 5, windowMs: 60_000, addressMaxFailures: 100, baseDelayMs: 60_000 }),
    denials: opts.denials,
    trustProxy: opts.trustProxy,
    verifyPerMinute: opts.verifyPerMinute,
    bodyLimitBytes: 64 * 1024,
    blobs: opts.blobs ?? createFsBlobStore(mkdtempSync(path.join(os.tmpdir(), 'vigil-api-blobs-'))),
    notifier: opts.notifier ?? null,
    mailCaptured: opts.mailCaptured ?? false,
    publicBaseUrl: 'http://127.0.0.1:3000',
    rtmpBaseUrl: 'rtmp://127.0.0.1:1935',
    streamsInternalUrl: opts.streamsInternalUrl ?? 'http://127.0.0.1:9',
    internalToken: opts.internalToken ?? 'test-internal-token-not-used-0000',
    templates: opts.templates,
    documents: opts.documents,
    enqueueDelivery: opts.enqueueDelivery,
    enqueueClipExport: opts.enqueueClipExport,
    exportsDir: opts.exportsDir,
    seal: opts.seal,
    ledgerSealer: opts.ledgerSealer,
    ledgerPublicKeyPem: opts.ledgerPublicKeyPem,
    retention: opts.retention,
    onSelfReportFalsified: opts.onSelfReportFalsified,
    inspection: opts.inspection,
  });
  const logins = (await seedDemo(t.db)) ?? [];
  const login = async (username: string) => {
    const l = logins.find((x) => x.username === username);
    if (!l) throw new Error(`no demo login ${username}`);
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: l.password }),
    });
    if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
    return new Session(app, cookie, body.csrfToken, body.user);
  };
  return { app, events, logins, login };
}

// Service of a document (issue 14 item 2 figure): the business acknowledges a served decision in
// the portal → the 送达回证's next version, with the acknowledgement, is drawn, stored, ledgered
// and attached to the case (all in the acknowledgement's transaction: the answer comes after it).
// Each run: a case brought to its decision (sealed 行政处罚决定书), served by e-mail (real SMTP to a
// loopback server, the PDF attached; the channel's job run in this process) and to the portal, its
// first 送达回证 attached; then POST /api/portal/deliveries/:id/acknowledge is timed. Sequential,
// warm (one unmeasured run first). The platform's PostgreSQL; the API in this process with the
// platform's document service and core/seal. `npx tsx bench/delivery.bench.ts` (BENCH_RUNS). Aim: p95 ≤ 1 s.
import { SERVICE_ADDRESS_STATEMENTS_V1 } from '../core/documents/service-address-confirmation.v1.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../api/app.js';
import { LoginThrottle } from '../api/auth/login-throttle.js';
import { createDeliveryCompletion } from '../api/delivery/delivery-completion.js';
import { createDeliverySender } from '../api/delivery/delivery-sender.js';
import { createDocumentService } from '../api/documents/document.service.js';
import { ZH_BOLD } from '../api/documents/pdf-fonts.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { CHECKLIST_POINTS } from '../core/cases/checklist.js';
import { createDb } from '../core/db/connect.js';
import { platformTemplates } from '../core/documents/registry.js';
import { createEventBus } from '../core/events.js';
import { createLogger } from '../core/log.js';
import { createSmtpTransport } from '../core/notify/mailer.js';
import { createNotifier } from '../core/notify/notifier.js';
import { outboxSmsAdapter } from '../core/notify/sms-outbox.adapter.js';
import { createAgencySeal } from '../core/seal/create-agency-seal.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { insertFlags } from '../tests/support/review-flags.js';
import { startSmtpCapture } from '../tests/support/smtp-capture.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-delivery-bench-'));

const platform = await startPlatform({ ANALYZER_ENABLED: '0' });
const { db, pool } = createDb(platformAdminUrl(platform), 4);
const smtp = await startSmtpCapture();
try {
  const log = createLogger('silent');
  const blobs = createFsBlobStore(path.join(tmp, 'blobs'));
  const seal = createAgencySeal({ keysDir: path.join(tmp, 'keys'), db, log, font: ZH_BOLD });
  const documents = createDocumentService({ registry: platformTemplates(), blobs, seal, publicBaseUrl: 'http://127.0.0.1:3000' });
  const notifier = createNotifier({ db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}?tls=off`), from: 'Vigil <no-reply@vigil.local>' }, sms: outboxSmsAdapter, log });
  const sender = createDeliverySender({ db, notifier, blobs, publicBaseUrl: 'http://127.0.0.1:3000', log, completion: createDeliveryCompletion({ documents }) });
  const queued: string[] = [];
  const app = createApp({
    db, log, events: createEventBus(), queueOk: () => true, sessionTtlMs: 3600_000, cookieSecure: false, loginMaxAttempts: 5, loginWindowMs: 60_000,
    loginThrottle: new LoginThrottle({ maxAttempts: 5, windowMs: 60_000, addressMaxFailures: 100 }), bodyLimitBytes: 64 * 1024, blobs, notifier, mailCaptured: false,
    publicBaseUrl: 'http://127.0.0.1:3000', rtmpBaseUrl: 'rtmp://127.0.0.1:1935', streamsInternalUrl: 'http://127.0.0.1:9', internalToken: 'bench-internal-token-not-used-000',
    seal, documents,
    // The channel's job, run here after the serving transaction commits (no pg-boss worker in the bench).
    enqueueDelivery: async (_trx, channelId) => queued.push(channelId),
  });
  type W = { case: { id: string; version: number }; evidence: { id: string; version: number }[]; documents: { id: string; kind: string }[] };
  const login = async (username: string) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: platform.logins.get(username) }) });
    const body = (await res.json()) as { csrfToken: string; user: { id: string; agencyId: string | null } };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const call = async <T = W>(method: string, p: string, b?: unknown) => {
      const r = await app.request(p, { method, headers: { cookie, 'x-csrf-token': body.csrfToken, ...(b ? { 'content-type': 'application/json' } : {}) }, body: b ? JSON.stringify(b) : undefined });
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<T>;
    };
    return { id: body.user.id, agencyId: body.user.agencyId, call };
  };
  const officer = await login('officer.wc');
  const manager = await login('manager.jh');
  const business = await login('biz.hosp');
  // The hospital's signed 送达地址确认书 over its proven addresses and portal account (service goes only there).
  const hospId = (await db.selectFrom('businesses').select('id').where('name', '=', '婺城区人民医院').executeTakeFirstOrThrow()).id;
  const verified = await db.selectFrom('service_addresses').select('id').where('business_id', '=', hospId).where('status', '=', 'verified').execute();
  await business.call('POST', `/api/businesses/${hospId}/service-address-confirmations`, { basedOnVersion: 0, addressIds: verified.map((a) => a.id), portal: true, signerName: '王建国', signerRole: '法定代表人', confirmed: SERVICE_ADDRESS_STATEMENTS_V1.map((st, i) => ({ key: st.key, msBeforeSign: 4000 - i * 1000 })) });
  const second = await db.insertInto('users').values({ username: 'officer.bench2', display_name: '李娜', password_hash: 'x', role: 'officer', agency_id: officer.agencyId, certificate_no: '浙卫执字第9号' }).returning('id').executeTakeFirstOrThrow();
  const device = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').executeTakeFirstOrThrow();
  const two = [officer.id, second.id];
  const penalty = { kinds: ['fine'], fineYuan: 20000 };
  const facts = '当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';
  const step = (who: typeof officer, w: W, body: Record<string, unknown>) => who.call('POST', `/api/cases/${w.case.id}/stages`, { expectedVersion: w.case.version, ...body });

  async function decided(): Promise<W> {
    const [flag] = await insertFlags(db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.id }]);
    let w = await officer.call('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: two, summary: '摄像头被遮挡', headOpinion: '同意受理。', headId: manager.id });
    for (const e of w.evidence) w = await officer.call('PUT', `/api/cases/${w.case.id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version });
    w = await step(officer, w, { kind: 'filing', fields: { report: '建议立案' } });
    w = await step(manager, w, { kind: 'filing_approval', fields: { opinion: '同意立案' } });
    w = await step(officer, w, { kind: 'investigation_end', fields: { facts, evidenceSummary: '视频', proposal: '罚款', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '一般情节' } });
    const members = ['钱伟', '张伟', '李娜'].map((name) => ({ name, role: '合议人员' }));
    w = await step(officer, w, { kind: 'panel_discussion', participants: members, fields: { opinion: '同意', place: '会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意' })) } });
    w = await step(manager, w, { kind: 'approval', fields: { opinion: '同意', penalty } });
    w = await step(officer, w, { kind: 'prior_notice', fields: { facts, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: false } });
    w = await step(officer, w, { kind: 'statement', fields: { waived: false, statement: '请求从轻。', hearingWaived: true } });
    return step(manager, w, { kind: 'decision', fields: { outcome: 'penalty', penalty, facts, legalBasis: '《消毒管理办法》第四十一条', discretion: '一般情节', correction: { kind: 'order', what: '立即改正' }, statementReview: '不予采纳' } });
  }

  const ack: number[] = [];
  const serve: number[] = [];
  for (let i = -1; i < RUNS; i++) {
    const w = await decided();
    const decision = w.documents.find((d) => d.kind === 'penalty_decision')!;
    const t0 = performance.now();
    const d = await officer.call<{ id: string }>('POST', `/api/cases/${w.case.id}/documents/${decision.id}/serve`);
    for (const id of queued.splice(0)) await sender.send(id);
    const t1 = performance.now();
    const start = performance.now();
    const after = await business.call<{ events: { kind: string }[] }>('POST', `/api/portal/deliveries/${d.id}/acknowledge`);
    const took = performance.now() - start;
    if (after.events.at(-1)?.kind !== 'acknowledged') throw new Error('acknowledgement not recorded');
    const versions = await db.selectFrom('case_documents').select('version').where('case_id', '=', w.case.id).where('kind', '=', 'service_certificate').execute();
    if (versions.length !== 2) throw new Error(`expected the certificate's two versions attached, found ${versions.length}`);
    if (i >= 0) {
      ack.push(took);
      serve.push(t1 - t0);
    }
  }
  console.log(`serve (portal + e-mail over SMTP with the PDF, relay evidence, 送达回证 v1 attached): p50 ${pct(serve, 50).toFixed(1)} ms, p95 ${pct(serve, 95).toFixed(1)} ms (${RUNS})`);
  console.log(`acknowledgement → 送达回证 (v2 with the acknowledgement) attached: p50 ${pct(ack, 50).toFixed(1)} ms, p95 ${pct(ack, 95).toFixed(1)} ms (${RUNS}; aim ≤ 1000 ms)`);
} finally {
  await smtp.stop();
  await pool.end();
  await platform.stop();
}

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryCompletion } from '../../api/delivery/delivery-completion.js';
import { createDeliverySender } from '../../api/delivery/delivery-sender.js';
import { createDocumentService } from '../../api/documents/document.service.js';
import { createUnsignedSeal } from '../../api/documents/unsigned-seal.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { deliveryDeadWorker, deliverySendWorker } from '../../api/jobs/delivery.worker.js';
import { liveCode, refusal } from '../../api/consent/one-time-code.store.js';
import { addressCodeKey, issueAddressCode, markAddressVerified } from '../../api/registry/service-address-proof.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { platformTemplates } from '../../core/documents/registry.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifier } from '../../core/notify/notifier.js';
import { createSmtpTransport } from '../../core/notify/mailer.js';
import { outboxSmsAdapter } from '../../core/notify/sms-outbox.adapter.js';
import { startQueue, type Queue } from '../../core/queue.js';
import { Session, createTestApi, type TestApi } from '../support/api-client.js';
import { insertFlags } from '../support/review-flags.js';
import { poppler } from '../support/seal-pdf.js';
import { confirmServiceAddresses } from '../support/service-address.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { startRecipientSmtp, type SmtpCapture } from '../support/smtp-capture.js';
import { waitFor } from '../support/wait.js';
import { ownerHandlers } from '../support/queue-handlers.js';
import { servedRead } from '../support/record-reads.js';

// Issue 14 item 2: a case document served through every confirmed channel at once — e-mail over
// real SMTP (to a loopback server that answers like a recipient's MX: 250 with a queue id, or 550
// for one address), the business portal — one pg-boss job per channel; the evidence chained and
// ledgered; the service date from the earliest effective arrival; the 送达回证 attached to the case
// the moment service completes; the decision's seven-day service clock stopped; the business
// reads, downloads and acknowledges its own delivery only.
const REJECT = 'reject@example.cn';
const BUSY = 'busy@example.cn';
const log = createLogger('silent');
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let queue: Queue;
let smtp: SmtpCapture;
let officer: Session;
let officer2: Session;
let manager: Session;
let business: Session;
let caseId: string;
let sender: ReturnType<typeof createDeliverySender>;

type Delivery = {
  id: string; status: string; sha256: string; servedAt: string | null; serviceBasis: string | null; certificateId: string | null; documentKind: string;
  channels: { id: string; channel: string; address: string; status: string; attempts: number }[];
  events: { seq: number; kind: string; channel: string | null; at: string; detail: Record<string, unknown>; prevHash: string | null; hash: string }[];
  chain: { ok: boolean; problems: string[] };
};
type Workspace = { case: { id: string; version: number; state: string }; evidence: { id: string; version: number }[]; documents: { id: string; kind: string; number: string | null; version: number }[]; clocks: { kind: string; stoppedAt: string | null; overdue: boolean }[] };

async function loginWith(username: string, password: string) {
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, body.user);
}

/** A verified e-mail service address of the business, proven by its code like the demo's. */
async function verifiedEmail(businessId: string, address: string) {
  await t.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('service_addresses').values({ business_id: businessId, method: 'email', address, agreed_at: new Date(), status: 'pending_verification' }).returningAll().executeTakeFirstOrThrow();
    const by = { actor: { type: 'user' as const, id: officer.user.id }, userId: officer.user.id };
    const { codeId, code } = await issueAddressCode(trx, row, by);
    const live = await liveCode(trx, addressCodeKey(row.id));
    if (live?.id !== codeId || refusal(live, code)) throw new Error('code did not verify');
    await markAddressVerified(trx, row, codeId, { ...by, userId: null });
  });
}

const confirmAddresses = (opts: { only?: string[]; portal?: boolean } = {}) => confirmServiceAddresses(t.db, business, opts);

const ws = async (id: string) => (await (await officer.get(`/api/cases/${id}`)).json()) as Workspace;
async function ok(s: Session, id: string, body: Record<string, unknown>) {
  const res = await s.post(`/api/cases/${id}/stages`, { expectedVersion: (await ws(id)).case.version, ...body });
  expect(res.status, `${String(body.kind)}: ${await res.clone().text()}`).toBe(200);
}
const FACTS = '2026年9月21日，本机关非现场监管设备记录到当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';
const penalty = { kinds: ['fine'], fineYuan: 20000 };

/** The hospital's confirmed flag, filed, investigated, notified and decided (the path of case-documents.test.ts). */
async function decidedCase(): Promise<string> {
  const device = await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.id']).where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow();
  const ended = new Date(Date.now() - 3600_000);
  const [flag] = await insertFlags(t.db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 20_000), ended_at: ended }]);
  await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const filed = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2.user.id], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理，请按程序报请立案。', headId: manager.user.id });
  expect(filed.status, await filed.clone().text()).toBe(201);
  const id = ((await filed.json()) as Workspace).case.id;
  for (const e of (await ws(id)).evidence) {
    const checklist = Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }]));
    expect((await officer.request('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist, expectedVersion: e.version })).status).toBe(200);
  }
  await ok(officer, id, { kind: 'filing', fields: { report: '经审查，线索证据符合立案条件，建议立案调查。', basis: '当事人涉嫌违反《消毒管理办法》第四条的规定。' } });
  await ok(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: FACTS, evidenceSummary: '视频、截图', proposal: '建议罚款20000元', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '初次违法，属一般情节。' } });
  const members = [{ name: '钱伟', role: '科长' }, { name: '张伟', role: '承办人' }, { name: '李娜', role: '承办人' }];
  await ok(officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: '一致同意罚款20000元。', place: '会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意。' })) } });
  await ok(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty } });
  await ok(officer, id, { kind: 'prior_notice', fields: { facts: FACTS, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: false, discretion: '初次违法，属一般情节。' } });
  await ok(officer, id, { kind: 'statement', fields: { waived: false, statement: '请求从轻处理。', hearingWaived: true } });
  await ok(manager, id, {
    kind: 'decision',
    fields: { outcome: 'penalty', penalty, facts: FACTS, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], discretion: '一般情节。', correction: { kind: 'order', what: '立即整改。' }, statementReview: '维持。' },
  });
  return id;
}

const deliveries = async (id: string) => ((await (await officer.get(`/api/cases/${id}/deliveries`)).json()) as { items: Delivery[] }).items;
const docOf = async (id: string, kind: string) => (await ws(id)).documents.find((d) => d.kind === kind)!;
const pdfOf = async (sha256: string) => Buffer.concat(await (await blobs.get(sha256)).toArray());
const flat = (s: string) => s.replace(/\s+/g, '');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function served(id: string, documentId: string) {
  return waitFor('the delivery to complete', async () => {
    const d = (await deliveries(id)).find((x) => (x as Delivery & { documentId: string }).documentId === documentId);
    return d && d.status !== 'serving' ? d : null;
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-delivery-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  smtp = await startRecipientSmtp({ reject: [REJECT], busy: [BUSY], queueId: (n) => `Q${n}A7F3` });
  const notifier = createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}?tls=off`), from: 'Vigil <no-reply@vigil.local>' }, sms: outboxSmsAdapter, log });
  const documents = createDocumentService({ registry: platformTemplates(), blobs, seal: createUnsignedSeal(), publicBaseUrl: 'http://127.0.0.1:3000' });
  sender = createDeliverySender({ db: t.db, notifier, blobs, publicBaseUrl: 'http://127.0.0.1:3000', log, completion: createDeliveryCompletion({ documents }) });
  queue = await startQueue({
    url: t.appUrl,
    owner: 'api',
    handlers: ownerHandlers('api', { 'delivery.send': deliverySendWorker(sender), 'delivery.dead': deliveryDeadWorker(sender) }),
    log,
  });
  api = await createTestApi(t, { blobs, notifier, documents, enqueueDelivery: (trx, channelId, correlationId) => queue.sendInTransaction(trx as never, 'delivery.send', { channelId, correlationId }) });
  officer = await api.login('officer.wc');
  manager = await api.login('manager.jh');
  business = await api.login('biz.hosp');
  const admin = await api.login('admin');
  const made = await admin.post('/api/admin/users', { username: 'officer.wc2', displayName: '李娜', role: 'officer', agencyId: officer.user.agencyId, certificateNo: '浙卫执字第20261号' });
  officer2 = await loginWith('officer.wc2', ((await made.json()) as { oneTimePassword: string }).oneTimePassword);
  caseId = await decidedCase();
  await confirmAddresses();
}, 180_000);
afterAll(async () => {
  await queue?.stop();
  await smtp?.stop();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving a case document (issue 14 item 2)', () => {
  it('the decision goes out by e-mail (PDF attached, hash in the body) and to the portal; the events chain in order; the 送达回证 is attached; the service clock stops', async () => {
    const running = (await ws(caseId)).clocks.find((k) => k.kind === 'service');
    expect(running, 'the decision starts the seven-day service clock (行政处罚法第六十一条)').toMatchObject({ stoppedAt: null });
    const decision = await docOf(caseId, 'penalty_decision');
    const res = await officer.post(`/api/cases/${caseId}/documents/${decision.id}/serve`);
    expect(res.status, await res.clone().text()).toBe(201);
    const first = (await res.json()) as Delivery;
    expect(first.channels.map((c) => [c.channel, c.address])).toEqual([['portal', expect.stringMatching(/^business:/)], ['email', 'hosp@example.cn']]);

    const d = await served(caseId, decision.id);
    expect(d.status).toBe('served');
    expect(d.events.map((e) => [e.kind, e.channel])).toEqual([
      ['submission_accepted', 'portal'],
      ['delivered_to_portal', 'portal'],
      ['submission_accepted', 'email'],
      ['relay_accepted', 'email'],
      ['service_completed', 'portal'],
    ]);
    expect(d.chain).toEqual({ ok: true, problems: [] });
    for (let i = 1; i < d.events.length; i++) expect(d.events[i].prevHash).toBe(d.events[i - 1].hash);
    const relay = d.events.find((e) => e.kind === 'relay_accepted')!;
    expect(relay.detail).toMatchObject({ code: 250, queueId: expect.stringMatching(/^Q\d+A7F3$/), response: expect.stringMatching(/^250 2\.0\.0 Ok: queued as Q/) });
    // The portal reached the business's system first: it sets the date (民诉法第九十条第二款).
    expect(new Date(d.servedAt!).toISOString()).toBe(new Date(d.events[1].at).toISOString());
    expect(d.serviceBasis).toContain('第九十条第二款');
    // Payment counts from this service (行政处罚法第六十七条): the case reads the same date (api/cases/decision-served.ts).
    const pay = ((await (await officer.get(`/api/cases/${caseId}`)).json()) as { payment: { servedAt: string | null; dueAt: string | null } | null }).payment;
    expect(pay?.servedAt && new Date(pay.servedAt).toISOString()).toBe(new Date(d.servedAt!).toISOString());
    expect(pay?.dueAt).toBeTruthy();

    // The mail as the recipient's server received it: the PDF attached, its SHA-256 in the body.
    const mail = smtp.received.find((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address === 'hosp@example.cn')!;
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(sha(pdf.content)).toBe(d.sha256);
    expect(mail.text).toContain(d.sha256);
    expect(mail.text).toContain(`/portal/deliveries/${d.id}`);

    // The 送达回证: attached to the case's 送达 stage, printing the document's hash and every event's hash.
    const w = await ws(caseId);
    const cert = w.documents.find((x) => x.kind === 'service_certificate')!;
    expect(cert.id).toBe(d.certificateId);
    const row = await t.db.selectFrom('documents').select(['pdf_sha256']).where('document_id', '=', cert.id).where('version', '=', 1).executeTakeFirstOrThrow();
    const text = flat(await poppler('pdftotext', await pdfOf(row.pdf_sha256)));
    for (const s of ['送达回证', '行政处罚决定书', '婺城区人民医院', 'hosp@example.cn', d.sha256, ...d.events.map((e) => e.hash), String(relay.detail.queueId), '第九十条第二款']) expect(text, s).toContain(flat(s));
    const clock = w.clocks.find((k) => k.kind === 'service')!;
    expect(clock.stoppedAt).not.toBeNull();
    expect(clock.overdue).toBe(false);

    // Served already: refused naming the rule, nothing changed.
    const again = await officer.post(`/api/cases/${caseId}/documents/${decision.id}/serve`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { refusal: { code: string } }).refusal.code).toBe('already_served');
  }, 120_000);

  it('the business reads, downloads and acknowledges its own delivery; the 送达回证 gets a version with the acknowledgement; another business gets 403', async () => {
    const decision = await docOf(caseId, 'penalty_decision');
    const d = (await deliveries(caseId)).find((x) => x.documentKind === 'penalty_decision')!;
    const inbox = ((await (await business.get('/api/portal/deliveries')).json()) as { items: Delivery[] }).items;
    expect(inbox.map((x) => x.id)).toContain(d.id);
    expect((await business.get(`/api/portal/deliveries/${d.id}`)).status).toBe(200);
    const file = await business.get(`/api/portal/deliveries/${d.id}/document.pdf`);
    expect(file.status).toBe(200);
    const served = Buffer.from(await file.arrayBuffer());
    expect(sha(served)).toBe(d.sha256);
    // Through the read path (api/records): the served version's row.
    expect(await servedRead(t.db, file)).toMatchObject({ outcome: 'served', action: 'download', record_kind: 'delivery_pdf', record_id: d.id, sha256: d.sha256, bytes: String(served.length), user_id: business.user.id });
    const acked = await business.post(`/api/portal/deliveries/${d.id}/acknowledge`);
    expect(acked.status, await acked.clone().text()).toBe(200);
    const after = (await acked.json()) as Delivery;
    expect(after.events.slice(-3).map((e) => e.kind)).toEqual(['notification_opened', 'content_downloaded', 'acknowledged']);
    expect(after.chain.ok).toBe(true);
    expect((await business.post(`/api/portal/deliveries/${d.id}/acknowledge`)).status).toBe(409);
    const versions = (await ws(caseId)).documents.filter((x) => x.kind === 'service_certificate' && x.id === d.certificateId).map((x) => x.version).sort();
    expect(versions).toEqual([1, 2]);
    const v2 = await t.db.selectFrom('documents').select(['pdf_sha256']).where('document_id', '=', d.certificateId!).where('version', '=', 2).executeTakeFirstOrThrow();
    expect(flat(await poppler('pdftotext', await pdfOf(v2.pdf_sha256)))).toContain('在线确认签收');

    // Only its own: another business 403, staff not through the portal, none 404.
    const hotel = await api.login('biz.hotel');
    expect((await hotel.get(`/api/portal/deliveries/${d.id}`)).status).toBe(403);
    expect((await hotel.post(`/api/portal/deliveries/${d.id}/acknowledge`)).status).toBe(403);
    expect(((await (await hotel.get('/api/portal/deliveries')).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await officer.get(`/api/portal/deliveries/${d.id}`)).status).toBe(403);
    expect((await business.get('/api/portal/deliveries/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // The business does not serve documents.
    expect((await business.post(`/api/cases/${caseId}/documents/${decision.id}/serve`)).status).toBe(403);
  }, 60_000);

  it('an SMTP server that answers 550: no service by e-mail (no retry), the portal decides; an internal record is never served', async () => {
    await verifiedEmail(business.user.businessId!, REJECT);
    await confirmAddresses();
    const notice = await docOf(caseId, 'prior_notice');
    const res = await officer.post(`/api/cases/${caseId}/documents/${notice.id}/serve`);
    expect(res.status, await res.clone().text()).toBe(201);
    const d = await served(caseId, notice.id);
    const rejected = d.channels.find((c) => c.address === REJECT)!;
    expect(rejected).toMatchObject({ status: 'rejected', attempts: 1 });
    const ev = d.events.find((e) => e.kind === 'relay_rejected')!;
    expect(ev.detail).toMatchObject({ responseCode: 550, response: expect.stringContaining('550') });
    const portal = d.events.find((e) => e.kind === 'delivered_to_portal')!;
    expect(d.status).toBe('served');
    expect(new Date(d.servedAt!).toISOString()).toBe(new Date(portal.at).toISOString());
    expect(d.events.find((e) => e.kind === 'service_completed')!.channel).toBe('portal');

    const report = await docOf(caseId, 'filing_report');
    const internal = await officer.post(`/api/cases/${caseId}/documents/${report.id}/serve`);
    expect(internal.status).toBe(409);
    expect(((await internal.json()) as { refusal: { code: string; rule: string } }).refusal).toMatchObject({ code: 'not_served_to_party', rule: expect.stringContaining('第八十七条') });
    // Retries and the dead letter are the queue's settings (core/jobs.ts).
    const q = await t.db.selectFrom('pgboss.queue' as never).selectAll().where('name' as never, '=', 'delivery.send' as never).executeTakeFirstOrThrow() as { retry_limit: number; dead_letter: string };
    expect(q).toMatchObject({ retry_limit: 5, dead_letter: 'delivery.dead' });
  }, 120_000);

  it('other methods with their proof: post (the receipt\'s day, 第九十一条) serves the decision; public notice is deemed served thirty days on (第九十五条); lodging without a witness or photo is refused', async () => {
    const id = await decidedCase();
    const decision = await docOf(id, 'penalty_decision');
    const noWitness = await officer.post(`/api/cases/${id}/documents/${decision.id}/service-methods`, { method: 'lodging', lodgedAt: new Date().toISOString(), place: '婺城区人民医院行政楼', refusalReason: '拒绝签收' });
    expect(noWitness.status).toBe(400);
    expect(JSON.stringify(await noWitness.json())).toContain('witnessName');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await officer.post(`/api/cases/${id}/documents/${decision.id}/service-methods`, { method: 'post', trackingNumber: 'EA123456789CN', carrier: '中国邮政EMS', receivedOn: today, receiptSigner: '王建国' });
    expect(res.status, await res.clone().text()).toBe(201);
    const d = (await res.json()) as Delivery;
    expect(d).toMatchObject({ status: 'served', serviceBasis: '民事诉讼法第九十一条' });
    expect(d.events.map((e) => e.kind)).toEqual(['method_recorded', 'service_completed']);
    const w = await ws(id);
    expect(w.documents.some((x) => x.kind === 'service_certificate' && x.id === d.certificateId)).toBe(true);
    expect(w.clocks.find((k) => k.kind === 'service')!.stoppedAt).not.toBeNull();

    const notice = await docOf(id, 'prior_notice');
    const published = new Date();
    const pub = await officer.post(`/api/cases/${id}/documents/${notice.id}/service-methods`, { method: 'public_notice', publishedAt: published.toISOString(), medium: '金华市婺城区卫生健康局门户网站', reason: '当事人下落不明，经直接送达、邮寄送达均无法送达' });
    expect(pub.status, await pub.clone().text()).toBe(201);
    const p = (await pub.json()) as Delivery;
    expect(p.status).toBe('served');
    const days = (new Date(p.servedAt!).getTime() - published.getTime()) / 86400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(31.1);
  }, 120_000);

  it('a 4xx is retried by the queue and is never service; its dead letter marks it failed and the delivery completes by the portal; with no confirmed address electronic service is refused, nothing recorded', async () => {
    const id = await decidedCase();
    await verifiedEmail(business.user.businessId!, BUSY);
    await confirmAddresses();
    const notice = await docOf(id, 'prior_notice');
    expect((await officer.post(`/api/cases/${id}/documents/${notice.id}/serve`)).status).toBe(201);
    const pending = await waitFor('the busy address to fail once and the others to settle', async () => {
      const d = (await deliveries(id))[0];
      const busy = d?.channels.find((c) => c.address === BUSY);
      return busy && busy.attempts >= 1 && d.channels.filter((c) => c.address !== BUSY).every((c) => c.status !== 'queued') ? d : null;
    });
    const busy = pending.channels.find((c) => c.address === BUSY)!;
    expect(pending.status).toBe('serving');
    expect(busy.status).toBe('queued');
    expect(pending.events.find((e) => e.kind === 'relay_failed')!.detail).toMatchObject({ responseCode: 451, final: false });
    const job = await t.db.selectFrom('pgboss.job' as never).select(['state' as never]).where('name' as never, '=', 'delivery.send' as never).where(sql`data->>'channelId'`, '=', busy.id).executeTakeFirstOrThrow() as { state: string };
    expect(['retry', 'active', 'created']).toContain(job.state);
    // What pg-boss does after the last retry: the job lands in 'delivery.dead'.
    await deliveryDeadWorker(sender)({ channelId: busy.id });
    const done = (await deliveries(id))[0];
    expect(done.channels.find((c) => c.address === BUSY)!.status).toBe('failed');
    expect(done.events.filter((e) => e.kind === 'relay_failed').at(-1)!.detail).toMatchObject({ final: true });
    expect(done).toMatchObject({ status: 'served' });
    expect(done.events.at(-1)).toMatchObject({ kind: 'service_completed', channel: 'portal' });
    expect(done.chain.ok).toBe(true);

    // A confirmation without an e-mail and without the portal (an SMS alone carries no document): refused naming the rule, nothing recorded.
    const sms = await t.db.selectFrom('service_addresses').select('address').where('business_id', '=', business.user.businessId!).where('status', '=', 'verified').where('method', '=', 'sms').execute();
    if (sms.length) await confirmAddresses({ only: sms.map((s) => s.address), portal: false });
    else {
      // No SMS proven: keep only the portal, and take the business's accounts away.
      await confirmAddresses({ only: [], portal: true });
    }
    const admin = await api.login('admin');
    expect((await admin.post(`/api/admin/users/${business.user.id}/disable`, { reason: '测试：无平台账号' })).status).toBe(200);
    const decision = await docOf(id, 'penalty_decision');
    const before = (await deliveries(id)).length;
    const refused = await officer.post(`/api/cases/${id}/documents/${decision.id}/serve`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { refusal: { code: string; rule: string } }).refusal).toMatchObject({ code: 'no_confirmed_address', rule: expect.stringContaining('第九十条第一款') });
    expect((await deliveries(id)).length).toBe(before);
    expect((await admin.post(`/api/admin/users/${business.user.id}/enable`, { reason: '测试结束' })).status).toBe(200);
  }, 120_000);

  it('a proven address the business did not confirm is not served to (行政处罚法第六十一条第二款: only what the signed confirmation names)', async () => {
    // A fresh session: the test before took the business's account away and back (its sessions ended).
    business = await api.login('biz.hosp');
    const id = await decidedCase();
    await confirmAddresses();
    await verifiedEmail(business.user.businessId!, 'unconfirmed@hosp.example.cn');
    const notice = await docOf(id, 'prior_notice');
    const res = await officer.post(`/api/cases/${id}/documents/${notice.id}/serve`);
    expect(res.status, await res.clone().text()).toBe(201);
    const d = (await res.json()) as Delivery;
    expect(d.channels.map((c) => c.address)).not.toContain('unconfirmed@hosp.example.cn');
    expect(d.channels.map((c) => c.channel)).toContain('portal');
  }, 120_000);

  it('the registry matches the ledger; delivery events cannot be changed', async () => {
    expect((await checkEntities(t.admin)).problems).toEqual([]);
    const e = await t.db.selectFrom('delivery_events').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(t.db.updateTable('delivery_events').set({ at: new Date() }).where('id', '=', e.id).execute()).rejects.toThrow(/never changed/);
  });
});

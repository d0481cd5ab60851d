import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigner } from '../../core/ledger/signer.js';
import { createLogger } from '../../core/log.js';
import { createSealer, type Sealer } from '../../core/ledger/sealer.js';
import { caseRepository } from '../../api/cases/case.repository.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { appendLedger } from '../../core/ledger/append.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { Session, createTestApi, type TestApi } from '../support/api-client.js';
import { createFakeDocuments } from '../support/fake-documents.js';
import { insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 14 items 4–5 against a real PostgreSQL (documents faked): a decided case → served →
// paid late (the late fee) → closing refused naming what is missing, then closed with its
// 结案报告 → the archivist's queue → archived with its label → every write refused naming the
// rule, every read logged.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let sealer: Sealer;
const docs = createFakeDocuments();
let officer: Session;
let officer2: Session;
let manager: Session;
let archivist: Session;
let admin: Session;
let deviceId: string;
let flagId: string;

type Gap = { item: string; zh: string; rule: string };
type Workspace = {
  case: { id: string; state: string; version: number; archivedAt: string | null };
  timeline: { kind: string; documents: { id: string; kind: string; number: string | null }[] }[];
  documents: { id: string; kind: string }[];
  clocks: { kind: string; dueAt: string | null; stoppedAt: string | null; secondsLeft: number | null; basis: string; overdue: boolean }[];
  payment: { dueAt: string | null; servedAt: string | null; paidYuan: string; owedYuan: string; settled: boolean; lateFee: { days: number; yuan: string; basis: string }; entries: { kind: string; amountYuan: string | null; file: { link: string } | null }[] } | null;
  closing: { missing: Gap[] } | null;
  archive: { archiveNo: string; destroyFrom: string | null; retentionClass: string; label: Record<string, unknown>; reads: { who: string; what: string }[] } | null;
  archiving: { suggested: string; canArchive: boolean } | null;
};
type Refusal = { code: string; refusal?: { code: string; rule: string; message: string; missing?: Gap[] }; issues?: { path: string[] }[] };

async function loginWith(username: string, password: string) {
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, body.user);
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-closing-'));
  // The export of an archived case seals the ledger first: this process's sealer.
  sealer = createSealer({ db: t.db, log: createLogger('silent'), signer: loadOrCreateSigner(path.join(dir, 'ledger-keys')), intervalMs: 50, checkpointIntervalMs: 200, checkpointEveryEntries: 1_000_000 });
  api = await createTestApi(t, { documents: docs.service, blobs: createFsBlobStore(path.join(dir, 'blobs')), ledgerSealer: sealer });
  officer = await api.login('officer.wc');
  manager = await api.login('manager.jh');
  archivist = await api.login('archivist.jh');
  admin = await api.login('admin');
  const made = await admin.post('/api/admin/users', { username: 'officer.wc2', displayName: '李娜(婺城执法)', role: 'officer', agencyId: officer.user.agencyId, certificateNo: '浙卫执字第20261号' });
  expect(made.status).toBe(201);
  officer2 = await loginWith('officer.wc2', ((await made.json()) as { oneTimePassword: string }).oneTimePassword);
  deviceId = (await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await sealer?.stop();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const ws = async (s: Session, id: string) => (await (await s.get(`/api/cases/${id}`)).json()) as Workspace;
const version = async (id: string) => (await t.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
const stage = async (s: Session, id: string, body: Record<string, unknown>) => s.post(`/api/cases/${id}/stages`, { expectedVersion: await version(id), ...body });
const ok = async (s: Session, id: string, body: Record<string, unknown>) => {
  const res = await stage(s, id, body);
  expect(res.status, `${String(body.kind)}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as Workspace;
};
const two = () => [officer.user.id, officer2.user.id];

/** A case from a confirmed flag, decided by the head with a fine of ¥2,000. */
async function decided(): Promise<string> {
  // The flag's annotated snapshot is evidence of the case (its reads are logged once the case is archived).
  const snap = await createFsBlobStore(path.join(dir, 'blobs')).put(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`snapshot ${Math.random()}`)]), 'image/jpeg');
  await t.db.transaction().execute((trx) => recordBlob(trx, { ...snap, mediaType: 'image/jpeg' }));
  const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, snapshot_sha256: snap.sha256 }]);
  flagId = flag.id;
  await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const res = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '涉嫌未按规定开展消毒工作', category: '医', investigatorIds: two(), summary: '非现场监管设备发现操作间遮挡摄像头' });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = ((await res.json()) as Workspace).case.id;
  const w = (await (await officer.get(`/api/cases/${id}`)).json()) as { evidence: { id: string; version: number }[] };
  for (const e of w.evidence) {
    const checklist = Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }]));
    expect((await officer.request('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist, expectedVersion: e.version })).status).toBe(200);
  }
  await ok(officer, id, { kind: 'filing', fields: { report: '经审查证据符合立案标准，建议立案。' } });
  await ok(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  await ok(officer, id, { kind: 'inquiry', officerIds: two(), participants: [{ name: '王建国', role: '被询问人' }], fields: { subject: '王建国', record: '问：……答：……' } });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: '当事人遮挡监控设备……', evidenceSummary: '视频、截图、询问笔录', proposal: '罚款2000元' } });
  await ok(officer, id, { kind: 'panel_discussion', participants: [{ name: '张伟', role: '合议人员' }, { name: '李娜', role: '合议人员' }, { name: '赵敏', role: '合议人员' }], fields: { opinion: '建议罚款2000元' } });
  await ok(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty: { kinds: ['fine'], fineYuan: 2000 } } });
  await ok(officer, id, { kind: 'prior_notice', fields: { facts: '……', legalBasis: '《消毒管理办法》第四十一条', penalty: { kinds: ['fine'], fineYuan: 2000 }, hearingRight: false } });
  await ok(officer, id, { kind: 'statement', fields: { waived: true, hearingWaived: true } });
  await ok(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 2000 }, facts: '……', legalBasis: '《消毒管理办法》第四十一条' } });
  return id;
}

/** What the delivery module (issue 14 item 2) leaves when the decision is served: its `service` clock, stopped at service. */
async function served(id: string, at: Date) {
  const decision = await t.db.selectFrom('case_stages').select('id').where('case_id', '=', id).where('kind', '=', 'decision').executeTakeFirstOrThrow();
  const row = await t.db
    .insertInto('case_clocks')
    .values({ case_id: id, kind: 'service' as never, amount: 7, unit: 'working_days', basis: '行政处罚法第六十一条', started_at: new Date(at.getTime() - 3600_000), started_by: decision.id, stopped_at: at, stopped_by: null, due_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendLedger(t.db, { actor: { type: 'system', id: 'delivery' }, action: 'case_clock.stopped', entityType: 'case_clock', entityId: row.id, state: row });
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('receipt')]);

describe('a decided case through payment, closing and the archive (issue 14 items 4–5)', () => {
  let id: string;

  it('closing is refused naming every missing item (service, payment), nothing changed, ledgered', async () => {
    id = await decided();
    const w = await ws(officer, id);
    expect(w.payment).toMatchObject({ servedAt: null, dueAt: null, settled: false });
    expect(w.closing!.missing.map((g) => g.item)).toEqual(['service', 'payment']);
    const before = await version(id);
    const res = await stage(officer, id, { kind: 'closing', fields: { summary: '罚款已缴纳', outcome: '处罚决定已履行完毕' } });
    expect(res.status).toBe(409);
    const body = (await res.json()) as Refusal;
    expect(body.refusal).toMatchObject({ code: 'closing_incomplete', rule: '001第二十二条第（二）项' });
    expect(body.refusal!.message).toContain('决定书送达（送达回证）');
    expect(body.refusal!.missing).toEqual([expect.objectContaining({ item: 'service', rule: '行政处罚法第六十一条；003第十四条' }), expect.objectContaining({ item: 'payment' })]);
    expect(await version(id)).toBe(before);
    const denial = await t.db.selectFrom('ledger_entries').select('context').where('entity_id', '=', id).where('action', '=', 'case.refused').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(denial.context).toMatchObject({ attempted: 'closing', code: 'closing_incomplete' });
    // No reminder before service either (行政处罚法 art. 67 ¶3).
    const rem = await stage(officer, id, { kind: 'reminder', fields: { performWithinDays: 10, method: '银行缴款' } });
    expect(((await rem.json()) as Refusal).refusal).toMatchObject({ code: 'decision_not_served' });
  });

  it('served 20 days ago: due after 15 days; paid 5 days late, the late fee is 3 % a day of the fine (art. 72) and owed besides', async () => {
    await served(id, new Date(Date.now() - 20 * 86400_000));
    const w = await ws(officer, id);
    expect(w.payment!.dueAt).not.toBeNull();
    expect(w.clocks.find((c) => c.kind === 'payment')).toMatchObject({ basis: '行政处罚法第六十七条第三款', overdue: true });
    // A receipt's file: only JPEG, PNG or PDF.
    expect((await officer.upload(`/api/cases/${id}/payment-files`, Buffer.from('not a picture'), 'image/png')).status).toBe(400);
    const up = await officer.upload(`/api/cases/${id}/payment-files?filename=receipt.png`, PNG, 'image/png');
    expect(up.status).toBe(201);
    const file = (await up.json()) as { sha256: string };
    // A date in the future is refused naming the field.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const future = await officer.post(`/api/cases/${id}/payments`, { kind: 'paid', amountYuan: 2000, paidOn: '2099-01-01', reference: 'ICBC-20261204-001', expectedVersion: await version(id) });
    expect(future.status).toBe(400);
    expect(((await future.json()) as Refusal).issues![0].path).toEqual(['paidOn']);
    // The fine is paid today; five days late (the due day is the 15th after service).
    const paid = await officer.post(`/api/cases/${id}/payments`, { kind: 'paid', amountYuan: 2000, paidOn: today, reference: 'ICBC-20261204-001', fileSha256: file.sha256, fileName: 'receipt.png', expectedVersion: await version(id) });
    expect(paid.status, await paid.clone().text()).toBe(201);
    const p = ((await paid.json()) as Workspace).payment!;
    expect(p.lateFee).toMatchObject({ days: 5, yuan: '300', basis: '行政处罚法第七十二条第一款第（一）项' });
    expect(p).toMatchObject({ paidYuan: '2000', owedYuan: '300', settled: false });
    expect((await ws(officer, id)).closing!.missing.map((g) => g.item)).toEqual(['payment']);
    const fee = await officer.post(`/api/cases/${id}/payments`, { kind: 'paid', amountYuan: '300.00', paidOn: today, reference: 'ICBC-20261204-002', expectedVersion: await version(id) });
    expect(fee.status).toBe(201);
    const settled = (await fee.json()) as Workspace;
    expect(settled.payment).toMatchObject({ owedYuan: '0', settled: true });
    expect(settled.closing!.missing).toEqual([]);
    const ledgered = await t.db.selectFrom('ledger_entries').select('action').where('entity_type', '=', 'case_payment').execute();
    expect(ledgered.filter((e) => e.action === 'case_payment.recorded')).toHaveLength(2);
    // The receipt is served back as uploaded.
    const receipt = await officer.get(settled.payment!.entries[0].file!.link);
    expect(receipt.status).toBe(200);
    expect(Buffer.from(await receipt.arrayBuffer()).equals(PNG)).toBe(true);
    const payment = await t.db.selectFrom('case_payments').select('id').where('case_id', '=', id).where('file_sha256', 'is not', null).executeTakeFirstOrThrow();
    expect(await servedRead(t.db, receipt)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'payment_receipt', record_id: payment.id, sha256: createHash('sha256').update(PNG).digest('hex'), case_id: id, bytes: String(PNG.length), user_id: officer.user.id });
  });

  it('closed with its 结案报告; the archive clock runs 30 days (003 §22) and counts in the overdue figures once it runs out', async () => {
    const w = await ok(officer, id, { kind: 'closing', fields: { summary: '罚款及加处罚款已缴清', outcome: '处罚决定已履行完毕' } });
    expect(w.case.state).toBe('closed');
    expect(w.timeline.at(-1)!.documents.map((d) => d.kind)).toEqual(['closing_report']);
    const clock = w.clocks.find((c) => c.kind === 'archive')!;
    expect(clock).toMatchObject({ basis: '003第二十二条', stoppedAt: null });
    expect(new Date(clock.dueAt!).getTime() - Date.now()).toBeGreaterThan(29 * 86400_000);
    expect(w.archiving).toMatchObject({ suggested: 'years30', canArchive: false });
    const scope = { kind: 'agency' as const, path: (await t.db.selectFrom('agencies').select('path').where('id', '=', officer.user.agencyId!).executeTakeFirstOrThrow()).path };
    const overdueNow = (await caseRepository.counts(t.db, scope, new Date())).find((r) => r.state === 'closed');
    const overdueLater = (await caseRepository.counts(t.db, scope, new Date(Date.now() + 32 * 86400_000))).find((r) => r.state === 'closed');
    expect(Number(overdueLater!.overdue)).toBe(Number(overdueNow!.overdue) + 1);
  });

  it('the archivist’s queue lists it; only the archivist archives; the label carries number, party, matter, officers, class and destruction date', async () => {
    expect((await officer.get('/api/cases/archive-queue')).status).toBe(403);
    const queue = (await (await archivist.get('/api/cases/archive-queue')).json()) as { items: { id: string; dueAt: string | null; secondsLeft: number }[] };
    expect(queue.items.find((i) => i.id === id)).toMatchObject({ dueAt: expect.any(String) });
    expect((await officer.post(`/api/cases/${id}/archive`, { retentionClass: 'years30', expectedVersion: await version(id) })).status).toBe(403);
    const res = await archivist.post(`/api/cases/${id}/archive`, { retentionClass: 'years30', expectedVersion: await version(id) });
    expect(res.status, await res.clone().text()).toBe(200);
    const w = (await res.json()) as Workspace;
    expect(w.case.archivedAt).not.toBeNull();
    expect(w.archive).toMatchObject({ archiveNo: expect.stringMatching(/卫档〔\d{4}〕1号$/), retentionClass: 'years30', destroyFrom: expect.stringMatching(/^\d{4}-01-01$/) });
    expect(w.archive!.label).toMatchObject({ party: { name: '婺城区人民医院' }, matter: '涉嫌未按规定开展消毒工作', decisionNo: expect.stringMatching(/罚〔2026〕\d+号$/), retentionZh: '定期30年', officers: expect.arrayContaining([expect.objectContaining({ certificateNo: expect.any(String) })]) });
    expect(w.clocks.find((c) => c.kind === 'archive')!.stoppedAt).not.toBeNull();
    expect(((await (await archivist.get('/api/cases/archive-queue')).json()) as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(id);
  });

  it('archived: every write is refused naming the rule, nothing changes; the database refuses too', async () => {
    const before = await version(id);
    const again = await archivist.post(`/api/cases/${id}/archive`, { retentionClass: 'permanent', expectedVersion: before });
    expect(((await again.json()) as Refusal).refusal).toMatchObject({ code: 'already_archived' });
    for (const res of [
      await stage(officer, id, { kind: 'closing', fields: { summary: '补充' } }),
      await officer.post(`/api/cases/${id}/payments`, { kind: 'paid', amountYuan: 1, paidOn: '2026-12-01', reference: 'x', expectedVersion: before }),
      await officer.post(`/api/cases/${id}/evidence`, { title: '补充材料', description: '……' }),
      await officer.post(`/api/cases/${id}/extensions`, { clock: 'decision', amount: 1, reason: 'x', expectedVersion: before }),
    ]) {
      const body = (await res.json()) as Refusal;
      expect(res.status).toBe(409);
      expect(body.refusal).toMatchObject({ code: 'case_archived', rule: '003第二十二条；001第二十四条' });
    }
    expect(await version(id)).toBe(before);
    const refused = await t.db.selectFrom('ledger_entries').select('context').where('entity_id', '=', id).where('action', '=', 'case.refused').execute();
    expect(refused.filter((r) => (r.context as { code?: string }).code === 'case_archived')).toHaveLength(4);
    await expect(t.db.insertInto('case_stages').values({ case_id: id, seq: 99, kind: 'closing', actor_id: officer.user.id, officers: '[]', participants: '[]', fields: '{}', evidence_ids: '[]', media: '[]', from_state: 'closed', to_state: 'closed', at: new Date() }).execute()).rejects.toThrow(/archived/);
    await expect(t.db.updateTable('cases').set({ cause: '改' }).where('id', '=', id).execute()).rejects.toThrow(/archived/);
  });

  it('every later read (workspace, document, evidence) is logged: who, when, what; the archivist and the auditor see the reads', async () => {
    const w = await ws(manager, id);
    const doc = w.documents.find((d) => d.kind === 'penalty_decision')!;
    expect((await manager.get(`/api/documents/${doc.id}`)).status).toBe(200);
    expect((await manager.get(`/api/flags/${flagId}/snapshot.jpg`)).status).toBe(200);
    const reads = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context', 'recorded_at']).where('entity_id', '=', id).where('action', '=', 'case_archive.read').orderBy('id').execute();
    expect(reads.map((r) => [r.actor_id, (r.context as { what: string }).what])).toEqual([
      [archivist.user.id, 'workspace'], // the archive's own answer shows the case
      [manager.user.id, 'workspace'],
      [manager.user.id, 'document'],
      [manager.user.id, 'evidence_snapshot'],
    ]);
    const seen = await ws(archivist, id);
    expect(seen.archive!.reads.map((r) => r.what)).toEqual(['workspace', 'evidence_snapshot', 'document', 'workspace', 'workspace']);
    const auditor = await api.login('auditor.zj');
    const audit = (await (await auditor.get('/api/audit/entries?kind=access')).json()) as { items: { action: string; reason: string | null }[] };
    expect(audit.items.find((i) => i.action === 'case_archive.read')).toMatchObject({ reason: expect.stringContaining('查阅已归档案卷') });
    // Exporting the archived case file is a read too, logged before the bytes leave.
    const exported = await archivist.get(`/api/cases/${id}/export`);
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const last = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('entity_id', '=', id).where('action', '=', 'case_archive.read').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect([last.actor_id, (last.context as { what: string }).what]).toEqual([archivist.user.id, 'export']);
  });

  it('unpaid: "not paid" recorded once the period ran out; the reminder (with the service date and the sum owed) starts the court window; enforcement waits; a full payment ends both clocks', async () => {
    const other = await decided();
    // Before service, "not paid" has no period to have run out.
    const early = await officer.post(`/api/cases/${other}/payments`, { kind: 'not_paid', expectedVersion: await version(other) });
    expect(((await early.json()) as Refusal).refusal).toMatchObject({ code: 'decision_not_served' });
    await served(other, new Date(Date.now() - 20 * 86400_000));
    expect((await officer.post(`/api/cases/${other}/payments`, { kind: 'not_paid', note: '逾期未缴纳', expectedVersion: await version(other) })).status).toBe(201);
    const reminded = await ok(officer, other, { kind: 'reminder', fields: { performWithinDays: 10, method: '至指定银行缴纳' } });
    const rem = reminded.timeline.at(-1)! as unknown as { kind: string; fields: Record<string, unknown> };
    expect(rem.fields).toMatchObject({ servedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), amountDueYuan: '2300' });
    const court = reminded.clocks.find((c) => c.kind === 'court_application')!;
    expect(court).toMatchObject({ basis: '行政强制法第五十三条', stoppedAt: null });
    // Six months to sue, then three to apply: about nine months after service.
    expect(new Date(court.dueAt!).getTime() - Date.now()).toBeGreaterThan(240 * 86400_000);
    const enforce = await stage(manager, other, { kind: 'enforcement', fields: { method: '申请人民法院强制执行' } });
    expect(((await enforce.json()) as Refusal).refusal).toMatchObject({ code: 'limit_not_reached', rule: '行政强制法第三十七条' });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const paid = await officer.post(`/api/cases/${other}/payments`, { kind: 'paid', amountYuan: '2300', paidOn: today, reference: '工行-20261204-09', expectedVersion: await version(other) });
    expect(paid.status).toBe(201);
    const after = (await paid.json()) as Workspace;
    expect(after.payment).toMatchObject({ settled: true });
    expect(after.clocks.filter((c) => c.kind === 'court_application' || c.kind === 'reminder').every((c) => c.stoppedAt !== null)).toBe(true);
  });

  it('a case the head refuses to file ends there too: its archive clock runs and the archivist archives it', async () => {
    const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id }]);
    await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
    const res = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '涉嫌未按规定公示', category: '医', investigatorIds: two(), summary: '非现场监管发现' });
    const nf = ((await res.json()) as Workspace).case.id;
    const w = (await (await officer.get(`/api/cases/${nf}`)).json()) as { evidence: { id: string; version: number }[] };
    for (const e of w.evidence) await officer.request('PUT', `/api/cases/${nf}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version });
    await ok(officer, nf, { kind: 'filing', fields: { report: '建议立案' } });
    const refused = await ok(manager, nf, { kind: 'filing_refusal', fields: { reason: '违法事实不成立' } });
    expect(refused.case.state).toBe('not_filed');
    expect(refused.clocks.find((c) => c.kind === 'archive')).toMatchObject({ basis: '003第二十二条', stoppedAt: null });
    const queue = (await (await archivist.get('/api/cases/archive-queue')).json()) as { items: { id: string; closedAt: string | null }[] };
    expect(queue.items.find((i) => i.id === nf)?.closedAt).toEqual(expect.any(String));
    const archived = await archivist.post(`/api/cases/${nf}/archive`, { retentionClass: 'years10', expectedVersion: await version(nf) });
    expect(archived.status, await archived.clone().text()).toBe(200);
    expect(((await archived.json()) as Workspace).archive).toMatchObject({ retentionClass: 'years10' });
  });

  it('every row matches its ledger entry (checkEntities clean)', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems).toEqual([]);
  });
});

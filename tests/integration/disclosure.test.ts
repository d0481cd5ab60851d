import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationRequester } from '../../api/disclosure/disclosure.api.js';
import { createPublicationRepository } from '../../api/disclosure/publication.repository.js';
import { createWithdrawalNotices } from '../../api/disclosure/withdrawal-notices.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createFakeDocuments } from '../support/fake-documents.js';
import { insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 16 item 5 against a real PostgreSQL (documents faked): a decided case → a masked draft →
// nothing public before the head approves → an unmasked name refused with its spans → approval by
// another unit's head and by the requester refused → published → the public API lists it masked →
// the decision revoked, the withdrawal due in three working days, told and escalated once → withdrawn
// with its reason, which the public page shows; and the public register of monitoring devices.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: () => Promise<void>;
let officer: Session;
let officer2: Session;
let head: Session;
let headJd: Session;
let admin: Session;
let biz: Session;
let caseId: string;

type View = { id: string; publicRef: string; status: string; title: string; body: string; partyName: string; documentNumber: string | null; version: number; withdrawal: { state: string; dueAt: string | null; reason: string | null }; change: { kind: string } | null };
type Err = { code: string; message: string; refusal?: { code: string; rule: string }; issues?: { path: string[]; code: string; params: { kind: string; start: number; end: number; text: string } }[] };

async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}
const anon = (p: string) => api.app.request(p);
const ledgerOf = async (id: string) => (await t.db.selectFrom('ledger_entries').select('action').where('entity_type', '=', 'publication').where('entity_id', '=', id).orderBy('id').execute()).map((e) => e.action);
const row = (id: string) => t.db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function newManager(username: string, agencyCode: string) {
  const agency = await t.db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
  const created = await json<{ oneTimePassword: string }>(await admin.post('/api/admin/users', { username, displayName: username, role: 'manager', agencyId: agency.id }), 201);
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: created.oneTimePassword }) });
  const b = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], b.csrfToken, b.user);
}

const version = async (id: string) => (await t.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
const ok = async (s: Session, id: string, body: Record<string, unknown>) => json(await s.post(`/api/cases/${id}/stages`, { expectedVersion: await version(id), ...body }), 200);

/** A case from a confirmed flag of the hospital, decided by the head with a fine of ¥2,000; a person (王建国, the hospital's contact) was questioned. */
async function decidedCase(): Promise<string> {
  const device = await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
  const [flag] = await insertFlags(t.db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id }]);
  await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const two = [officer.user.id, officer2.user.id];
  const filed = await json<{ case: { id: string } }>(await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: two, summary: '非现场监管设备发现操作间遮挡摄像头' }), 201);
  const id = filed.case.id;
  const w = await json<{ evidence: { id: string; version: number }[] }>(await officer.get(`/api/cases/${id}`), 200);
  for (const e of w.evidence) await json(await officer.request('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version }), 200);
  await ok(officer, id, { kind: 'filing', fields: { report: '经审查证据符合立案标准，建议立案。' } });
  await ok(head, id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  await ok(officer, id, { kind: 'inquiry', officerIds: two, participants: [{ name: '刘小红', role: '被询问人' }], fields: { subject: '刘小红', record: '问：……答：……' } });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: '当事人遮挡监控设备', evidenceSummary: '视频、截图、询问笔录', proposal: '罚款2000元' } });
  await ok(officer, id, { kind: 'panel_discussion', participants: [{ name: '张伟', role: '合议人员' }, { name: '李娜', role: '合议人员' }, { name: '赵敏', role: '合议人员' }], fields: { opinion: '建议罚款2000元' } });
  await ok(head, id, { kind: 'approval', fields: { opinion: '同意', penalty: { kinds: ['fine'], fineYuan: 2000 } } });
  await ok(officer, id, { kind: 'prior_notice', fields: { facts: '……', legalBasis: '《消毒管理办法》第四十一条', penalty: { kinds: ['fine'], fineYuan: 2000 }, hearingRight: false } });
  await ok(officer, id, { kind: 'statement', fields: { waived: true, hearingWaived: true } });
  const facts = '2026年9月21日，当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒；负责人王建国（电话13812345678）在场，被询问人刘小红证实。';
  await ok(head, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 2000 }, facts, violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], legalBasis: '《消毒管理办法》第四十一条' } });
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-disclosure-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { documents: createFakeDocuments().service, blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: mail.notifier, mailCaptured: true });
  officer = await api.login('officer.wc');
  officer2 = await api.login('officer2.wc');
  head = await api.login('manager.jh');
  admin = await api.login('admin');
  biz = await api.login('biz.hosp');
  headJd = await newManager('manager.jd', '330703');
  caseId = await decidedCase();
}, 120_000);
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('publication of a penalty decision (行政处罚法第四十八条; 004 附表2)', () => {
  let p: View;

  it('composes a masked draft from the decided case: the organisation named, individuals masked', async () => {
    p = await json<View>(await officer.post('/api/publications/from-case', { caseId }), 201);
    expect(p.status).toBe('draft');
    expect(p.partyName).toBe('婺城区人民医院');
    expect(p.documentNumber).toMatch(/^婺卫医罚〔2026〕\d+号$/);
    expect(p.body).toContain(`行政处罚决定书文号：${p.documentNumber}`);
    expect(p.body).toContain('被处罚人：婺城区人民医院');
    expect(p.body).toContain('负责人王某（电话138****5678）在场，被询问人刘某证实');
    expect(p.body).toContain('处罚依据：《消毒管理办法》第四十一条');
    expect(p.body).not.toMatch(/王建国|刘小红|13812345678/);
    expect(await ledgerOf(p.id)).toEqual(['publication.drafted']);
    // One live publication per decision.
    expect((await json<Err>(await officer.post('/api/publications/from-case', { caseId }), 409)).refusal?.code).toBe('already_live');
  });

  it('is not public before approval, and cannot be approved without being asked for', async () => {
    expect((await anon(`/api/public/publications/${p.publicRef}`)).status).toBe(404);
    expect((await json<{ total: number }>(await anon('/api/public/publications'), 200)).total).toBe(0);
    const refused = await json<Err>(await head.post(`/api/publications/${p.id}/decision`, { decision: 'approve' }), 409);
    expect(refused.refusal).toMatchObject({ code: 'not_requested' });
    expect(refused.message).toContain('未经申请并由负责人审定的信息不得公开');
    expect((await row(p.id)).status).toBe('draft');
  });

  it('refuses an edit that puts an individual’s name back, naming the spans; nothing changed', async () => {
    const before = await row(p.id);
    const body = `${p.body}\n联系人王建国，身份证号11010519491231002X。`;
    const err = await json<Err>(await officer.patch(`/api/publications/${p.id}`, { body }), 400);
    expect(err.refusal?.code).toBe('unmasked');
    const spans = err.issues!.map((i) => i.params);
    expect(spans.map((s) => [s.kind, s.text])).toEqual([
      ['name', '王建国'],
      ['id_number', '11010519491231002X'],
    ]);
    expect(body.slice(spans[0].start, spans[0].end)).toBe('王建国');
    expect((await row(p.id)).version).toBe(before.version);
    // Asked to mask, the same edit goes through masked; a marked trade secret is masked too.
    const masked = await json<View>(await officer.patch(`/api/publications/${p.id}`, { body: `${p.body}\n联系人王建国使用配方A-17。`, secrets: ['配方A-17'], applyMask: true }), 200);
    expect(masked.body).toContain('联系人王某使用（涉及商业秘密，不予公开）。');
  });

  it('is asked for; the head of another unit and the requester himself may not approve it', async () => {
    p = await json<View>(await officer.post(`/api/publications/${p.id}/request`), 200);
    expect(p.status).toBe('requested');
    expect((await officer.post(`/api/publications/${p.id}/decision`, { decision: 'approve' })).status).toBe(403);
    expect((await json<Err>(await headJd.post(`/api/publications/${p.id}/decision`, { decision: 'approve' }), 403)).refusal?.code).toBe('not_owning_unit');

    // An inspection result asked through the port by the head himself: masked, waiting — and not his to approve.
    const port = publicationRequester(t.db);
    const hosp = await t.db.selectFrom('businesses').select(['id', 'agency_id']).where('id', '=', biz.user.businessId!).executeTakeFirstOrThrow();
    const { id } = await port({ kind: 'inspection_result', sourceId: crypto.randomUUID(), agencyId: hosp.agency_id, businessId: hosp.id, title: '婺城区人民医院双随机抽查结果', body: '检查人员在王建国（13812345678）陪同下检查，未发现问题。', requestedBy: head.user.id });
    const asked = await row(id);
    expect(asked).toMatchObject({ status: 'requested', party_name: '婺城区人民医院', body: '检查人员在王某（138****5678）陪同下检查，未发现问题。' });
    expect((await json<Err>(await head.post(`/api/publications/${id}/decision`, { decision: 'approve' }), 403)).refusal?.code).toBe('self_approval');
    expect((await row(id)).status).toBe('requested');
  });

  it('re-checks the final text the head gives: an unmasked name refused with its span', async () => {
    const err = await json<Err>(await head.post(`/api/publications/${p.id}/decision`, { decision: 'approve', body: `${p.body}\n刘小红` }), 400);
    expect(err.issues!.map((i) => i.params.text)).toEqual(['刘小红']);
    expect((await row(p.id)).status).toBe('requested');
  });

  it('published by the head: the public API lists it masked, with no internal ids, cached', async () => {
    p = await json<View>(await head.post(`/api/publications/${p.id}/decision`, { decision: 'approve', opinion: '同意公开' }), 200);
    expect(p.status).toBe('published');
    const res = await anon('/api/public/publications?q=婺城区人民医院');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const list = await json<{ total: number; items: { ref: string; title: string; withdrawn: boolean }[] }>(res, 200);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ ref: p.publicRef, title: '婺城区人民医院未按规定开展消毒工作行政处罚决定信息', withdrawn: false });
    const text = JSON.stringify(list);
    expect(text).not.toContain(p.id);
    expect(text).not.toContain(caseId);
    expect((await json<{ total: number }>(await anon('/api/public/publications?region=330703'), 200)).total).toBe(0);
    expect((await json<{ total: number }>(await anon('/api/public/publications?region=330700'), 200)).total).toBe(1);
    const detail = await json<{ body: string; withdrawn: boolean }>(await anon(`/api/public/publications/${p.publicRef}`), 200);
    expect(detail.body).toContain('王某');
    expect(detail.body).not.toContain('王建国');
    expect((await anon('/api/public/publications?from=2026-12-09&to=2026-12-01')).status).toBe(400);
  });

  it('the decision revoked: withdrawal due in three working days, told once, escalated once when overdue', async () => {
    const changedAt = new Date();
    p = await json<View>(await officer.post(`/api/publications/${p.id}/change`, { kind: 'revoked', changedAt: changedAt.toISOString(), note: '行政复议决定撤销' }), 200);
    expect(p.withdrawal.state).toBe('due');
    const due = new Date(p.withdrawal.dueAt!);
    // Three working days (行政处罚法 arts. 48 ¶2, 85): the day of the change does not count, so more than two days later.
    expect(due.getTime() - changedAt.getTime()).toBeGreaterThan(2 * 86400_000);
    const due2 = await json<{ items: View[] }>(await head.get('/api/publications?withdrawalDue=1'), 200);
    expect(due2.items.map((i) => i.id)).toEqual([p.id]);
    const notices = createWithdrawalNotices({ db: t.db, repo: createPublicationRepository(t.db), notifier: () => null, log: createLogger('silent') });
    expect(await notices.run(new Date())).toEqual({ due: 1, overdue: 0 });
    expect(await notices.run(new Date())).toEqual({ due: 0, overdue: 0 });
    const late = new Date(due.getTime() + 1);
    expect(await notices.run(late)).toEqual({ due: 0, overdue: 1 });
    expect(await notices.run(late)).toEqual({ due: 0, overdue: 0 });
    const told = await t.db.selectFrom('ledger_entries').select(['action', 'entity_id']).where('action', 'like', 'publication.withdrawal_%_notified').execute();
    expect(told.map((e) => [e.action, e.entity_id])).toEqual([
      ['publication.withdrawal_due_notified', head.user.id],
      ['publication.withdrawal_overdue_notified', head.user.id],
    ]);
  });

  it('withdrawn by the head with the reason; the public page shows 已撤回 with the reason, not the text', async () => {
    expect((await officer.post(`/api/publications/${p.id}/withdraw`, { reason: '处罚决定已被撤销' })).status).toBe(403);
    expect((await json<Err>(await head.post(`/api/publications/${p.id}/withdraw`, { reason: ' ' }), 400)).issues?.[0].path).toEqual(['reason']);
    p = await json<View>(await head.post(`/api/publications/${p.id}/withdraw`, { reason: '该行政处罚决定已被行政复议机关依法撤销' }), 200);
    expect(p.status).toBe('withdrawn');
    expect(p.withdrawal.state).toBe('done');
    const detail = await json<{ withdrawn: boolean; body: string | null; withdrawal: { reason: string; changeKind: string } }>(await anon(`/api/public/publications/${p.publicRef}`), 200);
    expect(detail).toMatchObject({ withdrawn: true, body: null, withdrawal: { reason: '该行政处罚决定已被行政复议机关依法撤销', changeKind: '依法撤销' } });
    const list = await json<{ items: { ref: string; withdrawn: boolean }[] }>(await anon('/api/public/publications'), 200);
    expect(list.items.find((i) => i.ref === p.publicRef)?.withdrawn).toBe(true);
    expect((await json<Err>(await head.post(`/api/publications/${p.id}/withdraw`, { reason: '再次撤回' }), 409)).refusal?.code).toBe('not_published');
    expect(await ledgerOf(p.id)).toEqual(['publication.drafted', 'publication.edited', 'publication.requested', 'publication.published', 'publication.decision_changed', 'publication.withdrawal_due', 'publication.withdrawal_overdue', 'publication.withdrawn']);
  });

  it('keeps every publication row equal to its latest ledger entry', async () => {
    const check = await checkEntities(t.admin);
    expect(check.problems).toEqual([]);
  });
});

describe('the public register of electronic monitoring devices (行政处罚法第四十一条第一款)', () => {
  it('lists a consented device with its business, site, address and what it watches — never its stream or key', async () => {
    const { deviceId, key } = await consentedDevice(t.db, officer, biz);
    const d = await t.db.selectFrom('devices as d').innerJoin('sites as s', 's.id', 'd.site_id').select(['d.name', 'd.points_at', 'd.coverage', 's.address']).where('d.id', '=', deviceId).executeTakeFirstOrThrow();
    const res = await anon('/api/public/devices?q=婺城区人民医院');
    const text = await res.clone().text();
    const page = await json<{ total: number; items: { business: string; device: string; pointsAt: string; coverage: string; address: string; status: string; since: string }[] }>(res, 200);
    expect(page.items.find((i) => i.device === d.name)).toMatchObject({ business: '婺城区人民医院', pointsAt: d.points_at, coverage: d.coverage, address: d.address, status: 'in_use' });
    expect(page.items.every((i) => /^\d{4}-\d{2}-\d{2}$/.test(i.since))).toBe(true);
    expect(text).not.toContain(key);
    expect(text).not.toContain(deviceId);
    expect(text).not.toMatch(/rtmp|\.flv|stream/i);
    // Another region's register does not list it; a device with no consent is not listed at all.
    expect((await json<{ items: { device: string }[] }>(await anon('/api/public/devices?region=330703'), 200)).items.some((i) => i.device === d.name)).toBe(false);
    expect((await json<{ total: number }>(await anon('/api/public/devices?q=江滨宾馆'), 200)).total).toBe(0);
  });
});

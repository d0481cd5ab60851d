import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner, type LedgerSigner } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { createLogger } from '../../core/log.js';
import { createAgencySeal } from '../../core/seal/create-agency-seal.js';
import { Session, createTestApi, type TestApi } from '../support/api-client.js';
import { insertFlags } from '../support/review-flags.js';
import { poppler } from '../support/seal-pdf.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 13: case stages issue their real documents — the template's own fields made from the
// case, the party, the evidence, the earlier stages and the agency's settings — through the
// platform's document service and the agency's seal (no fake): numbered, stored, hashed,
// ledgered, signed; and a stage whose document lacks a field is refused with nothing recorded.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let signer: LedgerSigner;
let officer: Session;
let officer2: Session;
let manager: Session;
let admin: Session;
let deviceId: string;

type Workspace = { case: { id: string; state: string; version: number }; evidence: { id: string; version: number }[]; timeline: { kind: string; documents: { kind: string; number: string | null; sha256: string }[] }[] };
type Problem = { code: string; issues?: { path: (string | number)[]; message: string }[]; refusal?: { code: string; rule: string } };

const SETTINGS = {
  reconsiderationBody: '金华市婺城区人民政府',
  court: '金华市婺城区人民法院',
  paymentPayee: '金华市婺城区财政局非税收入汇缴结算户（中国农业银行金华婺城支行代收）',
  paymentAccount: '19610101040012345',
  paymentChannel: '持《浙江省非税收入缴款通知书》到代收银行缴纳，或通过浙江政务服务网统一公共支付平台在线缴纳',
  contactAddress: '金华市婺城区宾虹路500号卫生监督所301室',
  contactPhone: '0579-82468135',
  largeAmountPersonFen: 500_000,
  largeAmountOrganisationFen: 5_000_000,
  statementDays: 3,
};
const FACTS = '2026年9月21日，本机关非现场监管设备记录到当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';
const VIOLATED = ['《消毒管理办法》第四条'];
const BASIS = ['《消毒管理办法》第四十一条'];
const NUMBER = /^婺卫医罚〔\d{4}〕(\d+)号$/;

async function loginWith(username: string, password: string) {
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, body.user);
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-case-docs-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  signer = loadOrCreateSigner(path.join(dir, 'ledger-keys'));
  const seal = createAgencySeal({ keysDir: path.join(dir, 'keys'), db: t.db, log: createLogger('silent') });
  api = await createTestApi(t, { blobs, seal });
  officer = await api.login('officer.wc');
  manager = await api.login('manager.jh');
  admin = await api.login('admin');
  const made = await admin.post('/api/admin/users', { username: 'officer.wc2', displayName: '李娜', role: 'officer', agencyId: officer.user.agencyId, certificateNo: '浙卫执字第20261号' });
  expect(made.status).toBe(201);
  officer2 = await loginWith('officer.wc2', ((await made.json()) as { oneTimePassword: string }).oneTimePassword);
  const device = await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.id']).where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow();
  deviceId = device.id;
}, 60_000);
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const ws = async (id: string) => (await (await officer.get(`/api/cases/${id}`)).json()) as Workspace;
const stage = async (s: Session, id: string, body: Record<string, unknown>) => s.post(`/api/cases/${id}/stages`, { expectedVersion: (await ws(id)).case.version, ...body });
async function ok(s: Session, id: string, body: Record<string, unknown>) {
  const res = await stage(s, id, body);
  expect(res.status, `${String(body.kind)}: ${await res.clone().text()}`).toBe(200);
  return (await res.json()) as Workspace;
}
const putSettings = (agencyId: string, body: Record<string, unknown>) => admin.request('PUT', `/api/cases/settings/agencies/${agencyId}/documents`, body);
const penalty = (fineYuan: number) => ({ kinds: ['fine'], fineYuan });
const decision = (fineYuan: number) => ({
  kind: 'decision',
  fields: {
    outcome: 'penalty',
    penalty: penalty(fineYuan),
    facts: FACTS,
    legalBasis: BASIS[0],
    violated: VIOLATED,
    basis: BASIS,
    discretion: '当事人初次违法，及时整改，依照本机关裁量基准属一般情节。',
    correction: { kind: 'order', what: '立即拆除遮挡物，按规定对复用器械进行消毒。' },
    statementReview: '当事人所称设备检修不属于法定从轻情形，维持拟作出的处罚。',
  },
});

/** A confirmed flag on the hospital's camera, filed (with the head's opinion on the acceptance) and brought to the decision point. */
async function toDecisionPoint(fineYuan: number): Promise<string> {
  const ended = new Date(Date.now() - 3600_000);
  const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 20_000), ended_at: ended }]);
  await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const filed = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2.user.id], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理，请按程序报请立案。', headId: manager.user.id });
  expect(filed.status, await filed.clone().text()).toBe(201);
  const id = ((await filed.json()) as Workspace).case.id;
  for (const e of (await ws(id)).evidence) {
    const checklist = Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }]));
    expect((await officer.request('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist, expectedVersion: e.version })).status).toBe(200);
  }
  await ok(officer, id, { kind: 'filing', fields: { report: '经审查，线索证据符合立案条件，建议立案调查。', basis: '当事人涉嫌违反《消毒管理办法》第四条的规定。' } });
  await ok(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案，由张伟、李娜承办。' } });
  const now = new Date();
  await ok(officer, id, {
    kind: 'inquiry',
    officerIds: [officer.user.id, officer2.user.id],
    participants: [{ name: '王建国', role: '法定代表人' }],
    fields: {
      subject: '王建国',
      record: '问答见笔录。',
      place: '婺城区人民医院行政楼会议室',
      time: { from: new Date(now.getTime() - 3600_000).toISOString(), to: now.toISOString() },
      interviewee: { name: '王建国', position: '法定代表人', employer: '婺城区人民医院' },
      rightsExplained: true,
      recusalRequested: false,
      qa: [
        { q: '操作间摄像头为何被遮挡？', a: '设备检修期间临时遮挡，忘记取下。' },
        { q: '遮挡期间复用器械是否按规定消毒？', a: '有部分器械未按流程消毒。' },
      ],
    },
  });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: FACTS, evidenceSummary: '视频、截图、询问笔录', proposal: `建议罚款${fineYuan}元`, violated: VIOLATED, basis: BASIS, penalty: penalty(fineYuan), discretion: '初次违法，及时整改，属一般情节。' } });
  const members = [
    { name: '钱伟', role: '科长' },
    { name: '张伟', role: '承办人' },
    { name: '李娜', role: '承办人' },
  ];
  await ok(officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: `一致同意罚款${fineYuan}元。`, place: '卫生监督所会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: `同意罚款${fineYuan}元。` })) } });
  await ok(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty: penalty(fineYuan) } });
  await ok(officer, id, { kind: 'prior_notice', fields: { facts: FACTS, legalBasis: BASIS[0], violated: VIOLATED, penalty: penalty(fineYuan), hearingRight: false, discretion: '初次违法，及时整改，属一般情节。' } });
  await ok(officer, id, { kind: 'statement', fields: { waived: false, statement: '设备检修期间临时遮挡，请求从轻处理。', hearingWaived: true } });
  return id;
}

const pdfOf = async (sha256: string) => Buffer.concat(await (await blobs.get(sha256)).toArray());
const flat = (s: string) => s.replace(/\s+/g, '');

describe('a general-procedure case issues its real documents (issue 13)', () => {
  it('document settings are the administrator\'s (validated); a filing whose acceptance record lacks the head\'s opinion is refused naming it, nothing recorded', async () => {
    const agencyId = officer.user.agencyId!;
    // The demo seed sets them as the administrator would (a demo case reaches its decision); cleared, one is named as missing.
    const seeded = (await (await admin.get(`/api/cases/settings/agencies/${agencyId}/documents`)).json()) as { missing: string[]; version: number; court: string };
    expect(seeded).toMatchObject({ version: 1, missing: [], court: '金华市婺城区人民法院' });
    const cleared = (await (await putSettings(agencyId, { ...SETTINGS, reconsiderationBody: null })).json()) as { missing: string[] };
    expect(cleared.missing).toContain('行政复议机关');
    // Officers may not change them.
    expect((await officer.request('PUT', `/api/cases/settings/agencies/${agencyId}/documents`, SETTINGS)).status).toBe(403);
    const bad = await putSettings(agencyId, { ...SETTINGS, statementDays: 1 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('statementDays');

    const ended = new Date(Date.now() - 3600_000);
    const [flag] = await insertFlags(t.db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 20_000), ended_at: ended }]);
    await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
    // The acceptance record names the head's opinion: without one the filing is refused (400, the field named), nothing recorded.
    const before = await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const noHead = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2.user.id], summary: '摄像头被遮挡。' });
    expect(noHead.status).toBe(400);
    const noHeadBody = (await noHead.json()) as Problem;
    expect(noHeadBody.issues?.some((i) => i.path.join('.').startsWith('fields.headOpinion') && i.message.includes('负责人'))).toBe(true);
    expect((await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n).toBe(before.n);
  });

  it('from a confirmed flag to a ¥20,000 decision: every stage has its PDF; the decision prints the party, facts, basis, 贰万元整, remedies, late fee and the prior notice; sealed and signed; hashes match the ledger', async () => {
    const agencyId = officer.user.agencyId!;
    expect((await putSettings(agencyId, SETTINGS)).status).toBe(200);
    const id = await toDecisionPoint(20000);

    // A setting cleared: the decision is refused naming it (400 from the template), nothing recorded, no number taken.
    expect((await putSettings(agencyId, { ...SETTINGS, reconsiderationBody: null })).status).toBe(200);
    const refused = await stage(manager, id, decision(20000));
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as Problem;
    expect(problem.issues).toContainEqual(expect.objectContaining({ path: ['fields', 'remedies', 'reconsiderationBody'], message: '行政复议机关必填' }));
    expect((await ws(id)).case.state).toBe('notified');
    expect(await t.db.selectFrom('documents').select('id').where('subject_id', '=', id).where('kind', '=', 'penalty_decision').execute()).toEqual([]);
    expect((await putSettings(agencyId, SETTINGS)).status).toBe(200);

    const decided = await ok(manager, id, decision(20000));
    expect(decided.case.state).toBe('decided');
    const kinds = decided.timeline.flatMap((s) => s.documents.map((d) => d.kind));
    expect(kinds).toEqual(['case_acceptance', 'filing_report', 'inquiry_record', 'investigation_end_report', 'panel_discussion_record', 'prior_notice', 'penalty_decision']);
    const docs = decided.timeline.flatMap((s) => s.documents);
    const notice = docs.find((d) => d.kind === 'prior_notice')!;
    const dec = docs.find((d) => d.kind === 'penalty_decision')!;
    expect(dec.number).toMatch(NUMBER);
    // The refused attempt took no number: this is the agency's first decision of the year.
    expect(NUMBER.exec(dec.number!)![1]).toBe('1');
    expect(notice.number).toMatch(/^婺卫医告〔\d{4}〕\d+号$/);

    // Each PDF exists, its hash is the one the ledger holds for the document.
    const links = await t.db.selectFrom('case_documents as cd').innerJoin('documents as d', (j) => j.onRef('d.document_id', '=', 'cd.document_id').onRef('d.version', '=', 'cd.version')).select(['cd.kind', 'd.id', 'd.pdf_sha256', 'cd.sha256']).where('cd.case_id', '=', id).execute();
    expect(links).toHaveLength(7);
    for (const l of links) {
      const pdf = await pdfOf(l.pdf_sha256);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const sha = createHash('sha256').update(pdf).digest('hex');
      expect(sha).toBe(l.sha256);
      const entry = await t.db.selectFrom('ledger_entries').select('context').where('entity_type', '=', 'document').where('entity_id', '=', l.id).where('action', '=', 'document.issued').executeTakeFirstOrThrow();
      expect((entry.context as { sha256: string }).sha256).toBe(sha);
    }

    const pdf = await pdfOf(links.find((l) => l.kind === 'penalty_decision')!.pdf_sha256);
    const text = flat(await poppler('pdftotext', pdf));
    for (const s of ['行政处罚决定书', '婺城区人民医院', flat(FACTS).slice(0, 40), '《消毒管理办法》第四十一条', '《消毒管理办法》第四条', '贰万元整', SETTINGS.reconsiderationBody, SETTINGS.court, '加处罚款', flat(notice.number!), dec.number!]) expect(text).toContain(flat(s));
    // The evidence is named in words (not the flag's code); a sentence typed with its full stop gets one, not two.
    expect(text).toContain(flat('预警线索认定（摄像头被遮挡/画面过暗）'));
    expect(text).toContain(flat('按规定对复用器械进行消毒。'));
    expect(text).not.toContain('。。');
    const sig = await poppler('pdfsig', pdf);
    expect(sig).toContain('Signature is Valid');

    // The registry matches the ledger; the ledger verifies (what `npm run verify` runs).
    expect((await checkEntities(t.admin)).problems).toEqual([]);
    const sealer = createSealer({ db: t.db, log: createLogger('silent'), signer, intervalMs: 20, checkpointIntervalMs: 60_000, checkpointEveryEntries: 100_000 });
    await sealer.sealOnce();
    await sealer.checkpointNow();
    await sealer.stop();
    const v = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem, blobStore: blobs });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  }, 180_000);

  it('20 decisions at once in one agency: 文号 unique and gap-free', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await toDecisionPoint(20000));
    const res = await Promise.all(ids.map(async (id) => stage(manager, id, decision(20000))));
    for (const r of res) expect(r.status, await r.clone().text()).toBe(200);
    const all = await t.db.selectFrom('documents').select(['number', 'seq']).where('kind', '=', 'penalty_decision').where('agency_id', '=', officer.user.agencyId!).execute();
    const seqs = all.map((d) => Number(NUMBER.exec(d.number!)![1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(20);
    expect((await checkEntities(t.admin)).problems).toEqual([]);
  }, 600_000);
});

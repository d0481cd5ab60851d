import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessRepository } from '../../api/access/access.repository.js';
import { createAccess } from '../../api/access/access.service.js';
import { createCaseExportService } from '../../api/cases/case-export.service.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Caller } from '../../api/http/request-context.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { Manifest } from '../../core/bundle/bundle-format.js';
import { verifyBundle } from '../../core/bundle/bundle-verify.js';
import { CHECKLIST_POINTS } from '../../core/cases/checklist.js';
import { createSealer, type Sealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../../core/ledger/signer.js';
import { createLogger } from '../../core/log.js';
import { createAgencySeal } from '../../core/seal/create-agency-seal.js';
import { Session, createTestApi, type TestApi } from '../support/api-client.js';
import { attachClip, encodeSegments, publishSession, recordSegments, snapshotBlob } from '../support/case-media.js';
import { insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 14 item 6: the self-verifying case file. A case made through the real services (flag
// with a snapshot, recorded FLV segments and the analyzer's clip; stages issuing real documents
// under the agency's real seal, up to the sealed decision) is exported as a zip; the offline
// verifier (no database) passes it, and names the file when one byte changes, a file goes or a
// file comes; a zip cut short fails with its reason; `npm run verify -- case.zip` says the same
// with its exit code. Another district's officer is refused (403, ledgered).
const exec = promisify(execFile);
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let sealer: Sealer;
let officer: Session;
let officer2: Session;
let manager: Session;
let caseId: string;
let good: Buffer;

type Ws = { case: { id: string; version: number }; evidence: { id: string; version: number; kind: string }[] };
const FACTS = '2026年9月21日，本机关非现场监管设备记录到当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';
const penalty = { kinds: ['fine'], fineYuan: 20000 };

async function loginWith(username: string, password: string) {
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, body.user);
}
const ws = async (id: string) => (await (await officer.get(`/api/cases/${id}`)).json()) as Ws;
async function ok(s: Session, id: string, body: Record<string, unknown>) {
  const res = await s.post(`/api/cases/${id}/stages`, { expectedVersion: (await ws(id)).case.version, ...body });
  expect(res.status, `${String(body.kind)}: ${await res.clone().text()}`).toBe(200);
}

/** A confirmed flag with a snapshot, 3 recorded 2 s segments and the clip cut from them, filed and taken to its sealed decision. */
async function decidedCase(): Promise<string> {
  const hosp = await t.db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow();
  const shot = await snapshotBlob(t.db, blobs, dir, 'snapshot');
  const ended = new Date(Date.now() - 3600_000);
  const [flag] = await insertFlags(t.db, hosp.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 3000), ended_at: ended, snapshot_sha256: shot.sha256 }]);
  const session = await publishSession(t.db, hosp.id, officer.user.id, 'QR2026-940001');
  const segDir = path.join(dir, 'segments');
  mkdirSync(segDir);
  const files = await encodeSegments(segDir, { count: 3, seconds: 2 });
  const segments = await recordSegments(t.db, blobs, { deviceId: hosp.id, sessionId: session, flagId: flag.id, files, seconds: 2, endsAt: new Date(ended.getTime() + 1000), firstSeq: 1 });
  await attachClip(t.db, blobs, { flagId: flag.id, segments, from: new Date(ended.getTime() - 3500), to: ended, workDir: dir });
  await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));

  const filed = await officer.post('/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2.user.id], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理，请按程序报请立案。', headId: manager.user.id });
  expect(filed.status, await filed.clone().text()).toBe(201);
  const id = ((await filed.json()) as Ws).case.id;
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
      qa: [{ q: '操作间摄像头为何被遮挡？', a: '设备检修期间临时遮挡，忘记取下。' }],
    },
  });
  await ok(officer, id, { kind: 'investigation_end', fields: { facts: FACTS, evidenceSummary: '视频、截图、询问笔录', proposal: '建议罚款20000元', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '初次违法，及时整改，属一般情节。' } });
  const members = [{ name: '钱伟', role: '科长' }, { name: '张伟', role: '承办人' }, { name: '李娜', role: '承办人' }];
  await ok(officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: '一致同意罚款20000元。', place: '卫生监督所会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意罚款20000元。' })) } });
  await ok(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty } });
  await ok(officer, id, { kind: 'prior_notice', fields: { facts: FACTS, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: false, discretion: '初次违法，及时整改，属一般情节。' } });
  await ok(officer, id, { kind: 'statement', fields: { waived: false, statement: '设备检修期间临时遮挡，请求从轻处理。', hearingWaived: true } });
  await ok(manager, id, {
    kind: 'decision',
    fields: { outcome: 'penalty', penalty, facts: FACTS, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], discretion: '当事人初次违法，及时整改，属一般情节。', correction: { kind: 'order', what: '立即拆除遮挡物，按规定对复用器械进行消毒。' }, statementReview: '维持拟作出的处罚。' },
  });
  return id;
}

async function exportOf(s: Session, id: string) {
  return s.get(`/api/cases/${id}/export`);
}
function save(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
/** The bundle unzipped, changed by `edit`, and zipped again (order and compression as fflate writes them). */
function rezip(edit: (files: Record<string, Uint8Array>) => Zippable): Buffer {
  return Buffer.from(zipSync(edit(unzipSync(new Uint8Array(good)))));
}
const cli = (file: string) =>
  exec(process.execPath, ['--import', 'tsx', 'core/ledger/verify.cli.ts', file], { env: { ...process.env, DATABASE_URL: '' } }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-case-export-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  const signer = loadOrCreateSigner(path.join(dir, 'ledger-keys'));
  // The export drives the sealer (as the API process's own): it seals the case's entries into a checkpoint.
  sealer = createSealer({ db: t.db, log: createLogger('silent'), signer, intervalMs: 50, checkpointIntervalMs: 200, checkpointEveryEntries: 1_000_000 });
  const seal = createAgencySeal({ keysDir: path.join(dir, 'keys'), db: t.db, log: createLogger('silent') });
  api = await createTestApi(t, { blobs, seal, ledgerSealer: sealer });
  officer = await api.login('officer.wc');
  manager = await api.login('manager.jh');
  const admin = await api.login('admin');
  const made = await admin.post('/api/admin/users', { username: 'officer.wc2', displayName: '李娜', role: 'officer', agencyId: officer.user.agencyId, certificateNo: '浙卫执字第20261号' });
  expect(made.status).toBe(201);
  officer2 = await loginWith('officer.wc2', ((await made.json()) as { oneTimePassword: string }).oneTimePassword);
  caseId = await decidedCase();
}, 180_000);
afterAll(async () => {
  await sealer?.stop();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the case file export (issue 14 item 6)', () => {
  it('streams a zip of every document, the evidence media with provenance, the entries proven to a signed checkpoint and the keys; it verifies offline and the export is ledgered', async () => {
    const res = await exportOf(officer, caseId);
    expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''case-/);
    good = Buffer.from(await res.arrayBuffer());
    const file = save('case.zip', good);
    // Through the read path (api/records): opened before the zip was written, finished with the bytes sent.
    expect(await servedRead(t.db, res)).toMatchObject({ outcome: 'served', action: 'export', record_kind: 'case_file', record_id: caseId, case_id: caseId, sha256: null, bytes: String(good.length), user_id: officer.user.id });

    const report = await verifyBundle(file);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const docs = await t.db.selectFrom('documents').select(['id', 'kind', 'sealed', 'pdf_sha256']).where('subject_type', '=', 'case').where('subject_id', '=', caseId).execute();
    expect(report.documents).toBe(docs.length);
    // The prior notice and the decision carry the agency's seal, checked against the bundled certificate.
    expect(report.seals).toBe(docs.filter((d) => d.sealed).length);
    expect(report.seals).toBeGreaterThanOrEqual(2);

    const files = unzipSync(new Uint8Array(good));
    const names = Object.keys(files);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as Manifest;
    expect(manifest.case).toMatchObject({ id: caseId, matter: '未按规定开展消毒工作', party: { name: '婺城区人民医院' } });
    expect(manifest.case.number).toMatch(/^婺卫医罚〔\d{4}〕\d+号$/);
    expect(manifest.exportedBy).toMatchObject({ id: officer.user.id, role: 'officer' });
    expect(names.filter((n) => n.startsWith('documents/') && n.endsWith('.pdf'))).toHaveLength(docs.length);
    for (const d of docs) expect(manifest.files.find((f) => f.documentId === d.id)?.sha256).toBe(d.pdf_sha256);
    for (const kind of ['snapshot', 'clip', 'segments']) expect(names.some((n) => new RegExp(`^evidence/\\d+-${kind}/provenance\\.json$`).test(n))).toBe(true);
    expect(names.filter((n) => /^evidence\/\d+-segments\/segment-\d+\.flv$/.test(n))).toHaveLength(3);
    expect(names.some((n) => /^evidence\/\d+-clip\/clip-v1\.mp4$/.test(n))).toBe(true);
    expect(names.some((n) => /^evidence\/\d+-snapshot\/snapshot\.jpg$/.test(n))).toBe(true);
    for (const n of ['index.html', 'ledger/entries.jsonl', 'ledger/proofs.json', 'ledger/checkpoint.json', 'keys/ledger-ed25519.pub.pem']) expect(names).toContain(n);
    expect(names.some((n) => /^keys\/seal-\d+-[0-9a-f]{16}\.pem$/.test(n))).toBe(true);
    // Each entry of the case is there: the stages, documents, the segments' recording and the clip's attachment.
    const actions = Buffer.from(files['ledger/entries.jsonl']).toString().trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action);
    for (const a of ['case.accepted', 'case_stage.decision', 'document.issued', 'recording.segment_stored', 'flag.evidence_attached', 'case_evidence.attached', 'seal.key_created']) expect(actions).toContain(a);

    // Ledgered: who exported, and the hash of the manifest that names every byte.
    const entry = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'case.exported').where('entity_id', '=', caseId).executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(officer.user.id);
    expect((entry.context as { manifestSha256: string }).manifestSha256).toBe(createHash('sha256').update(files['manifest.json']).digest('hex'));

    const run = await cli(file);
    expect(run.out).toContain('OK');
    expect(run.code).toBe(0);
  }, 120_000);

  it('names the file when one byte inside it changes, when a file is removed or added; the same bundle zipped again in another order passes', async () => {
    const files = unzipSync(new Uint8Array(good));
    const segment = Object.keys(files).find((n) => n.endsWith('segment-0002.flv'))!;
    const decision = Object.keys(files).find((n) => n.endsWith('penalty_decision.pdf'))!;

    const flipped = save('byte.zip', rezip((f) => ({ ...f, [segment]: Uint8Array.from(f[segment], (b, i) => (i === 1000 ? b ^ 0x01 : b)) })));
    const byte = await verifyBundle(flipped);
    expect(byte.ok).toBe(false);
    expect(byte.problems).toEqual([expect.objectContaining({ file: segment, message: expect.stringContaining('changed') })]);
    const run = await cli(flipped);
    expect(run.code).toBe(1);
    expect(run.out).toContain(segment);

    // The PDF changed and its manifest line made to match: the ledger's hash of the document still names it.
    const pdf = Uint8Array.from(files[decision], (b, i) => (i === 200 ? b ^ 0x01 : b));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as Manifest;
    const line = manifest.files.find((f) => f.path === decision)!;
    line.sha256 = createHash('sha256').update(pdf).digest('hex');
    const forged = await verifyBundle(save('forged.zip', rezip((f) => ({ ...f, [decision]: pdf, 'manifest.json': Buffer.from(JSON.stringify(manifest)) }))));
    expect(forged.ok).toBe(false);
    expect(forged.problems.length).toBeGreaterThan(0);
    expect(forged.problems.every((p) => p.file === decision)).toBe(true);

    const removed = await verifyBundle(save('removed.zip', rezip((f) => Object.fromEntries(Object.entries(f).filter(([n]) => n !== segment)))));
    expect(removed.problems).toEqual([expect.objectContaining({ file: segment, message: expect.stringContaining('missing') })]);

    const added = await verifyBundle(save('added.zip', rezip((f) => ({ ...f, 'evidence/extra.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) }))));
    expect(added.problems).toEqual([expect.objectContaining({ file: 'evidence/extra.jpg', message: expect.stringContaining('extra') })]);

    // Unzipped and zipped again with its folder, in reverse order, deflated: the same bytes, so it passes.
    const again = await verifyBundle(save('again.zip', rezip((f) => Object.fromEntries(Object.entries(f).reverse().map(([n, b]) => [`case-file/${n}`, [b, { level: 9 }]])))));
    expect(again.problems).toEqual([]);
  }, 120_000);

  it('a ledger entry or the checkpoint forged together with their manifest lines: the proof or the signature names the file', async () => {
    const forge = (name: string, edit: (text: string) => string) =>
      rezip((f) => {
        const bytes = Buffer.from(edit(Buffer.from(f[name]).toString()));
        const manifest = JSON.parse(Buffer.from(f['manifest.json']).toString()) as Manifest;
        Object.assign(manifest.files.find((x) => x.path === name)!, { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
        return { ...f, [name]: bytes, 'manifest.json': Buffer.from(JSON.stringify(manifest)) };
      });
    // The case's acceptance said to be a year earlier.
    const entry = await verifyBundle(save('entry.zip', forge('ledger/entries.jsonl', (x) => x.replace(/"recordedAt":"2026-/, '"recordedAt":"2025-'))));
    expect(entry.problems).toEqual([{ file: 'ledger/entries.jsonl', message: expect.stringMatching(/^entry \d+ \(.+\): its inclusion proof does not lead to the signed root/) }]);
    // A state changed under its digest.
    const state = await verifyBundle(save('state.zip', forge('ledger/entries.jsonl', (x) => x.replace('未按规定开展消毒工作', '未按规定开展清洁工作'))));
    expect(state.problems[0]).toMatchObject({ file: 'ledger/entries.jsonl', message: expect.stringContaining('its state is not the one its digest was made from') });
    // One bit of the checkpoint's signature.
    const signature = await verifyBundle(save('sig.zip', forge('ledger/checkpoint.json', (x) => x.replace(/"signature": "([0-9a-f]+)([0-9a-f])"/, (_m, a: string, b: string) => `"signature": "${a}${(parseInt(b, 16) ^ 1).toString(16)}"`))));
    expect(signature.problems).toEqual([{ file: 'ledger/checkpoint.json', message: expect.stringContaining('Ed25519 signature is not valid') }]);
  });

  it('without a sealer in its process the export waits for the sealer elsewhere, and says so when the ledger does not catch up', async () => {
    const row = await t.db.selectFrom('users as u').innerJoin('agencies as a', 'a.id', 'u.agency_id').select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.agency_id', 'a.name', 'a.path']).where('u.username', '=', 'officer.wc').executeTakeFirstOrThrow();
    const caller: Caller = { user: { id: row.id, username: row.username, displayName: row.display_name, role: row.role, agencyId: row.agency_id, agencyName: row.name, agencyPath: row.path, businessId: null, sessionId: 's', csrfToken: 'c' }, requestId: 'test', ip: null };
    const alone = createCaseExportService({ db: t.db, access: createAccess(createAccessRepository(t.db)), blobs, sealWaitMs: 1000 });
    // The earlier exports' own entries are not chained yet, and nothing seals: refused in words, nothing streamed.
    await expect(alone.export(caller, caseId)).rejects.toMatchObject({ code: 'unavailable', message: 'case.export_ledger_behind' });
    // The sealer running on its own (as in another process): the export waits for its checkpoint.
    sealer.start();
    try {
      const out = await createCaseExportService({ db: t.db, access: createAccess(createAccessRepository(t.db)), blobs, sealWaitMs: 30_000 }).export(caller, caseId);
      const chunks: Buffer[] = [];
      for await (const c of out.stream) chunks.push(c as Buffer);
      const report = await verifyBundle(save('waited.zip', Buffer.concat(chunks)));
      expect(report.problems).toEqual([]);
    } finally {
      await sealer.stop();
    }
  });

  it('a zip cut short, or not a zip, fails with a clear reason', async () => {
    const cut = await verifyBundle(save('cut.zip', good.subarray(0, Math.floor(good.length * 0.6))));
    expect(cut.ok).toBe(false);
    expect(cut.problems).toEqual([{ file: 'cut.zip', message: expect.stringContaining('cut short') }]);
    const run = await cli(path.join(dir, 'cut.zip'));
    expect(run.code).toBe(1);
    expect(run.out).toContain('cut short');
    const junk = await verifyBundle(save('junk.zip', Buffer.from('%PDF-1.7 not a zip at all, just some bytes that are long enough')));
    expect(junk.problems[0]).toMatchObject({ file: 'junk.zip', message: expect.stringContaining('not a complete zip') });
  });

  it('another district’s officer is refused (403, ledgered as denied), as is a business; the archivist of the city may export', async () => {
    const jd = await api.login('officer.jd');
    const before = await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'case.exported').execute();
    expect((await exportOf(jd, caseId)).status).toBe(403);
    const denied = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'access.denied').where('actor_id', '=', jd.user.id).execute();
    expect(denied.some((d) => (d.context as { path: string }).path === `/api/cases/${caseId}/export`)).toBe(true);
    expect((await exportOf(await api.login('biz.hosp'), caseId)).status).toBe(403);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'case.exported').execute()).toHaveLength(before.length);

    const archivist = await api.login('archivist.jh');
    const res = await exportOf(archivist, caseId);
    expect(res.status).toBe(200);
    const report = await verifyBundle(save('archivist.zip', Buffer.from(await res.arrayBuffer())));
    expect(report.problems).toEqual([]);
    // The first export's entry is in the second bundle: each export is part of the case's record.
    expect(report.manifest?.exportedBy.role).toBe('archivist');
    expect(Buffer.from(unzipSync(new Uint8Array(Buffer.from(await (await exportOf(archivist, caseId)).arrayBuffer())))['ledger/entries.jsonl']).toString()).toContain('case.exported');
    expect((await exportOf(officer, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  }, 120_000);
});

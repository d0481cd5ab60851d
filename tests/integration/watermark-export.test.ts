import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentService } from '../../api/documents/document.service.js';
import { cjkFontDir, CJK_REGULAR_FILE } from '../../api/documents/pdf-fonts.js';
import { createUnsignedSeal } from '../../api/documents/unsigned-seal.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { createTemplateRegistry } from '../../core/documents/registry.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { exportsClipWorker } from '../../api/jobs/exports-clip.worker.js';
import { createExportModule } from '../../api/watermark/export.module.js';
import type { ServerEvents } from '../../core/events.js';
import { createLogger } from '../../core/log.js';
import { startQueue, type Queue } from '../../core/queue.js';
import { burnVideo } from '../../core/watermark/burn-media.js';
import { watermarkText } from '../../core/watermark/watermark-text.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { ownerHandlers } from '../support/queue-handlers.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { testDecisionTemplate } from '../support/test-document-template.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

// Issue 15 item 3: every exported clip, snapshot and PDF carries the exporter's watermark, burned
// in, and the export log traces a copy back to its export by id, text or hash. Clips are made by
// the 'exports.clip' job on a real pg-boss queue (POST answers 202, progress on the row and the
// requester's socket events, the requester fetches the copy). Real PostgreSQL, real ffmpeg
// (drawtext with the platform's CJK font, overlaid), real poppler.
const run = promisify(execFile);
let t: TestDatabase;
let api: TestApi;
let queue: Queue;
let module: ReturnType<typeof createExportModule>;
const jobEvents: ServerEvents['export:changed'][] = [];
let dir: string;
let blobs: BlobStore;
let officer: Session; // 婺城
let jdOfficer: Session; // 金东: not his records
let manager: Session; // 金华: traces exports of his subtree
let biz: Session;
let flagId: string;
let clipSha: string;
let snapSha: string;
let documentId: string;
const registry = createTemplateRegistry([testDecisionTemplate()]);
const fontFile = path.join(cjkFontDir(), CJK_REGULAR_FILE);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const body = async (res: Response) => Buffer.from(await res.arrayBuffer());
const save = (name: string, b: Buffer) => {
  const f = path.join(dir, name);
  writeFileSync(f, b);
  return f;
};
/** One decoded frame (grey, scaled to 320×240) at `second` (0: the first; a JPEG has no other). */
async function frame(file: string, second: number): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', ...(second ? ['-ss', String(second)] : []), '-i', file, '-frames:v', '1', '-vf', 'scale=320:240,format=gray', '-f', 'rawvideo', '-'], { encoding: 'buffer', maxBuffer: 1 << 22 });
  return stdout as unknown as Buffer;
}
/** Mean absolute difference of two grey frames within rows [y0, y1) and columns [x0, x1). */
function diff(a: Buffer, b: Buffer, [x0, y0, x1, y1] = [0, 0, 320, 240]): number {
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += Math.abs(a[y * 320 + x] - b[y * 320 + x]);
  return sum / ((x1 - x0) * (y1 - y0));
}
/** Inside the caption's box (lower left) of a 640×360 picture, in the 320×240 frames compared. */
const CAPTION: [number, number, number, number] = [3, 188, 70, 236];
type Job = { id: string; status: string; percent: number; error: string | null; exportId: string | null; fileUrl: string | null };
/** Waits for the job's 'export:changed' event saying it ended (done or failed), then reads it back. */
async function ended(session: Session, jobId: string): Promise<Job> {
  await new Promise<void>((resolve) => {
    const isEnd = (e: ServerEvents['export:changed']) => e.id === jobId && (e.status === 'done' || e.status === 'failed');
    if (jobEvents.some(isEnd)) return resolve();
    const off = api.events.on('export:changed', (e) => isEnd(e) && (off(), resolve()));
  });
  return (await (await session.get(`/api/exports/jobs/${jobId}`)).json()) as Job;
}
const streams = (file: string) => execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file]).toString().trim().split('\n');

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-watermark-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  const exportsDir = path.join(dir, 'exports');
  api = await createTestApi(t, { blobs, templates: registry, exportsDir, enqueueClipExport: (trx, jobId, correlationId) => queue.sendInTransaction(trx as never, 'exports.clip', { jobId, correlationId }) });
  api.events.on('export:changed', (e) => jobEvents.push(e));
  // The worker as api/start.ts builds it: the same module, the same folder, the app's event bus.
  const log = createLogger('silent');
  module = createExportModule({ db: t.db, blobs, ffmpegPath: 'ffmpeg', publicBaseUrl: 'http://127.0.0.1:3000', events: api.events, exportsDir, enqueue: null });
  queue = await startQueue({ url: t.appUrl, owner: 'api', handlers: ownerHandlers('api', { 'exports.clip': exportsClipWorker(module.clipJobs) }), log });
  officer = await api.login('officer.wc');
  jdOfficer = await api.login('officer.jd');
  manager = await api.login('manager.jh');
  biz = await api.login('biz.hosp');
  // A clip with sound, and a snapshot, as stored evidence of a flag on a 婺城 camera.
  const clipFile = path.join(dir, 'clip.mp4');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', clipFile]);
  const snapFile = path.join(dir, 'snap.jpg');
  await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360', '-frames:v', '1', snapFile]);
  const clip = await blobs.put(readFileSync(clipFile), 'video/mp4');
  const snap = await blobs.put(readFileSync(snapFile), 'image/jpeg');
  await recordBlob(t.db, { ...clip, mediaType: 'video/mp4' });
  await recordBlob(t.db, { ...snap, mediaType: 'image/jpeg' });
  clipSha = clip.sha256;
  snapSha = snap.sha256;
  const [flag] = await insertFlags(t.db, await cameraOf(t.db, '婺城区第一实验小学'), [{ clip_sha256: clip.sha256, snapshot_sha256: snap.sha256, evidence_status: 'ready' }]);
  flagId = flag.id;
  // An issued document, by the real document service (rendered, stored, ledgered).
  const wc = await t.db.selectFrom('agencies').select('id').where('name', '=', '金华市婺城区卫生健康局').executeTakeFirstOrThrow();
  const docs = createDocumentService({ registry, blobs, seal: createUnsignedSeal(), publicBaseUrl: 'http://127.0.0.1:3000' });
  const issued = await t.db.transaction().execute((trx) =>
    docs.issue(trx, {
      kind: 'penalty_decision', agencyId: wc.id, subject: { type: 'case', id: '6f1c2a4e-0000-4000-8000-000000000001' }, category: '医',
      fields: { party: '婺城区人民医院', address: '金华市婺城区人民路 100 号', facts: '未按规定对医疗器械进行消毒。', fineYuan: 20000, officers: [] },
      signers: [{ userId: officer.user.id, name: '张伟', certificateNo: '浙卫执 33070200123', role: '执法人员' }], actor: { type: 'user', id: officer.user.id },
    }),
  );
  documentId = issued.id;
}, 120_000);
afterAll(async () => {
  await queue?.stop();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('exporting a clip', () => {
  it('queues a job that runs to done with its progress, and hands its requester a copy whose frames carry the logged watermark, logs the exporter and the copy\'s hash, keeps the sound and leaves the original', async () => {
    const queued = await officer.post(`/api/exports/flags/${flagId}/clip`);
    expect(queued.status).toBe(202);
    const job = (await queued.json()) as Job;
    expect(job).toMatchObject({ status: 'queued', percent: 0, exportId: null, fileUrl: null });
    const finished = await ended(officer, job.id);
    expect(finished).toMatchObject({ status: 'done', percent: 100, error: null, fileUrl: `/api/exports/jobs/${job.id}/file` });
    // Progress as the requester's sockets heard it: queued, running, rising, 100 only when done.
    const seen = jobEvents.filter((e) => e.id === job.id);
    expect(seen.map((e) => e.status)).toEqual(expect.arrayContaining(['queued', 'running', 'done']));
    expect(seen.every((e) => e.userId === officer.user.id)).toBe(true);
    const percents = seen.map((e) => e.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(seen.filter((e) => e.percent === 100).every((e) => e.status === 'done')).toBe(true);
    const jobRow = await t.db.selectFrom('record_export_jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(jobRow).toMatchObject({ requested_by: officer.user.id, status: 'done', percent: 100, export_id: finished.exportId, record_id: flagId });
    // Another who may export the same record (the city's manager) still may not fetch this copy.
    expect((await manager.get(`/api/exports/jobs/${job.id}/file`)).status).toBe(403);
    expect((await manager.get(`/api/exports/jobs/${job.id}`)).status).toBe(403);

    const res = await officer.get(finished.fileUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''.*WM-[0-9A-Z]{10}\.mp4$/);
    const copy = await body(res);
    const exportId = res.headers.get('x-export-id')!;
    expect(await servedRead(t.db, res)).toMatchObject({ outcome: 'served', action: 'export', record_kind: 'flag_clip', record_id: flagId, sha256: clipSha, export_id: exportId, bytes: String(copy.length), user_id: officer.user.id });
    expect(exportId).toBe(finished.exportId);
    expect(res.headers.get('x-content-sha256')).toBe(sha(copy));

    const row = await t.db.selectFrom('record_exports').selectAll().where('id', '=', exportId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ exported_by: officer.user.id, account: 'officer.wc', record_kind: 'flag_clip', record_id: flagId, original_sha256: clipSha, file_sha256: sha(copy), media_type: 'video/mp4' });
    expect(Number(row.file_size)).toBe(copy.length);
    expect(row.watermark_text).toContain('officer.wc');
    expect(row.watermark_text).toContain(`导出 ${exportId}`);
    expect(row.watermark_text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 北京时间/);
    const entry = await t.db.selectFrom('ledger_entries').select(['actor_id', 'entity_id']).where('action', '=', 'record.exported').where('entity_id', '=', exportId).executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(officer.user.id);

    // The copy differs from the original where the caption is, and is the original with exactly
    // the logged text burned in: burning that text again gives the same picture, another name does not.
    const copyFile = save('copy.mp4', copy);
    const original = path.join(dir, 'clip.mp4');
    const logged = { lines: row.watermark_text.split('  '), text: row.watermark_text };
    const again = path.join(dir, 'again.mp4');
    await burnVideo({ input: original, output: again, watermark: logged, fontFile });
    const other = path.join(dir, 'other.mp4');
    const otherText = watermarkText({ viewerName: '别人', account: 'someone.else', at: row.created_at, reference: { kind: 'record', value: row.reference! }, exportId });
    await burnVideo({ input: original, output: other, watermark: otherText, fontFile });
    const [o, c, a, x] = await Promise.all([frame(original, 1), frame(copyFile, 1), frame(again, 1), frame(other, 1)]);
    const caption = CAPTION;
    expect(diff(o, c, caption)).toBeGreaterThan(15);
    expect(diff(c, a)).toBeLessThan(1);
    expect(diff(c, x, caption)).toBeGreaterThan(5);
    expect(streams(copyFile)).toEqual(expect.arrayContaining(['video', 'audio']));
    expect(sha(Buffer.concat(await (await blobs.get(clipSha)).toArray()))).toBe(clipSha);
    // Fetched whole once, the copy is gone from the server.
    expect((await officer.get(finished.fileUrl!)).status).toBe(404);
  }, 120_000);

  it('fails a job whose clip ffmpeg cannot read, with the reason, and logs no export', async () => {
    const junk = await blobs.put(Buffer.from('not a video at all, only text'.repeat(100)), 'video/mp4');
    await recordBlob(t.db, { ...junk, mediaType: 'video/mp4' });
    const [bad] = await insertFlags(t.db, await cameraOf(t.db, '婺城区第一实验小学'), [{ clip_sha256: junk.sha256, snapshot_sha256: snapSha, evidence_status: 'ready' }]);
    const before = await t.db.selectFrom('record_exports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const queued = await officer.post(`/api/exports/flags/${bad.id}/clip`);
    expect(queued.status).toBe(202);
    const job = (await queued.json()) as Job;
    const failed = await ended(officer, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^watermarking failed: .*(Invalid data|not a video)/);
    expect(failed.exportId).toBeNull();
    const after = await t.db.selectFrom('record_exports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await officer.get(`/api/exports/jobs/${job.id}/file`)).status).toBe(409);
    const entry = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'record.export_failed').where('entity_id', '=', job.id).executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(officer.user.id);
    expect(existsSync(path.join(dir, 'exports', 'jobs', job.id))).toBe(false);
  }, 60_000);

  it('fails, at the next start, a job a stopped process left running, saying why', async () => {
    const stuck = await t.db.insertInto('record_export_jobs').values({ requested_by: officer.user.id, record_kind: 'flag_clip', record_id: flagId, version: null, grant_id: null, ip: null, request_id: null, status: 'running', percent: 40, started_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    expect(await module.clipJobs.recover()).toEqual([stuck.id]);
    const job = (await (await officer.get(`/api/exports/jobs/${stuck.id}`)).json()) as Job;
    expect(job).toMatchObject({ status: 'failed', exportId: null });
    expect(job.error).toMatch(/^interrupted: the platform restarted/);
    expect(await module.clipJobs.recover()).toEqual([]);
  });

  it('refuses a copy without the watermark, ledgers the refusal and logs no export', async () => {
    const before = await t.db.selectFrom('record_exports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await officer.post(`/api/exports/flags/${flagId}/clip?watermark=off`);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; issues: { path: string[]; code: string; message: string }[] };
    expect(problem.issues[0]).toMatchObject({ path: ['watermark'], code: 'watermark.required', message: '导出的副本必须带水印,不能导出无水印文件' });
    const after = await t.db.selectFrom('record_exports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const refused = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'record.export_refused').where('actor_id', '=', officer.user.id).execute();
    expect(refused).toHaveLength(1);
    expect(refused[0].context).toMatchObject({ recordId: flagId, reason: 'watermark_required', asked: 'off' });
  });

  it('refuses another district, a business user and an unknown flag', async () => {
    expect((await jdOfficer.post(`/api/exports/flags/${flagId}/clip`)).status).toBe(403);
    expect((await biz.post(`/api/exports/flags/${flagId}/clip`)).status).toBe(403);
    expect((await officer.post('/api/exports/flags/6f1c2a4e-0000-4000-8000-000000000009/clip')).status).toBe(404);
  });
});

describe('exporting a snapshot and a document', () => {
  it('burns the watermark into a JPEG copy of the snapshot', async () => {
    const res = await officer.post(`/api/exports/flags/${flagId}/snapshot`);
    expect(res.status).toBe(200);
    const copy = await body(res);
    expect(copy.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    const row = await t.db.selectFrom('record_exports').selectAll().where('id', '=', res.headers.get('x-export-id')!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ record_kind: 'flag_snapshot', original_sha256: snapSha, file_sha256: sha(copy) });
    expect(await servedRead(t.db, res)).toMatchObject({ outcome: 'served', action: 'export', record_kind: 'flag_snapshot', record_id: flagId, sha256: snapSha, export_id: row.id, bytes: String(copy.length) });
    const [o, c] = await Promise.all([frame(path.join(dir, 'snap.jpg'), 0), frame(save('snap-copy.jpg', copy), 0)]);
    expect(diff(o, c, CAPTION)).toBeGreaterThan(15);
  });

  it("stamps a copy of the PDF: its text carries the watermark and says where the original is verified; the original is untouched", async () => {
    const res = await officer.post(`/api/exports/documents/${documentId}/pdf`);
    expect(res.status).toBe(200);
    const copy = await body(res);
    const row = await t.db.selectFrom('record_exports').selectAll().where('id', '=', res.headers.get('x-export-id')!).executeTakeFirstOrThrow();
    const doc = await t.db.selectFrom('documents').selectAll().where('document_id', '=', documentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ record_kind: 'document_pdf', record_id: doc.id, original_sha256: doc.pdf_sha256, file_sha256: sha(copy), reference_kind: 'document', reference: doc.number });
    expect(await servedRead(t.db, res)).toMatchObject({ outcome: 'served', action: 'export', record_kind: 'document_pdf', record_id: doc.id, sha256: doc.pdf_sha256, export_id: row.id, bytes: String(copy.length) });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', save('copy.pdf', copy), '-']).toString('utf8');
    expect(text).toContain('副本（带水印，非原件）');
    expect(text).toContain(row.id);
    expect(text).toContain('officer.wc');
    expect(text).toContain(doc.pdf_sha256);
    expect(text).toContain(`http://127.0.0.1:3000/verify/${doc.public_ref}`);
    expect(sha(Buffer.concat(await (await blobs.get(doc.pdf_sha256)).toArray()))).toBe(doc.pdf_sha256);
  }, 30_000);
});

describe('tracing a leaked copy', () => {
  it('finds the export by its id, by text read off the copy and by the file hash, within the tracer\'s scope; the log matches its ledger', async () => {
    const res = await officer.post(`/api/exports/flags/${flagId}/snapshot`);
    const copy = await body(res);
    const id = res.headers.get('x-export-id')!;
    type Page = { items: { id: string; exportedBy: { account: string }; file: { sha256: string } }[] };
    const byId = (await (await manager.get(`/api/exports?exportId=${id}`)).json()) as Page;
    expect(byId.items.map((i) => i.id)).toEqual([id]);
    expect(byId.items[0].exportedBy.account).toBe('officer.wc');
    const byHash = (await (await manager.get(`/api/exports?sha256=${sha(copy)}`)).json()) as Page;
    expect(byHash.items.map((i) => i.id)).toEqual([id]);
    const byText = (await (await manager.get(`/api/exports?text=${encodeURIComponent(id.slice(3).toLowerCase())}`)).json()) as Page;
    expect(byText.items.map((i) => i.id)).toEqual([id]);
    // Officers do not trace; an auditor above does.
    expect((await officer.get(`/api/exports?exportId=${id}`)).status).toBe(403);
    const auditor = await api.login('auditor.zj'); // the province: sees the subtree below
    expect(((await (await auditor.get(`/api/exports?exportId=${id}`)).json()) as Page).items.map((i) => i.id)).toEqual([id]);
    expect((await manager.get('/api/exports')).status).toBe(400);
    // Append-only, and every row matches its ledger entry.
    await expect(t.db.updateTable('record_exports').set({ viewer_name: 'x' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('record_exports').where('id', '=', id).execute()).rejects.toThrow();
    const problems = (await checkEntities(t.db)).problems.filter((p) => p.id.startsWith('record_export/'));
    expect(problems).toEqual([]);
  });
});

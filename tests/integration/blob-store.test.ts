import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashStream, type BlobStore } from '../../core/blob/blob-store.js';
import { blobRow, recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let dir: string;
let store: BlobStore;
let t: TestDatabase;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-blobs-'));
  store = createFsBlobStore(dir);
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('file-system blob store', () => {
  it('stores a buffer under ab/cd/<sha256>, read-only, and reads it back', async () => {
    const data = Buffer.from('evidence snapshot bytes');
    const info = await store.put(data, 'image/jpeg');
    expect(info).toEqual({ sha256: sha(data), size: data.length });
    const file = path.join(dir, info.sha256.slice(0, 2), info.sha256.slice(2, 4), info.sha256);
    expect(statSync(file).mode & 0o777).toBe(0o400);
    expect(await store.has(info.sha256)).toBe(true);
    expect(await store.stat(info.sha256)).toEqual({ size: data.length });
    expect((await hashStream(await store.get(info.sha256))).sha256).toBe(info.sha256);
  });

  it('stores a stream of many chunks without knowing its hash first', async () => {
    const chunks = Array.from({ length: 200 }, (_, i) => Buffer.alloc(4096, i));
    const info = await store.put(Readable.from(chunks), 'video/x-flv');
    const all = Buffer.concat(chunks);
    expect(info).toEqual({ sha256: sha(all), size: all.length });
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
  });

  it('is write-once: putting the same bytes again leaves the stored file alone', async () => {
    const data = Buffer.from('write once');
    const first = await store.put(data, 'text/plain');
    const file = path.join(dir, first.sha256.slice(0, 2), first.sha256.slice(2, 4), first.sha256);
    const before = statSync(file);
    const again = await store.put(Readable.from([data]), 'text/plain');
    expect(again).toEqual(first);
    const after = statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('adopts a finished file without copying it: the file becomes the blob, read-only, and is consumed', async () => {
    const bytes = Buffer.from(`segment bytes ${Math.random()}`);
    const file = path.join(dir, 'work.flv.part');
    writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const inode = statSync(file).ino;
    await store.adopt(file, { sha256, size: bytes.length });
    expect(existsSync(file)).toBe(false);
    const target = path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    expect(statSync(target).ino).toBe(inode); // linked, not copied
    expect(statSync(target).mode & 0o777).toBe(0o400);
    expect(await store.has(sha256)).toBe(true);
    await store.remove(sha256);
    expect(await store.has(sha256)).toBe(false);
  });

  it("blobs are readable by the platform's own user only, whatever the umask: files 0400, every folder 0700", async () => {
    const own = createFsBlobStore(path.join(dir, 'own'));
    const previous = process.umask(0); // a permissive umask must not leak into the store
    try {
      const put = await own.put(Buffer.from(`put ${Math.random()}`), 'image/jpeg');
      const bytes = Buffer.from(`adopted ${Math.random()}`);
      const work = path.join(dir, 'own-work.flv.part');
      writeFileSync(work, bytes, { mode: 0o666 });
      const adopted = await own.adopt(work, { sha256: sha(bytes), size: bytes.length });
      for (const b of [put, adopted]) {
        const file = path.join(dir, 'own', b.sha256.slice(0, 2), b.sha256.slice(2, 4), b.sha256);
        expect(statSync(file).mode & 0o777).toBe(0o400);
        for (const folder of [path.dirname(file), path.dirname(path.dirname(file)), path.join(dir, 'own')]) expect((statSync(folder).mode & 0o777).toString(8), folder).toBe('700');
      }
      expect(statSync(path.join(dir, 'own', '.tmp')).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('lists every blob, and refuses addresses that are not a sha256', async () => {
    const listed: string[] = [];
    for await (const s of store.list()) listed.push(s);
    expect(listed).toHaveLength(3);
    expect(listed).toEqual([...listed].sort());
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a blob address/);
    await expect(store.get('0'.repeat(64))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.stat('0'.repeat(64))).toBeNull();
    expect(await store.has('f'.repeat(64))).toBe(false);
  });

  it('a failing source stream leaves no blob and no temp file behind', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('camera went away'));
      },
    });
    await expect(store.put(failing, 'video/x-flv')).rejects.toThrow(/camera went away/);
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
  });
});

describe('blob rows', () => {
  it('recordBlob inserts once, in the caller transaction; the app role cannot change or delete it', async () => {
    const data = Buffer.from('document.pdf bytes');
    const info = await store.put(data, 'application/pdf');
    await t.db.transaction().execute((trx) => recordBlob(trx, { ...info, mediaType: 'application/pdf' }));
    await recordBlob(t.db, { ...info, mediaType: 'application/pdf' });
    expect(await blobRow(t.db, info.sha256)).toEqual({ sha256: info.sha256, size: data.length, mediaType: 'application/pdf' });
    await expect(sql`DELETE FROM blobs WHERE sha256 = ${info.sha256}`.execute(t.db)).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE blobs SET size = 1`.execute(t.db)).rejects.toThrow(/permission denied/);
  });

  it('a rolled-back transaction leaves no row (the stored bytes are an orphan, never a dangling row)', async () => {
    const info = await store.put(Buffer.from('rolled back'), 'text/plain');
    await t.db
      .transaction()
      .execute(async (trx) => {
        await recordBlob(trx, { ...info, mediaType: 'text/plain' });
        throw new Error('abort');
      })
      .catch(() => {});
    expect(await blobRow(t.db, info.sha256)).toBeNull();
    expect(await store.has(info.sha256)).toBe(true);
  });
});

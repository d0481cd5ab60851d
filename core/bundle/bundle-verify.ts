import { createHash, webcrypto } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { checkAnchors, checkCase, checkFiles, checkLedger, parseJson, zodWhere, type Read } from './bundle-checks.js';
import { BUNDLE_PATHS, ManifestSchema, type Manifest } from './bundle-format.js';
import { bundlePage } from './bundle-page.js';
import { entryDataOffset, entryStream, fileSource, readZipDirectory, ZipError, type ZipEntry, type ZipSource } from './zip-reader.js';

/**
 * Checks a case bundle offline, from the zip alone (no database, no network): every file against
 * the manifest (none changed, missing or added), each media file and document against the hash
 * its ledger entry recorded, each entry's leaf hash and inclusion proof to the checkpoint's root,
 * the checkpoint's Ed25519 signature with the bundled key, and each sealed PDF's PAdES signature
 * with the bundled agency certificates. Every problem names the file it is about.
 */
export type BundleProblem = { file: string; message: string };

export type BundleReport = {
  ok: boolean;
  problems: BundleProblem[];
  warnings: string[];
  manifest: Manifest | null;
  files: number;
  bytes: number;
  entries: number;
  documents: number;
  seals: number;
  keyId: string | null;
  checkpoint: { treeSize: number; signedAt: string } | null;
};


/** Files kept in memory to be read (everything but the media, which is only hashed). */
const keep = (p: string) => !p.startsWith('evidence/') || p.endsWith('.json');

async function digest(stream: Readable, hold: boolean): Promise<Read> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    hash.update(b);
    size += b.length;
    if (hold) parts.push(b);
  }
  return { sha256: hash.digest('hex'), size, ...(hold ? { bytes: Buffer.concat(parts) } : {}) };
}

/** Stored entries up to this size are read whole and hashed off the main thread; larger or deflated ones are streamed. */
const WHOLE_MAX = 64 * 1024 * 1024;

async function readEntry(zipPath: string, src: ZipSource, e: ZipEntry, hold: boolean): Promise<Read> {
  const offset = await entryDataOffset(src, e);
  if (e.method !== 0 || e.compressedSize > WHOLE_MAX) return digest(entryStream(zipPath, e, offset), hold);
  const bytes = await src.read(offset, e.compressedSize);
  if (bytes.length !== e.compressedSize) throw new ZipError(`${e.name}: its bytes run past the end of the file (the file is cut short)`);
  const sha256 = Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
  return { sha256, size: bytes.length, ...(hold ? { bytes } : {}) };
}

/** A bundle unzipped and zipped again with its folder: every name starts with that folder. */
function folderPrefix(entries: ZipEntry[]): string {
  if (entries.some((e) => e.name === BUNDLE_PATHS.manifest)) return '';
  const first = entries[0]?.name.split('/')[0];
  if (!first || !entries.every((e) => e.name.startsWith(`${first}/`))) return '';
  return entries.some((e) => e.name === `${first}/${BUNDLE_PATHS.manifest}`) ? `${first}/` : '';
}

export async function verifyBundle(zipPath: string): Promise<BundleReport> {
  const report: BundleReport = { ok: false, problems: [], warnings: [], manifest: null, files: 0, bytes: 0, entries: 0, documents: 0, seals: 0, keyId: null, checkpoint: null };
  const problem = (file: string, message: string) => report.problems.push({ file, message });
  const zipName = path.basename(zipPath);
  let src: Awaited<ReturnType<typeof fileSource>>;
  try {
    src = await fileSource(zipPath);
  } catch (err) {
    problem(zipName, `cannot be read: ${(err as Error).message}`);
    return report;
  }
  try {
    let listed: ZipEntry[];
    try {
      listed = await readZipDirectory(src);
    } catch (err) {
      if (err instanceof ZipError) {
        problem(zipName, err.message);
        return report;
      }
      throw err;
    }
    const prefix = folderPrefix(listed);
    const read = new Map<string, Read>();
    const unreadable = new Set<string>();
    const source = src;
    // A few at once: stored entries are hashed on libuv's threads (WebCrypto's digest), so both cores work.
    let next = 0;
    const worker = async () => {
      while (next < listed.length) {
        const e = listed[next++];
        const p = e.name.slice(prefix.length);
        try {
          read.set(p, await readEntry(zipPath, source, e, keep(p)));
        } catch (err) {
          unreadable.add(p);
          problem(p, `unreadable: ${err instanceof ZipError ? err.message : `its compressed bytes are damaged (${(err as Error).message})`}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    report.files = read.size;
    report.bytes = [...read.values()].reduce((n, r) => n + r.size, 0);

    const parsed = ManifestSchema.safeParse(parseJson(read.get(BUNDLE_PATHS.manifest)?.bytes));
    if (!read.has(BUNDLE_PATHS.manifest)) {
      if (!unreadable.has(BUNDLE_PATHS.manifest)) problem(BUNDLE_PATHS.manifest, 'missing: the bundle has no manifest, so nothing in it can be checked');
      return report;
    }
    if (!parsed.success) {
      problem(BUNDLE_PATHS.manifest, `not a case bundle manifest (${zodWhere(parsed.error.issues)})`);
      return report;
    }
    const manifest = parsed.data;
    report.manifest = manifest;
    checkFiles(manifest, read, unreadable, problem);
    for (const a of manifest.absent) report.warnings.push(`${a.what} (SHA-256 ${a.sha256}) was not in the platform's store at export: ${a.reason}`);

    const ledger = checkLedger(manifest, read, problem, report);
    if (ledger) {
      checkAnchors(manifest, ledger, read, problem, report);
      checkCase(manifest, ledger, problem);
    }
    // The page is the same for every bundle of a platform version: one that differs from ours may be
    // from another version, or rewritten to say what it likes (its manifest line with it).
    const page = read.get(BUNDLE_PATHS.page);
    if (page && page.sha256 !== createHash('sha256').update(bundlePage()).digest('hex')) {
      report.warnings.push(`${BUNDLE_PATHS.page} is not the verification page of this version of the platform (SHA-256 ${page.sha256}): rely on this command's result, not on that page`);
    }
    report.ok = report.problems.length === 0;
    return report;
  } finally {
    await src.close();
  }
}

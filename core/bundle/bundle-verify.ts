import { createHash, createPublicKey, verify as cryptoVerify, webcrypto, X509Certificate } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { canonicalJson } from '../ledger/canonical.js';
import { checkpointMessage } from '../ledger/checkpoint.js';
import { leafHash } from '../ledger/leaf.js';
import { rootFromInclusion } from '../ledger/merkle.js';
import { keyIdOf } from '../ledger/signer.js';
import { verifyPdfSignature } from '../seal/verify-signature.js';
import { bundlePage } from './bundle-page.js';
import {
  ANCHORED_ROLES,
  BUNDLE_PATHS,
  BundleCheckpointSchema,
  BundleEntrySchema,
  BundleProofsSchema,
  ManifestSchema,
  type BundleCheckpoint,
  type BundleEntry,
  type Manifest,
} from './bundle-format.js';
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

type Read = { sha256: string; size: number; bytes?: Buffer };

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

function parseJson(bytes: Buffer | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** An entry's state as an object ({} when it has none or it is not JSON: the digest check reports that). */
function stateOf(e: BundleEntry): Record<string, unknown> {
  try {
    const v: unknown = e.state ? JSON.parse(e.state) : {};
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const zodWhere = (issues: { path: PropertyKey[]; message: string }[]) => issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');

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

/** Every file in the zip is in the manifest with its size and hash, and every manifest line is in the zip. */
function checkFiles(manifest: Manifest, read: Map<string, Read>, unreadable: Set<string>, problem: (f: string, m: string) => void) {
  const listed = new Set<string>();
  for (const f of manifest.files) {
    if (listed.has(f.path)) problem(BUNDLE_PATHS.manifest, `lists ${f.path} twice`);
    listed.add(f.path);
    const got = read.get(f.path);
    if (!got) {
      if (!unreadable.has(f.path)) problem(f.path, 'missing: listed in the manifest but not in the bundle');
    } else if (got.sha256 !== f.sha256 || got.size !== f.size) {
      problem(f.path, `changed: its SHA-256 is ${got.sha256} (${got.size} bytes), the manifest says ${f.sha256} (${f.size} bytes)`);
    }
  }
  for (const p of read.keys()) if (p !== BUNDLE_PATHS.manifest && !listed.has(p)) problem(p, 'extra: in the bundle but not in the manifest (added after export)');
}

type Ledger = { entries: Map<string, BundleEntry> };

/** The checkpoint's signature, each entry's state digest, leaf hash and inclusion proof to the signed root. */
function checkLedger(manifest: Manifest, read: Map<string, Read>, problem: (f: string, m: string) => void, report: BundleReport): Ledger | null {
  const P = BUNDLE_PATHS;
  const pem = read.get(P.ledgerKey)?.bytes?.toString('utf8');
  const cpParsed = BundleCheckpointSchema.safeParse(parseJson(read.get(P.checkpoint)?.bytes));
  if (!cpParsed.success) {
    if (read.has(P.checkpoint)) problem(P.checkpoint, `not a signed checkpoint (${zodWhere(cpParsed.error.issues)})`);
    return null;
  }
  const cp: BundleCheckpoint = cpParsed.data;
  report.checkpoint = { treeSize: cp.treeSize, signedAt: cp.signedAt };
  if (!pem && !manifest.files.some((f) => f.path === P.ledgerKey)) problem(P.ledgerKey, 'missing: the checkpoint cannot be checked without the ledger key');
  if (pem) {
    try {
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519`);
      report.keyId = keyIdOf(key);
      const expected = checkpointMessage({ treeSize: cp.treeSize, rootHash: Buffer.from(cp.rootHash, 'hex'), chainHash: Buffer.from(cp.chainHash, 'hex'), signedAt: new Date(cp.signedAt) }).toString('utf8');
      if (report.keyId !== cp.keyId) problem(P.checkpoint, `signed by key ${cp.keyId}, but the bundled key is ${report.keyId}`);
      else if (expected !== cp.signedText) problem(P.checkpoint, 'its signed text does not state its own tree size, root, chain hash and time');
      else if (!cryptoVerify(null, Buffer.from(cp.signedText, 'utf8'), key, Buffer.from(cp.signature, 'hex'))) problem(P.checkpoint, `its Ed25519 signature is not valid under ${P.ledgerKey}`);
      if (manifest.ledger.keyId !== report.keyId) problem(P.manifest, `names ledger key ${manifest.ledger.keyId}, the bundle holds ${report.keyId}`);
    } catch (err) {
      problem(P.ledgerKey, `not a readable Ed25519 public key (${(err as Error).message})`);
    }
  }
  if (manifest.ledger.treeSize !== cp.treeSize) problem(P.manifest, `names checkpoint ${manifest.ledger.treeSize}, the bundle holds ${cp.treeSize}`);

  const proofsParsed = BundleProofsSchema.safeParse(parseJson(read.get(P.proofs)?.bytes));
  if (!proofsParsed.success) {
    if (read.has(P.proofs)) problem(P.proofs, `not a list of inclusion proofs (${zodWhere(proofsParsed.error.issues)})`);
    return null;
  }
  const proofs = proofsParsed.data;
  if (proofs.treeSize !== cp.treeSize || proofs.rootHash !== cp.rootHash) problem(P.proofs, `proves to tree ${proofs.treeSize}, not to the checkpoint's (${cp.treeSize})`);
  const proofOf = new Map(proofs.proofs.map((p) => [p.entryId, p]));
  const root = Buffer.from(cp.rootHash, 'hex');

  const entries = new Map<string, BundleEntry>();
  const text = read.get(P.entries)?.bytes?.toString('utf8');
  if (text === undefined) return null;
  const lines = text.split('\n').filter((l) => l.length > 0);
  lines.forEach((line, i) => {
    const parsed = BundleEntrySchema.safeParse(parseJson(Buffer.from(line, 'utf8')));
    if (!parsed.success) return problem(P.entries, `line ${i + 1} is not a ledger entry (${zodWhere(parsed.error.issues)})`);
    const e = parsed.data;
    const name = `entry ${e.id} (${e.action})`;
    entries.set(e.id, e);
    if (createHash('sha256').update(e.state ?? 'null').digest('hex') !== e.stateDigest) problem(P.entries, `${name}: its state is not the one its digest was made from`);
    const proof = proofOf.get(e.id);
    if (!proof) return problem(P.proofs, `no inclusion proof for ${name}`);
    proofOf.delete(e.id);
    if (proof.leafIndex !== e.seq - 1) return problem(P.proofs, `${name}: the proof is for position ${proof.leafIndex + 1}, the entry is at ${e.seq}`);
    const leaf = leafHash({ ...e, stateDigest: Buffer.from(e.stateDigest, 'hex') });
    const reached = rootFromInclusion(leaf, proof.leafIndex, cp.treeSize, proof.auditPath);
    if (!reached || !reached.equals(root)) problem(P.entries, `${name}: its inclusion proof does not lead to the signed root (the entry or its proof was changed)`);
  });
  for (const id of proofOf.keys()) problem(P.proofs, `a proof for entry ${id}, which is not in ${P.entries}`);
  if (manifest.ledger.entries !== entries.size) problem(P.manifest, `names ${manifest.ledger.entries} ledger entries, ${P.entries} holds ${entries.size}`);
  report.entries = entries.size;
  return { entries };
}

/** The case the manifest names is the one the entries are about, and its number is one of its documents'. */
function checkCase(manifest: Manifest, ledger: Ledger, problem: (f: string, m: string) => void) {
  const entries = [...ledger.entries.values()];
  if (!entries.some((e) => e.entityType === 'case' && e.entityId === manifest.case.id)) problem(BUNDLE_PATHS.manifest, `names case ${manifest.case.id}, but no ledger entry of the bundle is about that case`);
  const number = manifest.case.number;
  if (number && !entries.some((e) => e.entityType === 'document' && stateOf(e).number === number)) {
    problem(BUNDLE_PATHS.manifest, `names case number ${number}, which no document of the bundle's ledger entries bears`);
  }
}

/** Documents, media and certificates hold the bytes their ledger entries recorded; sealed PDFs carry valid seals. */
function checkAnchors(manifest: Manifest, ledger: Ledger, read: Map<string, Read>, problem: (f: string, m: string) => void, report: BundleReport) {
  // A certificate is recorded by the SHA-256 of its DER encoding (its fingerprint), not of the PEM text.
  const certs = new Map<string, string>();
  for (const f of manifest.files.filter((x) => x.role === 'certificate')) {
    const pem = read.get(f.path)?.bytes?.toString('utf8');
    if (!pem) continue;
    try {
      certs.set(f.path, createHash('sha256').update(new X509Certificate(pem).raw).digest('hex'));
    } catch {
      problem(f.path, 'not a readable X.509 certificate');
    }
  }
  for (const f of manifest.files) {
    if (!ANCHORED_ROLES.includes(f.role)) continue;
    const hash = f.role === 'certificate' ? certs.get(f.path) : f.sha256;
    const e = f.entryId ? ledger.entries.get(f.entryId) : undefined;
    if (!hash) continue;
    if (!f.entryId) problem(f.path, 'the manifest names no ledger entry that recorded it');
    else if (!e) problem(f.path, `the manifest names ledger entry ${f.entryId}, which is not in ${BUNDLE_PATHS.entries}`);
    else if (!(e.state ?? '').includes(hash) && !canonicalJson(e.context).includes(hash)) problem(f.path, `its SHA-256 is not the one ledger entry ${e.id} (${e.action}) recorded`);
  }
  const sealCerts = new Set(certs.values());

  for (const e of ledger.entries.values()) {
    if (e.entityType !== 'document' || (e.action !== 'document.issued' && e.action !== 'document.corrected')) continue;
    const state = stateOf(e) as { pdf_sha256?: string; sealed?: boolean; number?: string | null; version?: number };
    const recorded = (e.context as { sha256?: string } | null)?.sha256;
    const label = `${state.number ?? 'document'}${state.version && state.version > 1 ? ` version ${state.version}` : ''} (ledger entry ${e.id})`;
    const f = manifest.files.find((x) => x.role === 'document' && x.documentId === e.entityId);
    if (!f) {
      problem('documents/', `${label} is not in the bundle`);
      continue;
    }
    report.documents++;
    if (!state.pdf_sha256 || state.pdf_sha256 !== recorded || f.sha256 !== state.pdf_sha256) {
      problem(f.path, `is not the PDF ${label} recorded (SHA-256 ${state.pdf_sha256 ?? recorded ?? 'none'})`);
      continue;
    }
    const pdf = read.get(f.path)?.bytes;
    if (!state.sealed || !pdf) continue;
    const sig = verifyPdfSignature(pdf);
    if (!sig.signed) problem(f.path, 'was issued under the agency seal but carries no signature');
    else if (!sig.intact) problem(f.path, `its seal signature is not valid: ${sig.problem ?? 'the signed bytes changed'}`);
    else if (!sig.coversWholeFile) problem(f.path, 'bytes were added after it was sealed');
    else if (!sig.certificateSha256 || !sealCerts.has(sig.certificateSha256)) problem(f.path, `sealed with a certificate that is not among the bundled ones (SHA-256 ${sig.certificateSha256 ?? 'unknown'})`);
    else report.seals++;
  }
}

import { createHash, createPublicKey, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical.js';
import { checkpointMessage } from '../ledger/checkpoint.js';
import { leafHash } from '../ledger/leaf.js';
import { rootFromInclusion } from '../ledger/merkle.js';
import { keyIdOf } from '../ledger/signer.js';
import { verifyPdfSignature } from '../seal/verify-signature.js';
import { ANCHORED_ROLES, BUNDLE_PATHS, BundleCheckpointSchema, BundleEntrySchema, BundleProofsSchema, type BundleCheckpoint, type BundleEntry, type Manifest } from './bundle-format.js';
import type { BundleReport } from './bundle-verify.js';

/**
 * The checks of a case bundle once its files are read (bundle-verify.ts reads them): the files
 * against the manifest, the ledger (signature, digests, proofs), the anchors (documents, media and
 * certificates against the entries that recorded them; the seals) and the case the manifest names.
 */
export type Read = { sha256: string; size: number; bytes?: Buffer };
export type Problem = (file: string, message: string) => void;

export function parseJson(bytes: Buffer | undefined): unknown {
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

export const zodWhere = (issues: { path: PropertyKey[]; message: string }[]) => issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');

/** Every file in the zip is in the manifest with its size and hash, and every manifest line is in the zip. */
export function checkFiles(manifest: Manifest, read: Map<string, Read>, unreadable: Set<string>, problem: Problem) {
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

export type Ledger = { entries: Map<string, BundleEntry> };

/** The checkpoint's signature, each entry's state digest, leaf hash and inclusion proof to the signed root. */
export function checkLedger(manifest: Manifest, read: Map<string, Read>, problem: Problem, report: BundleReport): Ledger | null {
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
export function checkCase(manifest: Manifest, ledger: Ledger, problem: Problem) {
  const entries = [...ledger.entries.values()];
  if (!entries.some((e) => e.entityType === 'case' && e.entityId === manifest.case.id)) problem(BUNDLE_PATHS.manifest, `names case ${manifest.case.id}, but no ledger entry of the bundle is about that case`);
  const number = manifest.case.number;
  if (number && !entries.some((e) => e.entityType === 'document' && stateOf(e).number === number)) {
    problem(BUNDLE_PATHS.manifest, `names case number ${number}, which no document of the bundle's ledger entries bears`);
  }
}

/** Documents, media and certificates hold the bytes their ledger entries recorded; sealed PDFs carry valid seals. */
export function checkAnchors(manifest: Manifest, ledger: Ledger, read: Map<string, Read>, problem: Problem, report: BundleReport) {
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

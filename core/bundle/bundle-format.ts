import { z } from 'zod';

/**
 * The self-verifying case file (issue 14 item 6): what a bundle holds and how its JSON files are
 * shaped. The export (api/cases/case-export.*) writes it; `npm run verify -- case.zip`
 * (bundle-verify.ts) and the bundle's own index.html check it, with nothing but the bundle.
 *
 *   manifest.json           every other file's path, size and SHA-256; the case; who exported it, when
 *   index.html              opens from disk and checks the bundle in the browser (WebCrypto)
 *   documents/…pdf          every version of every document of the case, as issued
 *   evidence/NN-kind/…      clips, snapshots and original segments, each folder with provenance.json
 *   ledger/entries.jsonl    the case's ledger entries (leaf fields, chain position, the state text)
 *   ledger/proofs.json      an RFC 6962 inclusion proof of each entry to the checkpoint's root
 *   ledger/checkpoint.json  the signed checkpoint (tree size, root, chain hash, time, Ed25519 signature)
 *   keys/                   the ledger's Ed25519 public key; each agency seal certificate (PEM)
 *
 * Media and documents are anchored: the manifest names, for each, the ledger entry that recorded
 * its hash when it was made, so a file changed together with its manifest line is still caught.
 */
export const BUNDLE_FORMAT = 'vigil-case-bundle/v1';

export const BUNDLE_PATHS = {
  manifest: 'manifest.json',
  page: 'index.html',
  entries: 'ledger/entries.jsonl',
  proofs: 'ledger/proofs.json',
  checkpoint: 'ledger/checkpoint.json',
  ledgerKey: 'keys/ledger-ed25519.pub.pem',
} as const;

/** What a file is: anchored roles (document, evidence, certificate) carry the entry that recorded their hash. */
export const FILE_ROLES = ['document', 'evidence', 'provenance', 'certificate', 'ledger', 'key', 'page'] as const;
export const ANCHORED_ROLES: readonly FileRole[] = ['document', 'evidence', 'certificate'];
export type FileRole = (typeof FILE_ROLES)[number];

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestFileSchema = z.object({
  path: z.string().min(1),
  size: z.number().int().min(0),
  sha256: Hex64,
  role: z.enum(FILE_ROLES),
  /** What it is, in words (Chinese, as the case file prints it). */
  title: z.string().optional(),
  /** The ledger entry that recorded this file's hash (anchored roles). */
  entryId: z.string().optional(),
  /** documents/: the document row (one per version) and its version. */
  documentId: z.string().optional(),
  version: z.number().int().optional(),
  mediaType: z.string().optional(),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

export const ManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  case: z.object({
    id: z.string(),
    /** The decision's 文号 when decided, else the acceptance record's 编号. */
    number: z.string().nullable(),
    matter: z.string(),
    party: z.object({ name: z.string(), creditCode: z.string().nullable(), address: z.string().nullable() }),
    agency: z.string(),
    state: z.string(),
    acceptedAt: z.string(),
    closedAt: z.string().nullable(),
  }),
  exportedBy: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  exportedAt: z.string(),
  ledger: z.object({ keyId: Hex64, treeSize: z.number().int().min(1), entries: z.number().int().min(0) }),
  files: z.array(ManifestFileSchema),
  /** Material the case names whose bytes were not in the store at export (named, with why). */
  absent: z.array(z.object({ what: z.string(), sha256: z.string(), reason: z.string() })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** One line of ledger/entries.jsonl: the leaf's fields (as hashed), its chain position, and the state's exact text. */
export const BundleEntrySchema = z.object({
  seq: z.number().int().min(1),
  id: z.string(),
  recordedAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  stateDigest: Hex64,
  requestId: z.string().nullable(),
  context: z.unknown(),
  /** The canonical JSON text whose SHA-256 is stateDigest (null: an event with no state). */
  state: z.string().nullable(),
});
export type BundleEntry = z.infer<typeof BundleEntrySchema>;

export const BundleProofsSchema = z.object({
  treeSize: z.number().int().min(1),
  rootHash: Hex64,
  proofs: z.array(z.object({ entryId: z.string(), leafIndex: z.number().int().min(0), auditPath: z.array(Hex64) })),
});
export type BundleProofs = z.infer<typeof BundleProofsSchema>;

export const BundleCheckpointSchema = z.object({
  format: z.literal('vigil-ledger-checkpoint/v1'),
  treeSize: z.number().int().min(1),
  rootHash: Hex64,
  chainHash: Hex64,
  signedAt: z.string(),
  keyId: Hex64,
  /** Ed25519 signature (hex) over `signedText` in UTF-8. */
  signature: z.string().regex(/^[0-9a-f]{128}$/),
  /** The exact text signed: format, tree size, root, chain hash and time, one per line. */
  signedText: z.string(),
});
export type BundleCheckpoint = z.infer<typeof BundleCheckpointSchema>;

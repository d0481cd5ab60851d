import { z } from 'zod';

/**
 * What a backup holds, written last (its presence marks the backup complete). Every object of
 * the backup is listed with its SHA-256 and size; the blobs are listed in the `blobs.txt` object
 * (one `<sha256> <size>` line each), itself hashed here. The recovery point says what is in it:
 * every transaction committed before `recoveryPoint.at` (see run-backup.ts).
 */
export const MANIFEST_FORMAT = 'vigil-backup/1';

const sha = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestFileSchema = z.object({
  name: z.string().min(1),
  sha256: sha,
  size: z.number().int().min(0),
  /** database: a data-directory file; wal: the WAL written during the backup; secret: keys, passwords; list: the blob list. */
  kind: z.enum(['database', 'wal', 'label', 'secret', 'list']),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  recoveryPoint: z.object({
    at: z.string(),
    method: z.string(),
    startLsn: z.string(),
    stopLsn: z.string(),
    timeline: z.number().int(),
  }),
  postgres: z.object({ version: z.string(), serverVersionNum: z.number().int() }),
  ledger: z.object({
    /** Entries chained at the recovery point (entries committed but not yet chained are in the backup too; the restore chains them). */
    chained: z.number().int(),
    checkpoint: z.object({ treeSize: z.number().int(), rootHash: z.string(), signedAt: z.string(), keyId: z.string() }).nullable(),
  }),
  /** Folders of the data directory, empty ones included (PostgreSQL needs them). */
  dirs: z.array(z.string()),
  files: z.array(manifestFileSchema),
  blobs: z.object({ list: z.string(), count: z.number().int(), bytes: z.number().int(), copied: z.number().int(), copiedBytes: z.number().int() }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export function parseManifest(text: string, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: manifest.json is not JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: manifest.json is not a ${MANIFEST_FORMAT} manifest (${issue.path.join('.') || 'root'}: ${issue.message})`);
  }
  return parsed.data;
}

/** The blob list object: one `<sha256> <size>` line per blob. */
export function formatBlobList(blobs: { sha256: string; size: number }[]): string {
  return blobs.map((b) => `${b.sha256} ${b.size}\n`).join('');
}

export function parseBlobList(text: string): { sha256: string; size: number }[] {
  const out: { sha256: string; size: number }[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) (\d+)$/.exec(line);
    if (!m) throw new Error(`blobs.txt line ${i + 1} is not "<sha256> <size>"`);
    out.push({ sha256: m[1], size: Number(m[2]) });
  }
  return out;
}

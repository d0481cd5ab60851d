import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { assertSha256, type BlobInfo } from './blob-store.js';

/**
 * Records a stored blob in the `blobs` table, inside the caller's transaction. Put the bytes in
 * the blob store first: the row must never point to bytes that are not durably there. Recording
 * the same blob twice is fine (the row is write-once; the second insert does nothing).
 */
export async function recordBlob(trx: Kysely<Database>, blob: BlobInfo & { mediaType: string }): Promise<void> {
  assertSha256(blob.sha256);
  await trx
    .insertInto('blobs')
    .values({ sha256: blob.sha256, size: String(blob.size), media_type: blob.mediaType })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function blobRow(db: Kysely<Database>, sha256: string): Promise<{ sha256: string; size: number; mediaType: string } | null> {
  const row = await db.selectFrom('blobs').select(['sha256', 'size', 'media_type']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { sha256: row.sha256, size: Number(row.size), mediaType: row.media_type } : null;
}

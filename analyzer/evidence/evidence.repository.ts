import { sql } from 'kysely';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { ClipCoverage, FlagRow } from '../../core/db/database.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';

const ACTOR: Actor = { type: 'system', id: 'analyzer' };

export type NewClip = {
  sha256: string;
  size: number;
  requestedFrom: Date;
  requestedTo: Date;
  coversFrom: Date;
  durationMs: number;
  coverage: ClipCoverage;
  final: boolean;
  provenance: Record<string, unknown>;
};

/** The evidence job's queries: the flag, its clip versions, the recording that covers it. */
export function createEvidenceRepository(db: Db) {
  return {
    flag: (flagId: string) => db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirst(),

    newestClip: (flagId: string) =>
      db.selectFrom('flag_clips').select(['version', 'requested_to', 'final']).where('flag_id', '=', flagId).orderBy('version', 'desc').limit(1).executeTakeFirst(),

    /** Closed, unpurged segments of the device overlapping [from, to], in order. */
    segments: (deviceId: string, from: Date, to: Date) =>
      db
        .selectFrom('recording_segments')
        .select(['id', 'blob_sha256', 'started_at', 'ended_at'])
        .where('device_id', '=', deviceId)
        .where('purged_at', 'is', null)
        .where('started_at', '<', to)
        .where('ended_at', '>', from)
        .orderBy('started_at')
        .orderBy('seq')
        .execute(),

    /** The camera is publishing now. */
    live: async (deviceId: string) => !!(await db.selectFrom('publish_sessions').select('id').where('device_id', '=', deviceId).where('ended_at', 'is', null).executeTakeFirst()),

    /** Retention keeps what a flag points to. */
    async recordCover(flagId: string, segmentIds: string[]) {
      if (!segmentIds.length) return;
      await db
        .insertInto('flag_segments')
        .values(segmentIds.map((id) => ({ flag_id: flagId, segment_id: id })))
        .onConflict((oc) => oc.columns(['flag_id', 'segment_id']).doNothing())
        .execute();
    },

    /**
     * Adds the next version of the flag's clip (write-once), points the flag at it and ledgers
     * the flag, in one transaction. Null when a newer or final version got there first.
     */
    async addClip(flagId: string, c: NewClip, correlationId?: string): Promise<{ row: FlagRow; version: number } | null> {
      return db.transaction().execute(async (trx) => {
        await sql`SELECT 1 FROM flags WHERE id = ${flagId} FOR UPDATE`.execute(trx);
        const newest = await trx.selectFrom('flag_clips').select(['version', 'requested_to', 'final']).where('flag_id', '=', flagId).orderBy('version', 'desc').limit(1).executeTakeFirst();
        if (newest && (newest.final || (!c.final && newest.requested_to.getTime() >= c.requestedTo.getTime()))) return null;
        const version = (newest?.version ?? 0) + 1;
        await recordBlob(trx, { sha256: c.sha256, size: c.size, mediaType: 'video/mp4' });
        const provenance = { ...c.provenance, version, coverage: c.coverage, final: c.final };
        await trx
          .insertInto('flag_clips')
          .values({
            flag_id: flagId,
            version,
            blob_sha256: c.sha256,
            requested_from: c.requestedFrom,
            requested_to: c.requestedTo,
            covers_from: c.coversFrom,
            covers_to: new Date(c.coversFrom.getTime() + c.durationMs),
            duration_ms: c.durationMs,
            coverage: c.coverage,
            final: c.final,
            provenance: JSON.stringify(provenance),
          })
          .execute();
        const row = await trx
          .updateTable('flags')
          .set({ clip_sha256: c.sha256, clip_provenance: JSON.stringify(provenance), evidence_status: 'ready', updated_at: new Date() })
          .where('id', '=', flagId)
          .returningAll()
          .executeTakeFirstOrThrow();
        const action = version === 1 ? 'flag.evidence_attached' : 'flag.evidence_extended';
        await appendLedger(trx, { actor: ACTOR, action, entityType: 'flag', entityId: flagId, state: row, requestId: correlationId ?? null });
        return { row, version };
      });
    },

    /** No recording covers the flag: says so once, ledgered. False if it was already said, or a clip exists. */
    async markUnavailable(flagId: string, provenance: object, correlationId?: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('flags')
          .set({ clip_provenance: JSON.stringify(provenance), evidence_status: 'unavailable', updated_at: new Date() })
          .where('id', '=', flagId)
          .where('evidence_status', '=', 'pending')
          .returningAll()
          .executeTakeFirst();
        if (!row) return false;
        await appendLedger(trx, { actor: ACTOR, action: 'flag.evidence_unavailable', entityType: 'flag', entityId: flagId, state: row, requestId: correlationId ?? null });
        return true;
      });
    },
  };
}
export type EvidenceRepository = ReturnType<typeof createEvidenceRepository>;

/**
 * Runs `fn` while holding the flag's evidence lock (a session advisory lock on one pooled
 * connection, whose queries `fn` gets), so two jobs for one flag never cut at once. Returns
 * false without running `fn` when another job holds it.
 */
export async function withEvidenceLock(db: Db, flagId: string, fn: (repo: EvidenceRepository) => Promise<void>): Promise<boolean> {
  return db.connection().execute(async (conn) => {
    const key = `flag-evidence:${flagId}`;
    const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${key}, 0)) AS ok`.execute(conn);
    if (!got.rows[0]?.ok) return false;
    try {
      await fn(createEvidenceRepository(conn));
      return true;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(conn).catch(() => {});
    }
  });
}

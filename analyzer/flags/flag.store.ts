import { sql, type Kysely } from 'kysely';
import type { FlagDetail } from '../../core/analysis/flag-contract.js';
import type { FlagType } from '../../core/analysis/rule-definition.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { Database, FlagRow } from '../../core/db/database.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Queue } from '../../core/queue.js';
import { FLAG_CHANNEL } from '../../core/events.js';
import { deadlineForNewFlag } from '../../core/review/policy.repository.js';

export type DevicePlace = { deviceId: string; siteId: string; businessId: string; agencyId: string; category: string };

export type FlagOpen = {
  place: DevicePlace;
  source: 'rule' | 'tamper' | 'sensor';
  type: FlagType;
  rule: { id: string; version: number } | null;
  model: { name: string; version: string; sha256: string } | null;
  startedAt: Date;
  /**
   * Where the evidence clip starts, when the event knows better than the pre-roll (a tampering
   * that began before the flag was raised); at or before `startedAt`. Absent: start − pre-roll.
   */
  evidenceFrom?: Date | null;
  peakScore: number | null;
  peakAt: Date | null;
  detail: FlagDetail;
  snapshotJpeg: Buffer | null;
};

/** Seconds after a flag opens before its evidence job first looks at the recording (it asks again itself). */
const FIRST_EVIDENCE_LOOK_S = 5;

export type FlagClose = { endedAt: Date; peakScore: number | null; peakAt: Date | null; detail?: FlagDetail };

const actor = (analyzer: string) => ({ type: 'system' as const, id: `analyzer:${analyzer}` });

/**
 * Writes flags: the row, its snapshot blob, its ledger entry and the jobs that follow (review
 * queue push, evidence clip) commit together. Keyed by device + rule (or tamper type) + start
 * time, so a retried write, or a second analyzer racing after a takeover, never makes a second
 * row: the existing one is returned instead.
 */
export function createFlagStore(deps: { db: Db; blobs: BlobStore; queue: Pick<Queue, 'sendInTransaction'>; analyzer: string }) {
  const { db, blobs, queue, analyzer } = deps;
  return {
    async place(deviceId: string): Promise<DevicePlace | null> {
      const r = await db
        .selectFrom('devices as d')
        .innerJoin('businesses as b', 'b.id', 'd.business_id')
        .select(['d.id', 'd.site_id', 'd.business_id', 'b.agency_id', 'b.category'])
        .where('d.id', '=', deviceId)
        .executeTakeFirst();
      return r ? { deviceId: r.id, siteId: r.site_id, businessId: r.business_id, agencyId: r.agency_id, category: r.category } : null;
    },

    /** Opens a flag (or finds the one this event already made). Returns its id. */
    async open(f: FlagOpen): Promise<{ id: string; created: boolean }> {
      const key = `${f.place.deviceId}:${f.rule ? `rule:${f.rule.id}:${f.rule.version}` : `${f.source}:${f.type}`}:${f.startedAt.getTime()}`;
      const snap = f.snapshotJpeg ? await blobs.put(f.snapshotJpeg, 'image/jpeg') : null;
      return db.transaction().execute(async (trx) => {
        if (snap) await recordBlob(trx, { ...snap, mediaType: 'image/jpeg' });
        // The same event already written (a retry), or another event of this rule still open
        // (a takeover that lost the checkpoint): continue that one.
        const existing = await trx
          .selectFrom('flags')
          .select('id')
          .where((eb) =>
            eb.or([
              eb('dedupe_key', '=', key),
              eb.and([eb('device_id', '=', f.place.deviceId), eb('type', '=', f.type), eb('state', '=', 'active'), f.rule ? eb('rule_id', '=', f.rule.id) : eb('rule_id', 'is', null)]),
            ]),
          )
          .executeTakeFirst();
        if (existing) return { id: existing.id, created: false };
        // R5: the handling deadline, from the policy for this type and category.
        const deadline = await deadlineForNewFlag(trx, f.type, f.place.category);
        const row = await trx
          .insertInto('flags')
          .values({
            dedupe_key: key,
            device_id: f.place.deviceId,
            site_id: f.place.siteId,
            business_id: f.place.businessId,
            agency_id: f.place.agencyId,
            category: f.place.category,
            source: f.source,
            type: f.type,
            rule_id: f.rule?.id ?? null,
            rule_version: f.rule?.version ?? null,
            model: f.model ? JSON.stringify(f.model) : null,
            analyzer,
            state: 'active',
            started_at: f.startedAt,
            peak_score: f.peakScore,
            peak_at: f.peakAt,
            detail: JSON.stringify(f.evidenceFrom && f.evidenceFrom.getTime() < f.startedAt.getTime() ? { ...f.detail, evidenceFrom: f.evidenceFrom.toISOString() } : f.detail),
            snapshot_sha256: snap?.sha256 ?? null,
            // A sensor flag's evidence is the readings in its detail, there from the start.
            ...(f.source === 'sensor' ? { evidence_status: 'ready' as const } : {}),
            deadline_at: deadline,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await ledger(trx, 'flag.raised', row, analyzer);
        await queue.sendInTransaction(trx as never, 'flags.raised', { flagId: row.id });
        // Evidence does not wait for the event to end: a first clip as soon as it is recorded (a
        // sensor flag has no clip: its readings are its evidence, there from the start).
        if (f.source !== 'sensor') await queue.sendInTransaction(trx as never, 'flags.evidence', { flagId: row.id }, { startAfter: FIRST_EVIDENCE_LOOK_S });
        await sql`SELECT pg_notify(${FLAG_CHANNEL}, ${JSON.stringify({ flagId: row.id })})`.execute(trx);
        return { id: row.id, created: true };
      });
    },

    /** Ends an open flag at its last sighting and asks for the last version of its evidence clip. Idempotent. */
    async close(flagId: string, c: FlagClose): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('flags')
          .set({
            state: 'ended',
            ended_at: sql<Date>`greatest(started_at, ${c.endedAt}::timestamptz)`,
            peak_score: c.peakScore,
            peak_at: c.peakAt,
            // The evidence start given at the open stays (every clip version starts there) unless the close gives one.
            ...(c.detail ? { detail: sql<FlagDetail>`jsonb_strip_nulls(jsonb_build_object('evidenceFrom', detail -> 'evidenceFrom')) || ${JSON.stringify(c.detail)}::jsonb` } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', flagId)
          .where('state', '=', 'active')
          .returningAll()
          .executeTakeFirst();
        if (!row) return false;
        await ledger(trx, 'flag.ended', row, analyzer);
        await queue.sendInTransaction(trx as never, 'flags.raised', { flagId });
        // Clips come from recordings; a sensor flag carries its readings instead.
        if (row.source !== 'sensor') await queue.sendInTransaction(trx as never, 'flags.evidence', { flagId }, { startAfter: 5 });
        await sql`SELECT pg_notify(${FLAG_CHANNEL}, ${JSON.stringify({ flagId })})`.execute(trx);
        return true;
      });
    },

    /** Replaces an open flag's detail (a sensor flag's readings as the excursion goes on). Ledgered. */
    async updateDetail(flagId: string, detail: FlagDetail): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('flags').set({ detail: JSON.stringify(detail), updated_at: new Date() }).where('id', '=', flagId).where('state', '=', 'active').returningAll().executeTakeFirst();
        if (!row) return false;
        await ledger(trx, 'flag.updated', row, analyzer);
        await sql`SELECT pg_notify(${FLAG_CHANNEL}, ${JSON.stringify({ flagId })})`.execute(trx);
        return true;
      });
    },

    /** Flags of a device still open (by whichever analyzer opened them). */
    active(deviceId: string) {
      return db.selectFrom('flags').select(['id', 'type', 'rule_id', 'rule_version', 'started_at', 'peak_score', 'peak_at']).where('device_id', '=', deviceId).where('state', '=', 'active').execute();
    },
  };
}

async function ledger(trx: Kysely<Database>, action: string, row: FlagRow, analyzer: string) {
  await appendLedger(trx, { actor: actor(analyzer), action, entityType: 'flag', entityId: row.id, state: row });
}

export type FlagStore = ReturnType<typeof createFlagStore>;

import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';

export type Acquired = { deviceId: string; checkpoint: Record<string, unknown>; takeover: boolean };

/**
 * Shares the cameras between analyzer processes through leases in PostgreSQL. Each tick a
 * process renews what it holds (writing each camera's checkpoint), lets go of cameras beyond
 * its fair share, and takes free or expired ones up to it. A process that dies stops renewing;
 * its leases expire after ttl and the others take them, checkpoint and all.
 */
export function createLeaseManager(opts: { db: Db; holder: string; ttlMs: number; maxCameras: number; log: Logger }) {
  const { db, holder, ttlMs, log } = opts;
  const held = new Set<string>();
  const ttl = sql`make_interval(secs => ${ttlMs / 1000})`;

  /** Cameras worth watching: in service, and streamed at least once (a consent let them publish). */
  const candidates = async () =>
    (
      await db
        .selectFrom('devices as d')
        .select('d.id')
        .where('d.kind', '=', 'camera')
        .where('d.status', 'not in', ['retired', 'suspended', 'pending_consent'])
        .where((eb) => eb.exists(eb.selectFrom('publish_sessions as p').select('p.id').whereRef('p.device_id', '=', 'd.id')))
        .execute()
    ).map((r) => r.id);

  /** Analyzer processes alive now (heartbeats), this one included. */
  const liveAnalyzers = async () => {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM process_heartbeats WHERE component = 'analyzer' AND last_seen_at > now() - interval '20 seconds' AND instance <> ${holder}`.execute(db);
    return r.rows[0].n + 1;
  };

  return {
    held: () => [...held],
    /**
     * One round. checkpoints(): the current checkpoint of each held camera. Returns what was
     * lost (another process has it now), released and acquired.
     */
    async tick(checkpoints: (deviceId: string) => Record<string, unknown>, stopCameras: (deviceIds: string[]) => Promise<void>) {
      const ids = [...held];
      const lost: string[] = [];
      if (ids.length) {
        const cps = ids.map((id) => JSON.stringify(checkpoints(id)));
        const renewed = await sql<{ device_id: string }>`
          UPDATE analyzer_leases l SET renewed_at = now(), expires_at = now() + ${ttl}, checkpoint = c.cp
          FROM (SELECT unnest(${ids}::uuid[]) AS id, unnest(${cps}::jsonb[]) AS cp) c
          WHERE l.device_id = c.id AND l.holder = ${holder}
          RETURNING l.device_id`.execute(db);
        const ok = new Set(renewed.rows.map((r) => r.device_id));
        for (const id of ids) {
          if (ok.has(id)) continue;
          held.delete(id);
          lost.push(id);
        }
        if (lost.length) await stopCameras(lost);
      }
      const all = await candidates();
      const wanted = new Set(all);
      const live = await liveAnalyzers();
      const share = Math.min(opts.maxCameras || Number.POSITIVE_INFINITY, Math.ceil(all.length / live));
      const release = [...held].filter((id) => !wanted.has(id));
      const extra = [...held].filter((id) => wanted.has(id)).slice(share);
      release.push(...extra.slice(0, Math.max(1, Math.ceil(extra.length / 2))));
      for (const id of release) held.delete(id);
      if (release.length) {
        await stopCameras(release); // final checkpoints first: the next holder continues from them
        await sql`UPDATE analyzer_leases SET expires_at = now(), checkpoint = c.cp FROM (SELECT unnest(${release}::uuid[]) AS id, unnest(${release.map((id) => JSON.stringify(checkpoints(id)))}::jsonb[]) AS cp) c WHERE device_id = c.id AND holder = ${holder}`.execute(db);
      }
      const room = share - held.size;
      const acquired: Acquired[] = [];
      if (room > 0) {
        const free = all.filter((id) => !held.has(id)).sort(() => Math.random() - 0.5);
        const rows = await sql<{ device_id: string; checkpoint: Record<string, unknown>; takeovers: number; acquired_at: Date; renewed_at: Date }>`
          INSERT INTO analyzer_leases (device_id, holder, expires_at)
          SELECT id, ${holder}, now() + ${ttl} FROM unnest(${free}::uuid[]) AS id
          ON CONFLICT (device_id) DO UPDATE
            SET holder = excluded.holder, acquired_at = now(), renewed_at = now(), expires_at = excluded.expires_at,
                takeovers = analyzer_leases.takeovers + CASE WHEN analyzer_leases.holder <> excluded.holder THEN 1 ELSE 0 END
            WHERE analyzer_leases.expires_at < now() OR analyzer_leases.holder = excluded.holder
          RETURNING device_id, checkpoint, takeovers, acquired_at, renewed_at`.execute(db);
        for (const r of rows.rows.slice(0, room)) {
          held.add(r.device_id);
          acquired.push({ deviceId: r.device_id, checkpoint: r.checkpoint ?? {}, takeover: Object.keys(r.checkpoint ?? {}).length > 0 });
        }
        // Won more than our share in one statement: hand the rest straight back.
        const surplus = rows.rows.slice(room).map((r) => r.device_id);
        if (surplus.length) await sql`UPDATE analyzer_leases SET expires_at = now() WHERE device_id = ANY(${surplus}::uuid[]) AND holder = ${holder}`.execute(db);
      }
      if (lost.length || release.length || acquired.length) log.info({ lost, released: release, acquired: acquired.map((a) => a.deviceId), share, live }, 'camera leases changed');
      return { lost, released: release, acquired };
    },
    /** Lets every camera go at once (clean shutdown), leaving checkpoints for the next holder. */
    async releaseAll(checkpoints: (deviceId: string) => Record<string, unknown>) {
      const ids = [...held];
      held.clear();
      if (!ids.length) return;
      await sql`UPDATE analyzer_leases SET expires_at = now(), checkpoint = c.cp FROM (SELECT unnest(${ids}::uuid[]) AS id, unnest(${ids.map((id) => JSON.stringify(checkpoints(id)))}::jsonb[]) AS cp) c WHERE device_id = c.id AND holder = ${holder}`.execute(db);
    },
  };
}
export type LeaseManager = ReturnType<typeof createLeaseManager>;

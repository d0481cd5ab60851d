import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import { startEmbeddedPostgres } from '../../core/db/embedded.js';
import { createLogger } from '../../core/log.js';
import { httpLogin } from '../support/http-client.js';
import { holdPort } from '../support/port-holder.js';
import { platformAdminUrl, startPlatform, type Platform } from '../support/platform-process.js';
import { waitFor } from '../support/wait.js';

// The platform as run by `npm start` (embedded PostgreSQL, two demo cameras publishing with
// real ffmpeg), and its postmaster killed with SIGKILL. The test then holds the database's port
// for a while (every connection is cut at once), so the outage lasts long enough to look at:
// the platform must stay up, say so, record on, and catch up when the database is back.
let p: Platform;
let admin: Kysely<Database>;
let devices: string[];

beforeAll(async () => {
  p = await startPlatform({ DEMO_CAMERAS: '1', SEGMENT_SECONDS: '2', ANALYZER_ENABLED: 'false', LOG_LEVEL: 'info' });
  admin = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(platformAdminUrl(p), 2) }) });
  devices = (JSON.parse(readFileSync(path.join(p.dataDir, 'demo-cameras.json'), 'utf8')) as { deviceId: string; kind?: string }[]).filter((c) => c.kind !== 'sensor').map((c) => c.deviceId); // the demo sensors record no video
}, 240_000);
afterAll(async () => {
  if (process.env.DB_OUTAGE_LOG) (await import('node:fs')).writeFileSync(process.env.DB_OUTAGE_LOG, p?.output() ?? '');
  await admin?.destroy();
  await p?.stop();
});

const pidFile = () => path.join(p.dataDir, 'postgres', 'pgdata', 'postmaster.pid');
const spoolDir = () => path.join(p.dataDir, 'segment-spool');
const spooled = () => (existsSync(spoolDir()) ? readdirSync(spoolDir()).filter((n) => n.endsWith('.json')) : []);
const segmentCount = async () => (await admin.selectFrom('recording_segments').select(sql<number>`count(*)::int`.as('n')).where('device_id', 'in', devices).executeTakeFirstOrThrow()).n;

describe('the database is killed under a recording platform', () => {
  it('stays up, answers 503, records on to disk, restarts PostgreSQL, catches up, and shuts down in order', async () => {
    const officer = await httpLogin(p.url, 'officer.wc', p.logins.get('officer.wc')!);
    await waitFor('segments from both cameras', async () => {
      const rows = await admin.selectFrom('recording_segments').select('device_id').distinct().where('device_id', 'in', devices).execute();
      return rows.length === devices.length;
    }, 90_000);
    const chainedBefore = (await admin.selectFrom('ledger_chain').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

    const pid = Number(readFileSync(pidFile(), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    const holder = await holdPort(p.pgPort);
    let released = false;
    try {
      // Health says so, and a request that needs the database gets a clear 503.
      const health = await waitFor('health: db down', async () => {
        const r = await fetch(`${p.url}/api/health`);
        const body = (await r.json()) as { status: string; db: { status: string } };
        return r.status === 503 && body.db.status === 'down' ? body : null;
      });
      expect(health.status).toBe('down');
      const r = await fetch(`${p.url}/api/businesses`, { headers: { cookie: officer.cookie, 'accept-language': 'en' } });
      expect(r.status).toBe(503);
      const err = (await r.json()) as { code: string; message: string };
      expect(err.code).toBe('db_unavailable');
      expect(err.message).toMatch(/database/i);

      // The cameras go on being recorded: their rows wait in the spool on disk.
      await waitFor('segments spooled during the outage', async () => spooled().length >= 2 * devices.length, 60_000);
      const outageSegments = spooled().map((n) => JSON.parse(readFileSync(path.join(spoolDir(), n), 'utf8')) as { kind: string; segment?: { sessionId: string; seq: number } });
      holder.close();
      released = true;

      // The platform restarts PostgreSQL by itself and is healthy again.
      await waitFor('healthy again', async () => (await fetch(`${p.url}/api/health`).catch(() => null))?.status === 200, 60_000);
      await waitFor('spool written to the database', async () => spooled().length === 0, 60_000);
      expect(p.output()).toContain('embedded PostgreSQL restarted');
      for (const e of outageSegments.filter((x) => x.kind === 'segment')) {
        const row = await admin.selectFrom('recording_segments').select('id').where('session_id', '=', e.segment!.sessionId).where('seq', '=', e.segment!.seq).execute();
        expect(row).toHaveLength(1);
      }
    } finally {
      if (!released) holder.close();
    }

    // Recording never stopped: per session, seqs are contiguous and each segment starts where the last ended.
    const countAfter = await segmentCount();
    await waitFor('recording goes on after the outage', async () => (await segmentCount()) > countAfter + devices.length, 60_000);
    const sessions = await admin.selectFrom('publish_sessions').select(['id', 'end_reason']).where('device_id', 'in', devices).execute();
    for (const s of sessions) {
      const segs = await admin.selectFrom('recording_segments').selectAll().where('session_id', '=', s.id).orderBy('seq').execute();
      segs.forEach((seg, i) => {
        expect(seg.seq).toBe(segs[0].seq + i);
        if (i > 0) expect(Number(seg.stream_start_ms)).toBe(Number(segs[i - 1].stream_end_ms));
      });
    }
    const gaps = await admin.selectFrom('recording_gaps').select('reason').where('device_id', 'in', devices).execute();
    for (const g of gaps) expect(g.reason).toBeTruthy();

    // The sealer chains what was written since, on its new connection.
    await waitFor('every entry chained', async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id)`.execute(admin);
      return r.rows[0].n === 0;
    }, 30_000);
    const chainedAfter = (await admin.selectFrom('ledger_chain').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    expect(chainedAfter).toBeGreaterThan(chainedBefore);

    // SIGTERM: exit 0, and the database stopped last — the sessions' ends were still written.
    await admin.destroy();
    const live = sessions.filter((s) => s.end_reason === null).map((s) => s.id);
    const exit = await p.terminate();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(pidFile())).toBe(false);
    const out = p.output();
    expect(out.indexOf('database stopped; shutdown complete')).toBeGreaterThan(out.indexOf('shutting down'));
    const pg = await startEmbeddedPostgres({ dir: path.join(p.dataDir, 'postgres'), port: p.pgPort, log: createLogger('silent') });
    const after = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(pg.adminUrl('vigil'), 1) }) });
    try {
      const ended = await after.selectFrom('publish_sessions').select(['id', 'end_reason']).where('id', 'in', live).execute();
      expect(ended.length).toBe(live.length);
      for (const s of ended) expect(s.end_reason).toBe('streams_stopped');
      const stopGaps = await after.selectFrom('recording_gaps').select('reason').where('device_id', 'in', devices).where('reason', '=', 'streams_stopped').execute();
      expect(stopGaps.length).toBe(live.length);
    } finally {
      await after.destroy();
      await pg.stop();
    }
  }, 300_000);
});

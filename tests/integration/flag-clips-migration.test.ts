import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import { createDatabaseMigratedTo, type MigratingDatabase } from '../support/migrate-to.js';

// An installation from before clip versions: its flags' clips (cut after the event ended) become
// version 1, final, of each flag's clip; the flags' rows are left exactly as they were.
const BEFORE = '20261204T131000-add-refusal-kind';
let m: MigratingDatabase;
let db: Db;

beforeAll(async () => {
  m = await createDatabaseMigratedTo(BEFORE);
  db = m.db;
});
afterAll(async () => {
  await m?.destroy();
});

describe('migration: flag clip versions', () => {
  it('turns each existing clip into version 1 (final, event ended) with what it covers; flags without a clip get none', async () => {
    const A = '00000000-0000-4000-8000-000000000001';
    const B = '00000000-0000-4000-8000-000000000002';
    await sql`INSERT INTO agencies (id, level, name, short_name, code, path) VALUES (${A}, 'province', '浙江省卫生健康委员会', '浙', '330000', ${`/${A}/`})`.execute(db);
    await sql`INSERT INTO businesses (id, name, credit_code, category, agency_id, address) VALUES (${B}, '某医院', '12330702MB12345670', 'medical', ${A}, '金华')`.execute(db);
    const site = (await sql<{ id: string }>`INSERT INTO sites (business_id, name, address) VALUES (${B}, '门诊楼', '金华') RETURNING id`.execute(db)).rows[0].id;
    const device = (await sql<{ id: string }>`INSERT INTO devices (site_id, business_id, name, kind, mobility) VALUES (${site}, ${B}, '后厨', 'camera', 'fixed') RETURNING id`.execute(db)).rows[0].id;
    const sha = 'ab'.repeat(32);
    await sql`INSERT INTO blobs (sha256, size, media_type) VALUES (${sha}, 1234, 'video/mp4')`.execute(db);
    const provenance = { requested: { from: '2026-12-01T02:00:00.000Z', to: '2026-12-01T02:00:30.000Z' }, startsAt: '2026-12-01T01:59:59.500Z', durationMs: 30_500, createdAt: '2026-12-01T02:01:00.000Z', outputSha256: sha };
    const flag = async (key: string, clip: boolean) =>
      (
        await sql<{ id: string }>`INSERT INTO flags (dedupe_key, device_id, site_id, business_id, agency_id, category, source, type, analyzer, state, started_at, ended_at, evidence_status, clip_sha256, clip_provenance)
          VALUES (${key}, ${device}, ${site}, ${B}, ${A}, 'medical', 'tamper', 'camera_covered', 'test', 'ended', '2026-12-01T02:00:10Z', '2026-12-01T02:00:20Z', ${clip ? 'ready' : 'pending'}, ${clip ? sha : null}, ${clip ? JSON.stringify(provenance) : null}) RETURNING id`.execute(db)
      ).rows[0].id;
    const withClip = await flag('a', true);
    await flag('b', false);
    const before = (await sql`SELECT * FROM flags ORDER BY dedupe_key`.execute(db)).rows;

    await m.migrateRest();

    const clips = await db.selectFrom('flag_clips').selectAll().execute();
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({ flag_id: withClip, version: 1, blob_sha256: sha, duration_ms: 30_500, coverage: 'event_ended', final: true });
    expect(clips[0].requested_from.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(clips[0].covers_from.toISOString()).toBe('2026-12-01T01:59:59.500Z');
    expect(clips[0].covers_to.toISOString()).toBe('2026-12-01T02:00:30.000Z');
    expect(clips[0].created_at.toISOString()).toBe('2026-12-01T02:01:00.000Z');
    // The flags are untouched (their ledger states still match).
    expect((await sql`SELECT * FROM flags ORDER BY dedupe_key`.execute(db)).rows).toEqual(before);
    await expect(sql`UPDATE flag_clips SET final = false`.execute(db)).rejects.toThrow(/never changed/);
  });
});

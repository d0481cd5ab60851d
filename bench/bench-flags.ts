import { sql } from 'kysely';
import type { Db } from '../core/db/connect.js';

/**
 * `n` flags over every demo device and the last days (25 s apart): 15 % still open (new, in
 * review, escalated), the rest confirmed or dismissed; deadlines two days after creation.
 */
export async function insertBenchFlags(db: Db, n: number) {
  await sql`
    WITH dev AS (
      SELECT (row_number() OVER (ORDER BY d.id)) - 1 AS i, d.id, d.site_id, d.business_id, b.agency_id, b.category
      FROM devices d JOIN businesses b ON b.id = d.business_id
    ), n AS (SELECT count(*) AS n FROM dev), officer AS (SELECT id FROM users WHERE username = 'officer.wc')
    INSERT INTO flags (dedupe_key, device_id, site_id, business_id, agency_id, category, source, type, analyzer, state, started_at, ended_at,
                       peak_score, detail, review_status, decided_at, decided_by, dismiss_reason, deadline_at, created_at, updated_at)
    SELECT 'bench:' || g, dev.id, dev.site_id, dev.business_id, dev.agency_id, dev.category, 'tamper',
           (ARRAY['camera_covered','camera_blurred','picture_frozen','view_moved','stream_lost'])[1 + g % 5], 'bench', 'ended',
           c - interval '1 minute', c - interval '30 seconds', 0.7, '{}',
           s.status,
           CASE WHEN s.status IN ('confirmed', 'dismissed') THEN c + interval '1 hour' END,
           CASE WHEN s.status IN ('confirmed', 'dismissed') THEN (SELECT id FROM officer) END,
           CASE WHEN s.status = 'dismissed' THEN 'false_detection' END,
           c + interval '2 days', c, c
    FROM generate_series(1, ${n}) g
    CROSS JOIN n
    JOIN dev ON dev.i = g % n.n
    CROSS JOIN LATERAL (SELECT now() - (g * interval '25 seconds') AS c) t
    CROSS JOIN LATERAL (SELECT CASE WHEN g % 20 = 0 THEN 'new' WHEN g % 20 = 1 THEN 'in_review' WHEN g % 20 = 2 THEN 'escalated' WHEN g % 20 < 12 THEN 'confirmed' ELSE 'dismissed' END AS status) s`.execute(db);
  await sql`ANALYZE flags`.execute(db);
}

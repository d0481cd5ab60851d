import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { escapeLike } from '../access/scope.js';

export type RegisterRow = {
  business: string;
  site: string;
  address: string;
  device: string;
  kind: 'camera' | 'sensor';
  points_at: string;
  coverage: string;
  device_status: string;
  consent_status: string;
  since: string;
  agency: string;
};

/**
 * The public register of electronic monitoring devices (行政处罚法 art. 41 ¶1: 设置地点应当向社会公布):
 * every device of an active business covered by a consent in force (or suspended), with its
 * business, site, address, what it watches and since when — never its stream, keys or video.
 */
export async function deviceRegister(db: Db, f: { q?: string; region?: string; page: number; size: number }): Promise<{ total: number; items: RegisterRow[] }> {
  const region = f.region ? await db.selectFrom('agencies').select('path').where('code', '=', f.region).executeTakeFirst() : undefined;
  const path = f.region ? (region?.path ?? '/__none__/') : null;
  const like = f.q ? `%${escapeLike(f.q)}%` : null;
  const where = sql`
    d.status <> 'retired' AND b.status = 'active' AND s.status = 'active'
    ${path ? sql`AND a.path LIKE ${`${escapeLike(path)}%`}` : sql``}
    ${like ? sql`AND (b.name LIKE ${like} OR s.name LIKE ${like} OR s.address LIKE ${like})` : sql``}`;
  const from = sql`
    FROM devices d
    JOIN sites s ON s.id = d.site_id
    JOIN businesses b ON b.id = d.business_id
    JOIN agencies a ON a.id = b.agency_id
    JOIN LATERAL (
      SELECT c.status, coalesce(c.signed_at, c.valid_from::timestamptz) AS since
      FROM consent_devices cd JOIN consents c ON c.id = cd.consent_id
      WHERE cd.device_id = d.id AND c.status IN ('active', 'suspended')
      ORDER BY c.signed_at DESC NULLS LAST LIMIT 1
    ) c ON true`;
  const total = Number((await sql<{ n: string }>`SELECT count(*) AS n ${from} WHERE ${where}`.execute(db)).rows[0].n);
  const { rows } = await sql<RegisterRow>`
    SELECT b.name AS business, s.name AS site, s.address, d.name AS device, d.kind, d.points_at, d.coverage,
           d.status AS device_status, c.status AS consent_status, to_char(c.since AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS since, a.name AS agency
    ${from} WHERE ${where}
    ORDER BY a.path, b.name, s.name, d.name, d.id
    LIMIT ${f.size} OFFSET ${(f.page - 1) * f.size}`.execute(db);
  return { total, items: rows };
}

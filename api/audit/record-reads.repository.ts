import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { ReadAction } from '../../core/records/record-ref.js';
import { escapeLike, type Scope } from '../access/scope.js';

/** What the audit log is searched by (issue 15 item 6); the period is always bounded (from ≤ at < to). */
export type ReadFilter = {
  /** A user id, or part of a user's name or account. */
  person?: string;
  record?: { kind: string; id: string };
  sha256?: string;
  deviceId?: string;
  caseId?: string;
  businessId?: string;
  action?: ReadAction;
  outcome?: 'served' | 'denied';
  from: Date;
  to: Date;
};

/** Where a page ends: the last row's time (microseconds since the epoch, exact) and id. */
export type ReadCursor = { atUs: string; id: string };

export type ReadRow = {
  id: string;
  at: Date;
  cursor: ReadCursor;
  user: { id: string | null; name: string; role: string; account: string | null };
  action: ReadAction;
  outcome: 'served' | 'denied';
  deniedReason: string | null;
  record: { kind: string; id: string; sha256: string | null; windowFrom: Date | null; windowTo: Date | null };
  owner: { businessId: string | null; businessName: string | null; agencyPath: string | null; agencyName: string | null };
  deviceId: string | null;
  caseId: string | null;
  grantId: string | null;
  exportId: string | null;
  bytes: number | null;
  ip: string | null;
  userAgent: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The WHERE clause of a search: the filter, the caller's scope (null: the whole platform), and an optional upper id. */
function where(f: ReadFilter, scope: Scope | null, maxId?: string): RawBuilder<unknown> {
  const c: RawBuilder<unknown>[] = [sql`r.at >= ${f.from}`, sql`r.at < ${f.to}`];
  if (scope) c.push(scope.kind === 'agency' ? sql`r.agency_path LIKE ${`${escapeLike(scope.path)}%`}` : sql`r.business_id = ${scope.businessId}::uuid`);
  if (f.person) {
    if (UUID.test(f.person)) c.push(sql`r.user_id = ${f.person}::uuid`);
    else {
      const like = `%${escapeLike(f.person)}%`;
      c.push(sql`r.user_id IN (SELECT id FROM users WHERE username ILIKE ${like} OR display_name ILIKE ${like})`);
    }
  }
  if (f.record) c.push(sql`r.record_kind = ${f.record.kind} AND r.record_id = ${f.record.id}`);
  if (f.sha256) c.push(sql`r.sha256 = ${f.sha256}`);
  if (f.deviceId) c.push(sql`r.device_id = ${f.deviceId}::uuid`);
  if (f.caseId) c.push(sql`r.case_id = ${f.caseId}::uuid`);
  if (f.businessId) c.push(sql`r.business_id = ${f.businessId}::uuid`);
  if (f.action) c.push(sql`r.action = ${f.action}`);
  if (f.outcome) c.push(sql`r.outcome = ${f.outcome}`);
  if (maxId) c.push(sql`r.id <= ${maxId}::bigint`);
  return sql.join(c, sql` AND `);
}

type Raw = {
  id: string; at: Date; at_us: string; user_id: string | null; user_name: string; role: string; account: string | null; action: ReadAction; outcome: 'served' | 'denied'; denied_reason: string | null;
  record_kind: string; record_id: string; sha256: string | null; window_from: Date | null; window_to: Date | null; device_id: string | null; case_id: string | null; business_id: string | null; business_name: string | null;
  agency_path: string | null; agency_name: string | null; grant_id: string | null; export_id: string | null; bytes: string | null; ip: string | null; user_agent: string | null;
};

const toRow = (r: Raw): ReadRow => ({
  id: String(r.id),
  at: new Date(r.at),
  cursor: { atUs: String(r.at_us), id: String(r.id) },
  user: { id: r.user_id, name: r.user_name, role: r.role, account: r.account },
  action: r.action,
  outcome: r.outcome,
  deniedReason: r.denied_reason,
  record: { kind: r.record_kind, id: r.record_id, sha256: r.sha256, windowFrom: r.window_from ? new Date(r.window_from) : null, windowTo: r.window_to ? new Date(r.window_to) : null },
  owner: { businessId: r.business_id, businessName: r.business_name, agencyPath: r.agency_path, agencyName: r.agency_name },
  deviceId: r.device_id,
  caseId: r.case_id,
  grantId: r.grant_id,
  exportId: r.export_id,
  bytes: r.bytes === null ? null : Number(r.bytes),
  ip: r.ip,
  userAgent: r.user_agent,
});

/** The read log's queries (record_reads): searching it for the audit log, and the read an audit print is. */
export function createRecordReadsRepository(db: Db) {
  /** One page, newest first (at, id descending), after the cursor. Keyset: no row is skipped or repeated between pages. */
  async function page(f: ReadFilter, scope: Scope | null, opts: { after?: ReadCursor; limit: number; maxId?: string }): Promise<ReadRow[]> {
    const after = opts.after ? sql`AND (r.at, r.id) < (timestamptz 'epoch' + ${opts.after.atUs}::bigint * interval '1 microsecond', ${opts.after.id}::bigint)` : sql``;
    const { rows } = await sql<Raw>`
      SELECT r.id, r.at, (extract(epoch FROM r.at) * 1000000)::bigint AS at_us, r.user_id, r.user_name, r.role, u.username AS account,
             r.action, r.outcome, r.denied_reason, r.record_kind, r.record_id, r.sha256, r.window_from, r.window_to,
             r.device_id, r.case_id, r.business_id, b.name AS business_name, r.agency_path, a.name AS agency_name,
             r.grant_id, r.export_id, r.bytes, r.ip, r.user_agent
      FROM record_reads r
      LEFT JOIN users u ON u.id = r.user_id
      LEFT JOIN businesses b ON b.id = r.business_id
      LEFT JOIN agencies a ON a.path = r.agency_path
      WHERE ${where(f, scope, opts.maxId)} ${after}
      ORDER BY r.at DESC, r.id DESC
      LIMIT ${opts.limit}`.execute(db);
    return rows.map(toRow);
  }

  return {
    page,

    /** How many rows a search finds, counting no further than `cap`, among rows up to `maxId`. */
    async count(f: ReadFilter, scope: Scope | null, maxId: string, cap: number): Promise<number> {
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT 1 FROM record_reads r WHERE ${where(f, scope, maxId)} LIMIT ${cap}) x`.execute(db);
      return Number(rows[0].n);
    },

    /** The newest row's id: an export reads up to it, so that its count and its rows agree. */
    async lastId(): Promise<string> {
      const { rows } = await sql<{ id: string | null }>`SELECT max(id) AS id FROM record_reads`.execute(db);
      return String(rows[0].id ?? 0);
    },

    /** Every row of a search up to `maxId`, newest first, in pages of `batch`. */
    async *all(f: ReadFilter, scope: Scope | null, maxId: string, batch = 2000): AsyncGenerator<ReadRow> {
      let after: ReadCursor | undefined;
      for (;;) {
        const rows = await page(f, scope, { after, limit: batch, maxId });
        yield* rows;
        if (rows.length < batch) return;
        after = rows[rows.length - 1].cursor;
      }
    },
  };
}
export type RecordReadsRepository = ReturnType<typeof createRecordReadsRepository>;

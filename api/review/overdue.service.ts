import { rolesWith } from '../../core/access/permissions.js';
import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { FlagRow, ReviewStatus } from '../../core/db/database.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';

const SYSTEM = { type: 'system' as const, id: 'review:overdue' };
const BATCH = 500;

/**
 * Flags past their handling deadline with no decision are escalated to the agency's managers,
 * exactly once each (seed 002 §8, §21: the unit is accountable for leads not handled in time):
 * `UPDATE … WHERE overdue_escalated_at IS NULL … RETURNING`, with the flag_reviews row and the
 * ledger entries in the same transaction. A second run, or a second process, finds nothing.
 * Managers are then told: by e-mail where their account has an address, and in the ledger
 * either way (who was told of which flags, and how).
 */
export function createOverdueService(deps: { db: Db; events: EventBus; notifier: () => Notifier | null; log: Logger; publicBaseUrl?: string }) {
  const { db, events, log } = deps;

  async function escalateBatch(now: Date): Promise<FlagRow[]> {
    return db.transaction().execute(async (trx) => {
      const { rows } = await sql<FlagRow & { prev_status: ReviewStatus }>`
        WITH due AS (
          SELECT id, review_status FROM flags
          WHERE deadline_at < ${now} AND overdue_escalated_at IS NULL
            AND review_status IN ('new', 'in_review', 'awaiting_second', 'escalated')
          ORDER BY deadline_at
          LIMIT ${BATCH}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE flags f
        SET review_status = 'escalated', overdue_escalated_at = ${now}, review_version = f.review_version + 1, updated_at = ${now}
        FROM due
        WHERE f.id = due.id AND f.overdue_escalated_at IS NULL AND f.review_status IN ('new', 'in_review', 'awaiting_second', 'escalated')
        RETURNING f.*, due.review_status AS prev_status`.execute(trx);
      const flags: FlagRow[] = [];
      for (const { prev_status, ...flag } of rows) {
        const review = await trx
          .insertInto('flag_reviews')
          .values({ flag_id: flag.id, action: 'overdue_escalated', actor_id: null, at: now, from_status: prev_status, to_status: 'escalated' })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: SYSTEM, action: 'flag.overdue_escalated', entityType: 'flag', entityId: flag.id, state: flag, context: { reviewId: review.id, deadlineAt: new Date(flag.deadline_at).toISOString() } });
        await appendLedger(trx, { actor: SYSTEM, action: 'flag_review.overdue_escalated', entityType: 'flag_review', entityId: review.id, state: review, context: { flagId: flag.id } });
        flags.push(flag);
      }
      return flags;
    });
  }

  /** Managers over each agency (the agency itself or one above it), with the flags they are told of. */
  async function managersFor(flags: FlagRow[]) {
    const agencyIds = [...new Set(flags.map((f) => f.agency_id))];
    const { rows } = await sql<{ user_id: string; email: string | null; display_name: string; agency_id: string }>`
      SELECT u.id AS user_id, u.email, u.display_name, fa.id AS agency_id
      FROM agencies fa
      JOIN agencies ma ON fa.path LIKE replace(replace(replace(ma.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
      JOIN users u ON u.agency_id = ma.id AND u.role = ANY(${[...rolesWith('flag.overdue_notice')]}::text[]) AND u.status = 'active'
      WHERE fa.id = ANY(${agencyIds}::uuid[])`.execute(db);
    const byManager = new Map<string, { email: string | null; name: string; flags: FlagRow[] }>();
    for (const r of rows) {
      const entry = byManager.get(r.user_id) ?? { email: r.email, name: r.display_name, flags: [] };
      entry.flags.push(...flags.filter((f) => f.agency_id === r.agency_id));
      byManager.set(r.user_id, entry);
    }
    return byManager;
  }

  async function tellManagers(flags: FlagRow[], now: Date) {
    const notifier = deps.notifier();
    for (const [managerId, m] of await managersFor(flags)) {
      const ids = m.flags.map((f) => f.id);
      let outcome: { channel: 'email' | 'ledger'; outboxId: string | null; status: string } = { channel: 'ledger', outboxId: null, status: 'recorded' };
      if (m.email && notifier) {
        const base = deps.publicBaseUrl ?? '';
        const body = [`${m.name}:`, '', `以下 ${ids.length} 条预警线索已超过处置时限,已上报至您 (${ids.length} flag(s) passed their handling deadline and were escalated to you):`, '', ...ids.map((id) => `${base}/flags/${id}`)].join('\n');
        const r = await notifier.send({ channel: 'email', to: m.email, subject: `预警线索超期 ${ids.length} 条 (overdue flags)`, body, purpose: 'flag.overdue' }).catch((err: unknown) => {
          log.warn({ err, managerId }, 'could not send the overdue notice');
          return null;
        });
        outcome = { channel: 'email', outboxId: r?.outboxId ?? null, status: r?.status ?? 'failed' };
      }
      await appendLedger(db, { actor: SYSTEM, action: 'flag.overdue_notified', entityType: 'user', entityId: managerId, state: null, context: { flagIds: ids, at: now.toISOString(), ...outcome } });
    }
  }

  return {
    /** Escalates every flag overdue at `now` (a parameter, so tests can move the clock). Returns how many. */
    async run(now: Date = new Date()): Promise<number> {
      let total = 0;
      for (;;) {
        const flags = await escalateBatch(now);
        if (!flags.length) break;
        total += flags.length;
        for (const f of flags) events.emit('flag:changed', { id: f.id, deviceId: f.device_id, agencyId: f.agency_id, type: f.type, state: f.state, evidence: f.evidence_status, reviewStatus: f.review_status });
        await tellManagers(flags, now).catch((err: unknown) => log.error({ err }, 'could not tell managers of overdue flags'));
        if (flags.length < BATCH) break;
      }
      if (total) log.info({ total }, 'overdue flags escalated');
      return total;
    },
  };
}
export type OverdueService = ReturnType<typeof createOverdueService>;

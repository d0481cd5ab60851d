import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { z } from '../http/openapi.js';
import type { Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { inScope } from '../access/scope.js';

const REASONS = ['false_detection', 'permitted_activity', 'duplicate', 'camera_fault', 'other'] as const;

const Row = z.object({
  source: z.enum(['rule', 'tamper', 'sensor']),
  type: z.string(),
  rule: z.object({ id: z.string(), version: z.number().int(), kind: z.string(), name: z.string() }).nullable(),
  confirmed: z.number().int(),
  dismissed: z.object(Object.fromEntries(REASONS.map((r) => [r, z.number().int()])) as Record<(typeof REASONS)[number], z.ZodNumber>),
  /** confirmed / (confirmed + dismissed as false detection); null with nothing decided. */
  precision: z.number().nullable(),
});
export const PrecisionDto = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(Row),
    overdue: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), escalated: z.number().int(), openOverdue: z.number().int() })),
  })
  .openapi('ReviewPrecision');

/**
 * What managers see of the review (R5, R13): per rule version and per tamper type, how many
 * flags were confirmed and dismissed (by reason) in a period, and the rule's precision; and
 * per agency, the flags that went overdue (counted against the unit, seed 002 §21).
 */
export function createReviewStats(deps: { db: Db; access: Access; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async precision(caller: Caller, from: Date, to: Date): Promise<z.infer<typeof PrecisionDto>> {
      const scope = deps.access.scope(caller, 'review.stats');
      if (!(from < to)) throw new AppError('validation_failed', '', [{ path: ['to'], message: 'must be after from' }]);
      const scoped = () => db.selectFrom('flags as f').innerJoin('agencies as a', 'a.id', 'f.agency_id').innerJoin('businesses as b', 'b.id', 'f.business_id').where(inScope(scope));
      const counted = await scoped()
        .leftJoin('analysis_rule_versions as v', (j) => j.onRef('v.rule_id', '=', 'f.rule_id').onRef('v.version', '=', 'f.rule_version'))
        .select(['f.source', 'f.type', 'f.rule_id', 'f.rule_version', 'v.kind', 'v.name'])
        .select(sql<string>`count(*) FILTER (WHERE f.review_status = 'confirmed')`.as('confirmed'))
        .select(REASONS.map((r) => sql<string>`count(*) FILTER (WHERE f.dismiss_reason = ${r})`.as(r)))
        .where('f.review_status', 'in', ['confirmed', 'dismissed'])
        .where('f.decided_at', '>=', from)
        .where('f.decided_at', '<', to)
        .groupBy(['f.source', 'f.type', 'f.rule_id', 'f.rule_version', 'v.kind', 'v.name'])
        .orderBy('f.source')
        .orderBy('f.type')
        .orderBy('v.name')
        .orderBy('f.rule_version')
        .execute();
      const at = now();
      const overdue = await scoped()
        .select(['a.id', 'a.name'])
        .select(sql<string>`count(*) FILTER (WHERE f.overdue_escalated_at >= ${from} AND f.overdue_escalated_at < ${to})`.as('escalated'))
        .select(sql<string>`count(*) FILTER (WHERE f.deadline_at < ${at} AND f.review_status IN ('new', 'in_review', 'awaiting_second', 'escalated'))`.as('open_overdue'))
        .where((eb) => eb.or([eb('f.overdue_escalated_at', '>=', from), eb.and([eb('f.deadline_at', '<', at), eb('f.review_status', 'in', ['new', 'in_review', 'awaiting_second', 'escalated'])])]))
        .groupBy(['a.id', 'a.name'])
        .orderBy('a.name')
        .execute();
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        rows: counted.map((r) => {
          const confirmed = Number(r.confirmed);
          const dismissed = Object.fromEntries(REASONS.map((k) => [k, Number((r as Record<string, unknown>)[k])])) as Record<(typeof REASONS)[number], number>;
          const denominator = confirmed + dismissed.false_detection;
          return {
            source: r.source,
            type: r.type,
            rule: r.rule_id !== null && r.rule_version !== null ? { id: r.rule_id, version: r.rule_version, kind: r.kind ?? r.type, name: r.name ?? '' } : null,
            confirmed,
            dismissed,
            precision: denominator ? confirmed / denominator : null,
          };
        }),
        overdue: overdue.map((o) => ({ agencyId: o.id, agencyName: o.name, escalated: Number(o.escalated), openOverdue: Number(o.open_overdue) })).filter((o) => o.escalated + o.openOverdue > 0),
      };
    },
  };
}
export type ReviewStats = ReturnType<typeof createReviewStats>;

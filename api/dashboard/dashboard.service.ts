import { BUSINESS_CATEGORIES } from '../../core/db/database.js';
import { figuresOf, ratio, ZERO_COUNTS, type Counts, type DashboardDto } from '../../core/dashboard/figures.js';
import { dashboardPeriods, daysOf, type Period } from '../../core/dashboard/period.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import type { DashboardRepository, GroupKey, Over } from './dashboard.repository.js';
import type { HealthRollupRepository } from './health-rollup.repository.js';

export type DashboardQuery = { agencyId?: string; from?: string; to?: string; category?: string };

export type { DashboardDto } from '../../core/dashboard/figures.js';

const keyString = (k: GroupKey) => (k.kind === 'total' ? 'total' : k.kind === 'region' ? `r:${k.id}` : `c:${k.category}`);
const minutes = (s: number) => Math.round(s / 6) / 10;

/**
 * The managers' dashboard (issue 16 item 1; R13): coverage, device health, flags and their handling,
 * cases, per region, category and officer, for a period and the one before it. Scope: the caller
 * holds 'dashboard.read' and the agency lies in his subtree (a drill into another region: 403).
 * Days of health not yet rolled up are rolled up first, so the figures are exact.
 */
export function createDashboardService(deps: { access: Access; repo: DashboardRepository; rollup: HealthRollupRepository; log?: Logger; clock?: () => Date }) {
  const { access, repo, rollup } = deps;
  const clock = deps.clock ?? (() => new Date());

  /** The agency asked for (the caller's own by default), once the access layer says it is his to see. */
  async function agencyFor(caller: Caller, agencyId: string | undefined) {
    access.assert(caller, 'dashboard.read');
    const id = agencyId ?? caller.user.agencyId;
    if (!id) throw new AppError('validation_failed', '', [{ path: ['agencyId'], message: 'dashboard.agency_required' }]);
    try {
      await access.require(caller, 'dashboard.read', { kind: 'agency', id });
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') throw new AppError('forbidden', 'dashboard.region_outside');
      if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', 'dashboard.agency_unknown');
      throw err;
    }
    const agency = await repo.agency(id);
    if (!agency) throw new AppError('not_found', 'dashboard.agency_unknown');
    return agency;
  }

  /** Rolls up the days of [from, to] that are missing or were computed before they ended. */
  async function ensureRolledUp(from: string, to: string, now: Date) {
    const days = await rollup.ensureRolledUp(from, to, now);
    if (days.length) deps.log?.info({ days: days.length, from: days[0], to: days.at(-1) }, 'health days rolled up on demand');
  }

  /** Counts per group of one period, each group's figures summed from the four reads. */
  async function counts(o: Over): Promise<Map<string, Counts>> {
    const parts = await Promise.all([repo.businesses(o), repo.devices(o), repo.flags(o), repo.cases(o)]);
    const out = new Map<string, Counts>();
    for (const part of parts)
      for (const { key, row } of part) {
        const k = keyString(key);
        out.set(k, { ...(out.get(k) ?? ZERO_COUNTS), ...row });
      }
    return out;
  }

  const overOf = (root: { id: string; path: string }, tree: Over['tree'], category: string | null, p: Period, now: Date): Over => ({ root, tree, category, from: p.from, to: p.to, start: p.start, end: p.end, now });

  return {
    async figures(caller: Caller, q: DashboardQuery): Promise<DashboardDto> {
      const now = clock();
      const { period, previous } = dashboardPeriods(q, now);
      const agency = await agencyFor(caller, q.agencyId);
      await ensureRolledUp(previous.from, period.to, now);
      const root = { id: agency.id, path: agency.path };
      const tree = await repo.tree(root);
      const category = q.category ?? null;
      const o = overOf(root, tree, category, period, now);
      const [cur, prev, children, flagTypes, gapReasons, officers, daily] = await Promise.all([
        counts(o),
        counts(overOf(root, tree, category, previous, now)),
        repo.children(agency.id),
        repo.flagTypes(o),
        repo.gapReasons(o),
        repo.officers(o),
        repo.daily(o),
      ]);
      const fig = (m: Map<string, Counts>, k: string) => figuresOf(m.get(k) ?? ZERO_COUNTS);
      return {
        agency: { id: agency.id, name: agency.name, level: agency.level, parentId: agency.parent_id },
        period: { from: period.from, to: period.to },
        previous: { from: previous.from, to: previous.to },
        generatedAt: now.toISOString(),
        totals: fig(cur, 'total'),
        previousTotals: fig(prev, 'total'),
        regions: children.map((a) => ({ agency: { id: a.id, name: a.name, level: a.level }, figures: fig(cur, `r:${a.id}`) })),
        categories: (category ? [category] : BUSINESS_CATEGORIES).map((c) => ({ category: c, figures: fig(cur, `c:${c}`) })),
        flagTypes: flagTypes.map((t) => ({ ...t, precision: ratio(t.confirmed, t.confirmed + t.dismissed) })),
        gapReasons: gapReasons.map((g) => ({ reason: g.reason, gaps: g.gaps, minutes: minutes(g.seconds) })),
        officers,
        daily: daysOf(period).map((day) => {
          const f = daily.flags.get(day) ?? { flags: 0, decided: 0, overdue: 0 };
          const h = daily.health.get(day) ?? { online: 0, deviceSeconds: 0 };
          return { day, ...f, uptime: ratio(h.online, h.deviceSeconds) };
        }),
      };
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboardService>;

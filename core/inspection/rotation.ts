import { STRATA, VISITS_PER_YEAR, type Stratum } from './frequency.js';

/**
 * The rotation plan (002 §5: 非现场执法在同一类监管事项中应尽量做到区域内监管对象全覆盖，客观无法实现的采用轮换机制):
 * for a region, category and year, the businesses that no device under a consent in force covers get
 * on-site visits spread over the year's months by their frequency (core/inspection/frequency.ts),
 * balanced per month. Deterministic: the same businesses and the same previous plan give the same plan.
 *
 * - A business with f visits gets months spaced 12/f apart (A: one month; B: two, six apart; C: three,
 *   four apart; D: every month); of the possible offsets, the one whose months are least loaded so far
 *   (lowest maximum, then lowest sum, then earliest) — businesses taken D first, then by visits, then id.
 * - On recompute, a business already planned with the same number of visits keeps its months (an
 *   officer's calendar does not move under him); one whose coverage changed drops out or comes in.
 * - A plan stays per category (第五条: coverage, and so the rotation, is judged "在同一类监管事项中"),
 *   but the region's officers visit every category: `baseLoad` is the visits per month the region's
 *   other categories already have, so that new businesses fill the months least loaded overall.
 *   The returned `load` includes it.
 */
export type RotationInput = { businessId: string; stratum: Stratum };
export type RotationEntry = { businessId: string; stratum: Stratum; visits: number; months: number[] };

export function monthsFor(visits: number, offset: number): number[] {
  const step = 12 / visits;
  return [...new Set(Array.from({ length: visits }, (_, k) => (Math.floor(offset + k * step) % 12) + 1))].sort((a, b) => a - b);
}

export function planRotation(businesses: readonly RotationInput[], previous: ReadonlyMap<string, { visits: number; months: number[] }> = new Map(), baseLoad: readonly number[] = []): { entries: RotationEntry[]; load: number[] } {
  const load = Array.from({ length: 12 }, (_, m) => baseLoad[m] ?? 0);
  const order = [...businesses].sort((x, y) => STRATA.indexOf(x.stratum) - STRATA.indexOf(y.stratum) || VISITS_PER_YEAR[y.stratum] - VISITS_PER_YEAR[x.stratum] || (x.businessId < y.businessId ? -1 : x.businessId > y.businessId ? 1 : 0));
  const entries = new Map<string, RotationEntry>();
  // Kept months first, so new businesses fill around them.
  for (const b of order) {
    const visits = VISITS_PER_YEAR[b.stratum];
    const before = previous.get(b.businessId);
    if (before && before.visits === visits && before.months.length === visits) {
      entries.set(b.businessId, { businessId: b.businessId, stratum: b.stratum, visits, months: [...before.months] });
      for (const m of before.months) load[m - 1]++;
    }
  }
  for (const b of order) {
    if (entries.has(b.businessId)) continue;
    const visits = VISITS_PER_YEAR[b.stratum];
    let best: number[] | null = null;
    let bestScore = [Infinity, Infinity];
    for (let o = 0; o < Math.ceil(12 / visits); o++) {
      const months = monthsFor(visits, o);
      const score = [Math.max(...months.map((m) => load[m - 1])), months.reduce((s, m) => s + load[m - 1], 0)];
      if (score[0] < bestScore[0] || (score[0] === bestScore[0] && score[1] < bestScore[1])) [best, bestScore] = [months, score];
    }
    for (const m of best!) load[m - 1]++;
    entries.set(b.businessId, { businessId: b.businessId, stratum: b.stratum, visits, months: best! });
  }
  return { entries: order.map((b) => entries.get(b.businessId)!), load };
}

/** Who came in and who dropped out between two plans (the history the recompute keeps). */
export function rotationChanges(before: readonly string[], after: readonly string[]) {
  const b = new Set(before);
  const a = new Set(after);
  return { joined: after.filter((id) => !b.has(id)), left: before.filter((id) => !a.has(id)) };
}

/** Visits per month (index 0 = January) of these entries: the load another plan starts from. */
export function monthLoad(entries: Iterable<{ months: readonly number[] }>): number[] {
  const load = Array.from({ length: 12 }, () => 0);
  for (const e of entries) for (const m of e.months) load[m - 1]++;
  return load;
}

import { canonicalPopulation, partialShuffle, populationDigest, seededStream } from '../sampling/draw.js';
import { STRATA, VISITS_PER_YEAR, type Stratum } from './frequency.js';

/**
 * The 双随机 draw of a random-inspection plan (002 §5; issue 16 item 2): random businesses, and two
 * random officers for each, from one published seed — redrawable by anyone from the plan's frozen
 * population. It reuses the sampling draw (core/sampling/draw.ts, vigil-sample-v1): the same seed
 * string, stream, rejection-sampled uniform and partial Fisher–Yates. On top of it:
 *
 *   1. Population (frozen and its SHA-256 published when the plan is committed, before the public
 *      value exists): printable-ASCII keys, sorted by code unit as in sampling —
 *        business:<uuid>:<stratum>:<agency path>   stratum A|B|C|D|U (U = ungraded, counted as B)
 *        officer:<uuid>:<agency path>              the officers who may be paired
 *        recusal:<officer uuid>:<business uuid>    a declared conflict (回避): never paired with it
 *   2. D businesses (rectification first, core/inspection/frequency.ts) are all listed first, in key
 *      order, with certainty; they do not count in the random size.
 *   3. Random size n over the others: a fixed size, a rate of them rounded up, or — by frequency —
 *      ⌈Σ_g N_g·f_g · days/365⌉ (the visits the period owes), never more than there are.
 *   4. Allocation by stratum (see `allocate`): n_g ∝ N_g·f_g (f: C 3, B 2, U 2, A 1), capped at N_g.
 *   5. Strata drawn in the order C, B, U, A: partial Fisher–Yates of n_g of the stratum's keys (in key
 *      order) from the stream K = SHA-256(seed) — one stream for the whole draw.
 *   6. Pairing, item by item in list order, from the same stream: the candidates are the officers
 *      whose agency path starts the business's agency path (jurisdiction over it), less those recused
 *      for it, in key order (M of them); i = uniform(M), j = uniform(M − 1), j ≥ i → j + 1. The same
 *      officer is never paired with himself.
 *
 * Why the frequencies hold: a business of stratum g is drawn with probability n_g/N_g, and with
 * n_g = n·N_g·f_g / Σ_h N_h·f_h that is n·f_g / Σ_h N_h·f_h — proportional to f_g. A C business is three
 * times as likely as an A business in every draw; when a year's draws together take Σ_h N_h·f_h (as the
 * by-frequency size does, period by period) each business expects f_g visits a year. A stratum that
 * would be owed more than it has members is capped at all its members and the surplus goes to the
 * others by the same weights (water-filling), so the size is kept.
 */
export const INSPECTION_ALGORITHM =
  'vigil-inspection-v1: vigil-sample-v1 stream; D listed first; size n by stratum ∝ N·f (C3 B2 U2 A1), capped, Hamilton rounding; strata C,B,U,A partial Fisher–Yates; officer pairs per item from jurisdiction less recusals';

export type SizeRule = { size: number } | { ratePercent: number } | { periodDays: number };
export type FrameBusiness = { id: string; stratum: Stratum; agencyPath: string };
export type FrameOfficer = { id: string; agencyPath: string };
export type DrawnItem = { position: number; businessId: string; stratum: Stratum; certain: boolean; officerIds: [string, string] };

const RANDOM_ORDER: Stratum[] = ['C', 'B', 'U', 'A'];
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PATH = '/(?:[0-9a-f-]+/)+';
const BUSINESS_KEY = new RegExp(`^business:(${UUID}):([ABCDU]):(${PATH})$`);
const OFFICER_KEY = new RegExp(`^officer:(${UUID}):(${PATH})$`);
const RECUSAL_KEY = new RegExp(`^recusal:(${UUID}):(${UUID})$`);

export const businessKey = (b: FrameBusiness) => `business:${b.id}:${b.stratum}:${b.agencyPath}`;
export const officerKey = (o: FrameOfficer) => `officer:${o.id}:${o.agencyPath}`;
export const recusalKey = (officerId: string, businessId: string) => `recusal:${officerId}:${businessId}`;

/** Step 1: the frozen population read back (refuses any key it does not know, so a redraw cannot differ silently). */
export function parseFrame(keys: readonly string[]) {
  const population = canonicalPopulation(keys);
  const businesses: FrameBusiness[] = [];
  const officers: FrameOfficer[] = [];
  const recusals = new Set<string>();
  for (const k of population) {
    let m: RegExpExecArray | null;
    if ((m = BUSINESS_KEY.exec(k))) businesses.push({ id: m[1], stratum: m[2] as Stratum, agencyPath: m[3] });
    else if ((m = OFFICER_KEY.exec(k))) officers.push({ id: m[1], agencyPath: m[2] });
    else if ((m = RECUSAL_KEY.exec(k))) recusals.add(`${m[1]}|${m[2]}`);
    else throw new RangeError(`not a key of an inspection population: ${k}`);
  }
  if (new Set(businesses.map((b) => b.id)).size !== businesses.length) throw new RangeError('a business appears twice in the population');
  return { population, digest: populationDigest(population), businesses, officers, recusals };
}

type Frame = ReturnType<typeof parseFrame>;

/** The officers who may inspect a business: jurisdiction over it, not recused; in key order. */
export function candidatesFor(frame: Pick<Frame, 'officers' | 'recusals'>, b: FrameBusiness, byPath?: Map<string, string[]>): string[] {
  let within = byPath?.get(b.agencyPath);
  if (!within) {
    within = frame.officers.filter((o) => b.agencyPath.startsWith(o.agencyPath)).map((o) => o.id);
    byPath?.set(b.agencyPath, within);
  }
  return frame.recusals.size ? within.filter((o) => !frame.recusals.has(`${o}|${b.id}`)) : within;
}

/** Businesses that could not be given two officers: the plan cannot be committed while there are any. */
export function unpairable(keys: readonly string[]): string[] {
  const frame = parseFrame(keys);
  const byPath = new Map<string, string[]>();
  return frame.businesses.filter((b) => candidatesFor(frame, b, byPath).length < 2).map((b) => b.id);
}

/** Step 3: how many to draw at random from `others` businesses (the non-D ones). */
export function randomSizeOf(counts: Partial<Record<Stratum, number>>, rule: SizeRule): number {
  const others = RANDOM_ORDER.reduce((s, g) => s + (counts[g] ?? 0), 0);
  let want: number;
  if ('size' in rule) want = rule.size;
  else if ('ratePercent' in rule) want = Math.ceil((rule.ratePercent * others) / 100);
  else want = Math.ceil((RANDOM_ORDER.reduce((s, g) => s + (counts[g] ?? 0) * VISITS_PER_YEAR[g], 0) * rule.periodDays) / 365);
  return Math.max(0, Math.min(others, Math.floor(want)));
}

/**
 * Step 4: n split over the strata in proportion to N_g·f_g, none above its N_g (water-filling: a
 * stratum owed more than it has is taken whole and the rest re-split over the others), then rounded
 * by largest remainder (Hamilton; ties in the order C, B, U, A). Needs n ≤ Σ N_g.
 */
export function allocate(n: number, counts: Partial<Record<Stratum, number>>): Record<Stratum, number> {
  const out: Record<Stratum, number> = { A: 0, B: 0, C: 0, D: 0, U: 0 };
  const quota = new Map<Stratum, number>();
  let active = RANDOM_ORDER.filter((g) => (counts[g] ?? 0) > 0);
  let remaining = n;
  for (;;) {
    const weight = active.reduce((s, g) => s + counts[g]! * VISITS_PER_YEAR[g], 0);
    const over = active.filter((g) => (remaining * counts[g]! * VISITS_PER_YEAR[g]) / weight > counts[g]!);
    if (!over.length) {
      for (const g of active) quota.set(g, weight ? (remaining * counts[g]! * VISITS_PER_YEAR[g]) / weight : 0);
      break;
    }
    for (const g of over) {
      quota.set(g, counts[g]!);
      remaining -= counts[g]!;
    }
    active = active.filter((g) => !over.includes(g));
  }
  let given = 0;
  for (const [g, q] of quota) given += out[g] = Math.floor(q + 1e-9);
  const byRemainder = [...quota.entries()].filter(([g]) => out[g] < counts[g]!).sort((x, y) => y[1] - Math.floor(y[1] + 1e-9) - (x[1] - Math.floor(x[1] + 1e-9)) || RANDOM_ORDER.indexOf(x[0]) - RANDOM_ORDER.indexOf(y[0]));
  for (const [g] of byRemainder) {
    if (given >= n) break;
    out[g]++;
    given++;
  }
  return out;
}

/** Steps 1–6: the inspection list, in order, with each item's two officers. Pure: the platform, the public verify endpoint and the CLI all call it. */
export function drawInspection(seed: string, keys: readonly string[], rule: SizeRule) {
  const frame = parseFrame(keys);
  const byStratum = new Map<Stratum, FrameBusiness[]>(STRATA.map((g) => [g, frame.businesses.filter((b) => b.stratum === g)]));
  const counts = Object.fromEntries(STRATA.map((g) => [g, byStratum.get(g)!.length])) as Record<Stratum, number>;
  const randomSize = randomSizeOf(counts, rule);
  const allocation = allocate(randomSize, counts);
  const stream = seededStream(seed);
  const picked: { b: FrameBusiness; certain: boolean }[] = byStratum.get('D')!.map((b) => ({ b, certain: true }));
  for (const g of RANDOM_ORDER) {
    const members = byStratum.get(g)!;
    for (const i of partialShuffle(stream, members.length, allocation[g])) picked.push({ b: members[i], certain: false });
  }
  const byPath = new Map<string, string[]>();
  const items: DrawnItem[] = picked.map(({ b, certain }, at) => {
    const cands = candidatesFor(frame, b, byPath);
    if (cands.length < 2) throw new RangeError(`business ${b.id} has fewer than two officers who may inspect it`);
    const i = stream.uniform(cands.length);
    let j = stream.uniform(cands.length - 1);
    if (j >= i) j++;
    return { position: at + 1, businessId: b.id, stratum: b.stratum, certain, officerIds: [cands[i], cands[j]] };
  });
  return { algorithm: INSPECTION_ALGORITHM, populationSha256: frame.digest, populationSize: frame.businesses.length, counts, randomSize, allocation, items };
}
export type InspectionDraw = ReturnType<typeof drawInspection>;

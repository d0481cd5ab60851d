// Cost of the 双随机 draw and the rotation plan (issue 16 item 2), pure functions, no database:
// a population of BENCH_BUSINESSES businesses (mixed grades) and BENCH_OFFICERS officers over 10
// districts, drawn by frequency for a quarter; the rotation of the same businesses for a year.
// `npx tsx bench/inspection-draw.bench.ts`
import { businessKey, drawInspection, officerKey } from '../core/inspection/inspection-draw.js';
import { planRotation } from '../core/inspection/rotation.js';
import type { Stratum } from '../core/inspection/frequency.js';

const N = Number(process.env.BENCH_BUSINESSES ?? 10_000);
const M = Number(process.env.BENCH_OFFICERS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
const uuid = (n: number) => `${hex(n, 8)}-0000-4000-8000-${hex(n, 12)}`;
const city = `/${uuid(1)}/`;
const districts = Array.from({ length: 10 }, (_, i) => `${city}${uuid(100 + i)}/`);
const grades: Stratum[] = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'U', 'U', 'D'];
const businesses = Array.from({ length: N }, (_, i) => ({ id: uuid(10_000 + i), stratum: grades[i % grades.length], agencyPath: districts[i % districts.length] }));
const keys = [...businesses.map(businessKey), ...Array.from({ length: M }, (_, i) => officerKey({ id: uuid(1_000_000 + i), agencyPath: districts[i % districts.length] }))];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const draws: number[] = [];
let listed = 0;
for (let r = 0; r < RUNS; r++) {
  const start = performance.now();
  listed = drawInspection(`bench-${r}|03 08 15 21 27 30 + 11`, keys, { periodDays: 91 }).items.length;
  draws.push(performance.now() - start);
}
console.log(`draw (${N} businesses, ${M} officers, by frequency for 91 days → ${listed} items): p50 ${pct(draws, 50).toFixed(1)} ms, p95 ${pct(draws, 95).toFixed(1)} ms (${RUNS} runs)`);

const rotations: number[] = [];
let spread = 0;
for (let r = 0; r < RUNS; r++) {
  const start = performance.now();
  const { load } = planRotation(businesses.map((b) => ({ businessId: b.id, stratum: b.stratum })));
  rotations.push(performance.now() - start);
  spread = Math.max(...load) - Math.min(...load);
}
console.log(`rotation (${N} businesses, a year): p50 ${pct(rotations, 50).toFixed(1)} ms, p95 ${pct(rotations, 95).toFixed(1)} ms; monthly loads differ by ${spread}`);

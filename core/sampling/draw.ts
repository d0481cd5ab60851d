import { createHash, createHmac } from 'node:crypto';

/**
 * The sampling draw of an audit (R13; 002-音像 §32–§34), written so that anyone can redraw it
 * from the published seed and population, with any SHA-256/HMAC implementation:
 *
 *   1. Population: the item keys (ASCII: `case:<uuid>`, `recording:<deviceId>:<YYYY-MM-DD>`),
 *      duplicates removed, sorted by code unit (= byte order for ASCII), numbered 0…N−1.
 *   2. Key: K = SHA-256(UTF-8 bytes of the seed string).
 *   3. Random stream: blocks B_c = HMAC-SHA256(K, c as 8-byte big-endian), c = 0, 1, 2 …; each
 *      block is read as eight 32-bit big-endian unsigned words, in order.
 *   4. Uniform index below m: take the next word u; reject it while u ≥ m·⌊2³²/m⌋; answer u mod m.
 *   5. Partial Fisher–Yates: a = [0…N−1]; for i = 0…k−1: j = i + uniform(N − i), swap a[i], a[j].
 *      The sample is population[a[0]] … population[a[k−1]], in draw order; k = min(size, N).
 *
 * `npm run sample -- --draw draw.json` (core/sampling/sample.cli.ts) redraws a platform draw.
 */
export const DRAW_ALGORITHM = 'vigil-sample-v1: sort keys; K=SHA-256(seed); HMAC-SHA256(K, u64be counter) → u32be words; rejection-sampled uniform; partial Fisher–Yates';

/** The seed string of a plan: its id and the public value announced before the draw. */
export function seedOf(planId: string, publicValue: string): string {
  return `${planId}|${publicValue.normalize('NFC').trim()}`;
}

/** A stream of uniform integers from the seed (steps 2–4). */
export function seededStream(seed: string) {
  const key = createHash('sha256').update(seed, 'utf8').digest();
  let counter = 0n;
  let block = Buffer.alloc(0);
  let at = 0;
  const nextWord = (): number => {
    if (at >= block.length) {
      const c = Buffer.alloc(8);
      c.writeBigUInt64BE(counter++);
      block = createHmac('sha256', key).update(c).digest();
      at = 0;
    }
    const u = block.readUInt32BE(at);
    at += 4;
    return u;
  };
  return {
    nextWord,
    /** A uniform integer in [0, m), 1 ≤ m ≤ 2³². */
    uniform(m: number): number {
      if (!Number.isInteger(m) || m < 1 || m > 2 ** 32) throw new RangeError(`uniform(${m})`);
      const limit = Math.floor(2 ** 32 / m) * m;
      for (;;) {
        const u = nextWord();
        if (u < limit) return u % m;
      }
    },
  };
}

/** Step 1: the population as it is numbered for the draw. */
export function canonicalPopulation(keys: readonly string[]): string[] {
  for (const k of keys) if (!/^[\x21-\x7e]+$/.test(k)) throw new RangeError(`population key must be printable ASCII without spaces: ${JSON.stringify(k)}`);
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** SHA-256 of the canonical population, one key per line (LF), as published with the draw. */
export function populationDigest(sorted: readonly string[]): string {
  return createHash('sha256').update(sorted.map((k) => `${k}\n`).join(''), 'utf8').digest('hex');
}

/** How many to draw: a fixed size, or a rate of the population rounded up; never more than the population. */
export function sampleSizeOf(populationSize: number, plan: { size?: number | null; ratePercent?: number | null }): number {
  const want = plan.size ?? Math.ceil(((plan.ratePercent ?? 0) * populationSize) / 100);
  return Math.max(0, Math.min(populationSize, want));
}

export type SeededStream = ReturnType<typeof seededStream>;

/**
 * Step 5 on a stream already in use: k of the indices 0…n−1, in draw order (k = min(size, n)).
 * Random inspection (core/inspection/inspection-draw.ts) draws several strata and the officers'
 * pairs one after another from one stream with it.
 */
export function partialShuffle(stream: SeededStream, n: number, size: number): number[] {
  const k = Math.max(0, Math.min(n, Math.floor(size)));
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + stream.uniform(n - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** Steps 1–5: the sample, in draw order. */
export function drawSample(seed: string, keys: readonly string[], size: number): { population: string[]; sample: string[] } {
  const population = canonicalPopulation(keys);
  return { population, sample: partialShuffle(seededStream(seed), population.length, size).map((i) => population[i]) };
}

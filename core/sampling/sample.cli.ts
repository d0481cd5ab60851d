import { readFileSync } from 'node:fs';
import { drawSample, populationDigest } from './draw.js';

/**
 * Redraws a sampling audit outside the platform (R13: anyone can redraw the same sample).
 *
 *   npm run sample -- --draw draw.json                      the file 抽查 → 下载抽样数据 gives
 *   npm run sample -- --seed '<seed>' --population keys.json --size 10
 *
 * `keys.json` is a JSON array of keys or an object with `population`. With a draw file the
 * platform's sample is compared with the redraw; exit 1 when they differ.
 */
type DrawFile = { seed?: string; size?: number; population?: string[]; populationSha256?: string; sample?: string[] };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): number {
  const drawPath = arg('draw') ?? arg('population');
  if (!drawPath) {
    console.error('usage: npm run sample -- --draw draw.json | --seed SEED --population keys.json --size N');
    return 2;
  }
  const raw = JSON.parse(readFileSync(drawPath, 'utf8')) as DrawFile | string[];
  const file: DrawFile = Array.isArray(raw) ? { population: raw } : raw;
  const seed = arg('seed') ?? file.seed;
  const size = arg('size') !== undefined ? Number(arg('size')) : file.size;
  if (!seed || size === undefined || !Number.isInteger(size) || size < 0 || !file.population) {
    console.error('need a seed, a whole size ≥ 0 and a population (from the draw file or --seed/--size)');
    return 2;
  }
  const { population, sample } = drawSample(seed, file.population, size);
  const digest = populationDigest(population);
  console.log(JSON.stringify({ seed, size: sample.length, populationSize: population.length, populationSha256: digest, sample }, null, 2));
  let ok = true;
  if (file.populationSha256 && file.populationSha256 !== digest) {
    console.error(`population digest differs: file ${file.populationSha256}, computed ${digest}`);
    ok = false;
  }
  if (file.sample && JSON.stringify(file.sample) !== JSON.stringify(sample)) {
    console.error('the platform’s sample differs from this redraw');
    ok = false;
  } else if (file.sample) console.error(`redraw matches the platform’s sample (${sample.length} of ${population.length})`);
  return ok ? 0 : 1;
}

process.exitCode = main();

import { readFileSync } from 'node:fs';
import { drawInspection, type SizeRule } from './inspection-draw.js';

/**
 * Redraws a random-inspection list outside the platform (双随机; 002 §5): anyone can check that the
 * published list follows from the published seed and population.
 *
 *   npm run inspection-draw -- plan.json
 *
 * `plan.json` is what GET /api/inspection/public/plans/<id> answers (no login needed). Prints the
 * redraw; exit 1 when the population's SHA-256 or the list differs from the file's, 2 on bad input.
 */
type PlanFile = { seed?: string | null; population?: string[]; populationSha256?: string | null; sizeRule?: SizeRule; list?: { businessId: string; officerIds: string[] }[] };

function main(): number {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!file) {
    console.error('usage: npm run inspection-draw -- plan.json   (the file GET /api/inspection/public/plans/<id> gives)');
    return 2;
  }
  const plan = JSON.parse(readFileSync(file, 'utf8')) as PlanFile;
  if (!plan.seed || !plan.population || !plan.sizeRule) {
    console.error('the file needs a seed (the plan must be drawn), a population and a sizeRule');
    return 2;
  }
  const d = drawInspection(plan.seed, plan.population, plan.sizeRule);
  console.log(JSON.stringify({ seed: plan.seed, populationSha256: d.populationSha256, randomSize: d.randomSize, allocation: d.allocation, list: d.items }, null, 2));
  let ok = true;
  if (plan.populationSha256 && plan.populationSha256 !== d.populationSha256) {
    console.error(`population digest differs: file ${plan.populationSha256}, computed ${d.populationSha256}`);
    ok = false;
  }
  if (plan.list) {
    const same = JSON.stringify(plan.list.map((i) => [i.businessId, i.officerIds])) === JSON.stringify(d.items.map((i) => [i.businessId, i.officerIds]));
    if (same) console.error(`redraw matches the published list (${d.items.length} of ${d.populationSize} businesses)`);
    else {
      console.error('the published list differs from this redraw');
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

process.exitCode = main();

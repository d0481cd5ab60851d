// `npm run sensor -- [--url http://127.0.0.1:3000] [--key-file F] [--every 60] [--backfill 360] [--scenario normal|dip]`
// A simulated water-quality sensor (free chlorine, turbidity): posts its readings to
// POST /api/ingest/readings with its device key, as a real one does over HTTP. The key is read
// from --key-file or stdin, never from the command line (argv is visible to every user: ps).
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { runSimulatedSensor } from './sensor-simulator.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { url: { type: 'string' }, key: { type: 'string' }, 'key-file': { type: 'string' }, every: { type: 'string' }, backfill: { type: 'string' }, scenario: { type: 'string' } } });
process.argv.length = 2;

async function readKey(): Promise<string> {
  if (values['key-file']) return existsSync(values['key-file']) ? readFileSync(values['key-file'], 'utf8').trim() : '';
  if (!process.stdin.isTTY) return readFileSync(0, 'utf8').trim();
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const line = await rl.question('device key (vk_…): ');
  rl.close();
  return line.trim();
}

const problems: string[] = [];
if (values.key) problems.push('--key: a device key on the command line is visible to every user (ps); use --key-file F, or give it on stdin');
const every = Number(values.every ?? 60);
const backfill = Number(values.backfill ?? 0);
const scenario = values.scenario ?? 'normal';
if (!Number.isInteger(every) || every < 5 || every > 3600) problems.push('--every: seconds between readings, 5–3600');
if (!Number.isInteger(backfill) || backfill < 0 || backfill > 7 * 24 * 60) problems.push('--backfill: minutes of buffered readings to send first, 0–10080');
if (scenario !== 'normal' && scenario !== 'dip') problems.push('--scenario: normal or dip');
const key = problems.length ? '' : await readKey();
if (!problems.length && !key.startsWith('vk_')) problems.push('device key (--key-file or stdin): the key issued for the sensor (vk_…)');
if (problems.length) {
  process.stderr.write(`sensor:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(2);
}
const config = loadConfig(undefined, []);
const baseUrl = values.url ?? `http://127.0.0.1:${config.port}`;
process.stdout.write(`sensor: readings every ${every} s → ${baseUrl}/api/ingest/readings\n`);
const sensor = runSimulatedSensor({ baseUrl, key, everyMs: every * 1000, backfillMinutes: backfill, scenario: scenario as 'normal' | 'dip', log: createLogger('info') });
const stop = () => {
  sensor.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);

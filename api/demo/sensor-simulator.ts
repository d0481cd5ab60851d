import type { Logger } from '../../core/log.js';

export type SimReading = { quantity: 'free_chlorine' | 'turbidity'; value: number; unit: string; measuredAt: string };
/** normal: in range all along; dip: free chlorine too low from 25 minutes before the start to 10 minutes after it (the threshold rule flags it, then ends the flag). */
export type Scenario = 'normal' | 'dip';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** A plausible reading at an instant: a slow daily swing and a little noise (pool dosing, filter cycles). */
export function simulatedReadings(at: Date, opts: { dip?: boolean } = {}): SimReading[] {
  const h = at.getTime() / 3600_000;
  const chlorine = opts.dip ? 0.12 + Math.random() * 0.08 : 0.55 + 0.15 * Math.sin(h / 3) + (Math.random() - 0.5) * 0.06;
  const turbidity = 0.25 + 0.1 * Math.sin(h / 5) + Math.random() * 0.05;
  const measuredAt = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
  return [
    { quantity: 'free_chlorine', value: round(chlorine, 2), unit: 'mg/L', measuredAt },
    { quantity: 'turbidity', value: round(turbidity, 2), unit: 'NTU', measuredAt },
  ];
}

/** Posts a batch the way a sensor does: its device key as a bearer token. */
export async function postReadings(baseUrl: string, key: string, readings: SimReading[]): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/api/ingest/readings`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'user-agent': 'vigil-sensor' }, body: JSON.stringify({ readings }) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/**
 * A simulated water-quality sensor: first the readings it buffered over `backfillMinutes`
 * (so a chart has something to show), then one reading of each quantity every `everyMs`.
 */
export function runSimulatedSensor(opts: { baseUrl: string; key: string; everyMs: number; backfillMinutes: number; scenario: Scenario; log: Logger }) {
  const { baseUrl, key, everyMs, log } = opts;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const send = async (readings: SimReading[]) => {
    const r = await postReadings(baseUrl, key, readings).catch((err: unknown) => ({ status: 0, body: String(err) }));
    if (r.status !== 200) log.warn({ status: r.status, body: r.body }, 'sensor readings not accepted');
    return r;
  };
  const start = async () => {
    const now = Date.now();
    const dip = (t: number) => opts.scenario === 'dip' && t >= now - 25 * 60_000 && t < now + 10 * 60_000;
    const backfill: SimReading[] = [];
    for (let t = now - opts.backfillMinutes * 60_000; t < now; t += everyMs) backfill.push(...simulatedReadings(new Date(t), { dip: dip(t) }));
    // Batches of 300 readings (about 30 KB), well inside the API's body limit.
    for (let i = 0; i < backfill.length; i += 300) await send(backfill.slice(i, i + 300));
    const tick = async () => {
      if (stopped) return;
      await send(simulatedReadings(new Date(), { dip: dip(Date.now()) }));
      if (!stopped) timer = setTimeout(() => void tick(), everyMs);
      timer?.unref?.();
    };
    await tick();
  };
  const started = start().catch((err: unknown) => log.warn({ err }, 'simulated sensor failed'));
  return {
    started,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

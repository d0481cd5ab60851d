// 指挥看板 page ready in Chromium (issue 16 figure: aim ≤ 1.5 s), against a RUNNING platform
// seeded for the bench (10,000 businesses, 30,000 devices, a year of health history — the dataset
// i16-dash-api's bench builds):
//
//   npx tsx bench/dashboard-page.bench.ts --url http://127.0.0.1:3100 --user manager.jh --password '…' \
//     [--query 'from=2026-01-01&to=2026-11-30'] [--runs 20]
//
// "Ready" = navigation started → the KPI cards are shown and every chart on the page has drawn its
// canvas (the ECharts render is part of the wait). Each run is a fresh navigation in one logged-in
// tab (warm HTTP cache for the script bundle, as a manager re-opening the page), plus one run in a
// fresh browser context (cold cache). Also prints GET /api/dashboard as the browser sees it.
import { launchBrowser } from '../tests/support/browser.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) {
    console.error(`missing --${name} (usage: --url <platform> --user <manager> --password <password> [--query <dashboard query>] [--runs N])`);
    process.exit(2);
  }
  return v;
}
const base = arg('url').replace(/\/$/, '');
const user = arg('user');
const password = arg('password');
const query = arg('query', '');
const runs = Number(arg('runs', '20'));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const target = `${base}/dashboard${query ? `?${query}` : ''}`;

const browser = await launchBrowser();
try {
  async function logIn(page: import('playwright-core').Page) {
    await page.goto(`${base}/login`);
    await page.fill('input[name="username"]', user);
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  /** Navigation → KPIs shown and every chart's canvas drawn; the API's own time from the browser's resource timing. */
  async function openOnce(page: import('playwright-core').Page) {
    const t0 = performance.now();
    const api = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/dashboard');
    await page.goto(target);
    const res = await api;
    if (res.status() !== 200) throw new Error(`GET /api/dashboard → ${res.status()} ${await res.text()}`);
    await page.getByTestId('dashboard-ready').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('.echart')].every((c) => c.querySelector('canvas')), undefined, { timeout: 30_000 });
    const ready = performance.now() - t0;
    const timing = await page.evaluate(() => {
      const e = performance.getEntriesByType('resource').filter((x) => new URL(x.name).pathname === '/api/dashboard').at(-1) as PerformanceResourceTiming | undefined;
      return e ? e.responseEnd - e.requestStart : null;
    });
    return { ready, api: timing, bytes: Number(res.headers()['content-length'] ?? (await res.body()).length) };
  }

  // Cold: a new context (no cache, no session).
  const cold = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const coldPage = await cold.newPage();
  await logIn(coldPage);
  const first = await openOnce(coldPage);
  await cold.close();

  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  await logIn(page);
  await openOnce(page); // warm-up
  const ready: number[] = [];
  const api: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await openOnce(page);
    ready.push(r.ready);
    if (r.api !== null) api.push(r.api);
    bytes = r.bytes;
  }
  const kpis = await page.locator('[data-kpi]').count();
  const charts = await page.locator('.echart').count();
  console.log(`dashboard page: ${target} as ${user}; ${kpis} KPI cards, ${charts} charts, answer ${(bytes / 1024).toFixed(1)} KiB`);
  console.log(`page ready (navigation → KPIs and charts drawn), cold context: ${first.ready.toFixed(0)} ms`);
  console.log(`page ready, warm tab: p50 ${pct(ready, 50).toFixed(0)} ms, p95 ${pct(ready, 95).toFixed(0)} ms, max ${Math.max(...ready).toFixed(0)} ms (${runs} runs; aim ≤ 1500 ms)`);
  if (api.length) console.log(`GET /api/dashboard as the browser sees it: p50 ${pct(api, 50).toFixed(0)} ms, p95 ${pct(api, 95).toFixed(0)} ms (aim p95 ≤ 300 ms)`);
  await ctx.close();
} finally {
  await browser.close();
}

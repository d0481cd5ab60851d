import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../core/config.js';
import type { Db } from '../../core/db/connect.js';
import { publishTicket } from '../../core/consent/publish-ticket.js';
import type { Logger } from '../../core/log.js';
import { signaturePng } from './demo-signature.js';
import { runSimulatedSensor } from './sensor-simulator.js';

const VTEST = ['/usr/share/doc/opencv-doc/examples/data/vtest.avi', '/usr/share/opencv4/samples/data/vtest.avi'];
/** Demo businesses whose canteen camera streams: the business user signs, the officer issues the key. */
const PAIRS = [
  { officer: 'officer.wc', business: 'biz.hosp' },
  { officer: 'officer.jd', business: 'biz.hotel' },
];
type Camera = { deviceId: string; key: string; kind?: 'camera' | 'sensor'; scenario?: 'normal' | 'dip' };

/**
 * `--demo` only: goes through the real consent flow over the platform's own API once (officer
 * proposes, business signs with the code from the outbox, officer issues a stream key), then
 * runs a simulated camera per device (ffmpeg looping real footage when Debian's opencv-doc is
 * installed, else a test pattern), restarting it if it stops. Keys are kept in
 * DATA_DIR/demo-cameras.json (0600) so a restart reuses them.
 */
export async function startDemoCameras(opts: { config: Config; db: Db; baseUrl: string; log: Logger }) {
  const { config, log } = opts;
  const noop = { stop: async () => {} };
  if (spawnSync(config.ffmpegPath, ['-version'], { stdio: 'ignore' }).status !== 0) {
    log.info('demo cameras: ffmpeg not found, none started (apt-get install ffmpeg)');
    return noop;
  }
  const file = path.join(config.dataDir, 'demo-cameras.json');
  let cameras: Camera[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Camera[]) : [];
  if (!cameras.length) {
    try {
      cameras = await enrol(opts);
      writeFileSync(file, JSON.stringify(cameras, null, 2), { mode: 0o600 });
    } catch (err) {
      log.warn({ err }, 'demo cameras: could not sign the demo consents; none started');
      return noop;
    }
  }
  const footage = VTEST.find((f) => existsSync(f));
  const input = footage ? ['-re', '-stream_loop', '-1', '-i', footage] : ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=15'];
  let stopped = false;
  const running = new Set<ChildProcess>();
  const run = (c: Camera) => {
    if (stopped) return;
    // A short-lived ticket, not the key: ffmpeg's argv is visible to every user (ps). A new one per start.
    const ticket = publishTicket(c.key, c.deviceId);
    const ff = spawn(config.ffmpegPath, ['-hide_banner', '-loglevel', 'error', ...input, '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '15', '-b:v', '600k', '-f', 'flv', `rtmp://127.0.0.1:${config.rtmp.port}/live/${c.deviceId}?key=${ticket}`], { stdio: 'ignore' });
    running.add(ff);
    ff.on('exit', () => {
      running.delete(ff);
      if (!stopped) setTimeout(() => run(c), 5000).unref();
    });
  };
  cameras.filter((c) => c.kind !== 'sensor').forEach(run);
  // The demo sensors post their readings over HTTP with their keys, like real ones: six hours
  // buffered first (a chart to look at), then a reading a minute.
  const sensors = cameras.filter((c) => c.kind === 'sensor').map((c) => runSimulatedSensor({ baseUrl: opts.baseUrl, key: c.key, everyMs: 60_000, backfillMinutes: 360, scenario: c.scenario ?? 'normal', log }));
  log.info({ cameras: cameras.length - sensors.length, sensors: sensors.length, footage: footage ?? 'test pattern' }, 'demo cameras streaming');
  return {
    async stop() {
      stopped = true;
      for (const s of sensors) s.stop();
      for (const ff of running) ff.kill('SIGTERM');
    },
  };
}

async function enrol(opts: { config: Config; db: Db; baseUrl: string }): Promise<Camera[]> {
  const logins = new Map(
    readFileSync(path.join(opts.config.dataDir, 'demo-logins.txt'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/) as [string, string])
      .filter((x) => x[0] && x[1]),
  );
  const cameras: Camera[] = [];
  for (const pair of PAIRS) {
    const officer = await session(opts.baseUrl, pair.officer, logins.get(pair.officer) ?? '');
    const biz = await session(opts.baseUrl, pair.business, logins.get(pair.business) ?? '');
    const detail = await officer.call<{ sites: { id: string; devices: { id: string; kind: string; status: string }[] }[] }>('GET', `/api/businesses/${biz.businessId}`);
    const site = detail.sites[0];
    const deviceIds = site.devices.filter((d) => d.status !== 'retired').map((d) => d.id);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const until = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
    type C = { id: string; version: number; textSha256: string; statements: { key: string }[] };
    const draft = await officer.call<C>('POST', '/api/consents', {
      siteId: site.id,
      deviceIds,
      purpose: '对食堂食品加工关键环节进行非现场监管（演示）',
      retention: '未作为证据使用的音视频至少保存 6 个月；作为证据使用的与案卷保存期限一致',
      viewers: '经授权的卫生健康执法人员；其他人员查阅须书面申请并经负责人批准',
      validFrom: today,
      validUntil: until,
    });
    const proposed = await officer.call<C>('POST', `/api/consents/${draft.id}/propose`, { version: draft.version });
    await biz.call('POST', `/api/consents/${proposed.id}/code`, { channel: 'email' });
    const mail = await opts.db.selectFrom('outbox_messages').select('body').where('purpose', '=', 'consent.sign').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const code = /验证码[:：]\s*(\d{6})/.exec(mail.body)?.[1] ?? '';
    await biz.call('POST', `/api/consents/${proposed.id}/sign`, { code, signerName: '演示签署人', confirmed: proposed.statements.map((s) => ({ key: s.key, msBeforeSign: 0 })), signaturePng: signaturePng(), textSha256: proposed.textSha256 });
    for (const d of site.devices.filter((x) => x.kind === 'camera' && x.status !== 'retired')) {
      const { key } = await officer.call<{ key: string }>('POST', `/api/devices/${d.id}/credentials`, {});
      cameras.push({ deviceId: d.id, key, kind: 'camera' });
      // With the real footage, a rule over its walkway shows the analyzer at work (flags within a minute).
      if (VTEST.some((f) => existsSync(f))) {
        await officer.call('POST', `/api/devices/${d.id}/rules`, { kind: 'restricted_area', name: '人行通道（演示）', definition: { zone: [[0, 0.3], [1, 0.3], [1, 0.72], [0, 0.72]], minDwellS: 3, cooldownS: 120 } });
      }
    }
    // Its water-quality sensor gets a key too; the hotel's shows a chlorine dip the threshold rule flags.
    for (const d of site.devices.filter((x) => x.kind === 'sensor' && x.status !== 'retired')) {
      const { key } = await officer.call<{ key: string }>('POST', `/api/devices/${d.id}/credentials`, {});
      cameras.push({ deviceId: d.id, key, kind: 'sensor', scenario: pair.business === 'biz.hotel' ? 'dip' : 'normal' });
    }
  }
  return cameras;
}

async function session(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`demo login ${username}: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken, user } = (await res.json()) as { csrfToken: string; user: { businessId: string | null } };
  return {
    businessId: user.businessId,
    async call<T>(method: string, p: string, body?: unknown): Promise<T> {
      const r = await fetch(`${base}${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'user-agent': 'vigil-demo', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
  };
}

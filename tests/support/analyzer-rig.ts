import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig, type Config } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createIngest, type Ingest } from '../../streams/ingest/ingest.service.js';
import { startMediaServer, type MediaServer } from '../../streams/ingest/media-server.js';
import { startLiveHttp } from '../../streams/live/live-http.js';
import { createHealthTracker } from '../../streams/health/health-tracker.js';
import { createTestApi, type Session } from './api-client.js';
import { consentedDevice } from './consent-flow.js';
import { freePort } from './platform-process.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const TOKEN = 'analyzer-rig-internal-token-0123456789';

/**
 * What analyzer tests need around them: a real database, the real consent flow, the real
 * RTMP ingest with in-process recording (2 s segments) and the internal live endpoint the
 * analyzer pulls from. Cameras are ffmpeg processes publishing real footage.
 */
export async function startAnalyzerRig() {
  const log = createLogger('silent');
  const t: TestDatabase = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-analyzer-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, log);
  const blobs = createFsBlobStore(path.join(dir, 'blobs'));
  const rtmpPort = await freePort();
  const livePort = await freePort();
  const api = await createTestApi(t, { blobs, notifier: mail.notifier, mailCaptured: true, streamsInternalUrl: `http://127.0.0.1:${livePort}`, internalToken: TOKEN });
  const officer = await api.login('officer.wc');
  const biz = await api.login('biz.hosp');
  const ms: MediaServer = await startMediaServer({ port: rtmpPort, host: '127.0.0.1', storeDir: path.join(dir, 'nms') });
  const health = createHealthTracker({ db: t.db, log, everyMs: 1000 });
  const ingest: Ingest = createIngest({ db: t.db, blobs, ms, log, recordingDir: path.join(dir, 'recording'), segmentMs: 2000, instance: 'rig', health });
  const live = await startLiveHttp({ ms, port: livePort, host: '127.0.0.1', token: TOKEN, log });
  const publishers: ChildProcess[] = [];

  return {
    t,
    dir,
    officer,
    biz,
    rtmpPort,
    /** Env for an analyzer (in process via loadConfig, or as a child process). */
    env(extra: Record<string, string> = {}): Record<string, string> {
      return { DATA_DIR: dir, STREAMS_INTERNAL_URL: `http://127.0.0.1:${livePort}`, INTERNAL_TOKEN: TOKEN, LOG_LEVEL: 'warn', ANALYZER_THREADS: '1', ...extra };
    },
    config(extra: Record<string, string> = {}): Config {
      return loadConfig(this.env(extra), []);
    },
    /** n consented cameras at biz.hosp's site, each with a stream key. */
    async cameras(n: number, officerSession: Session = officer): Promise<{ deviceId: string; key: string }[]> {
      const site = await t.db.selectFrom('sites').select('id').where('business_id', '=', biz.user.businessId!).orderBy('created_at').executeTakeFirstOrThrow();
      const have = await t.db.selectFrom('devices').select('id').where('site_id', '=', site.id).where('kind', '=', 'camera').execute();
      for (let i = have.length; i < n; i++) {
        const res = await officerSession.post(`/api/sites/${site.id}/devices`, { name: `摄像头 ${i + 1}`, kind: 'camera', mobility: 'fixed', pointsAt: `区域 ${i + 1}`, coverage: '操作区' });
        if (res.status !== 201) throw new Error(`device: ${res.status} ${await res.text()}`);
      }
      const c = await consentedDevice(t.db, officerSession, biz);
      const cams = await t.db.selectFrom('devices').select('id').where('site_id', '=', site.id).where('kind', '=', 'camera').orderBy('created_at').execute();
      const out: { deviceId: string; key: string }[] = [];
      for (const d of cams.slice(0, n)) {
        if (d.id === c.deviceId) out.push({ deviceId: d.id, key: c.key });
        else {
          const res = await officerSession.post(`/api/devices/${d.id}/credentials`, {});
          out.push({ deviceId: d.id, key: ((await res.json()) as { key: string }).key });
        }
      }
      return out;
    },
    /** A camera: ffmpeg publishing `input` (ffmpeg input args) in real time, H.264, 1 s GOP. */
    publish(cam: { deviceId: string; key: string }, input: string[], opts: { seconds: number; vf?: string; fps?: number }) {
      const fps = opts.fps ?? 10;
      const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', ...input, '-t', String(opts.seconds), ...(opts.vf ? ['-vf', opts.vf] : []), '-r', String(fps), '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', String(fps), '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/live/${cam.deviceId}?key=${cam.key}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      publishers.push(child);
      return { child, exited: new Promise<{ code: number | null; err: string }>((r) => child.on('exit', (code) => r({ code, err }))) };
    },
    /**
     * A camera fed frame by frame from the test (768×576, 10 frames/s, a live sensor's noise), so
     * the test decides what it shows and when: `show(picture)` switches the scene.
     */
    publishFrames(cam: { deviceId: string; key: string }, first: Buffer) {
      const W = 768;
      const H = 576;
      const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-r', '10', '-i', 'pipe:0', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '10', '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/live/${cam.deviceId}?key=${cam.key}`], { stdio: ['pipe', 'ignore', 'ignore'] });
      publishers.push(child);
      child.stdin!.on('error', () => {});
      let scene = first;
      const timer = setInterval(() => {
        const b = Buffer.from(scene);
        for (let i = 0; i < 3000; i++) b[(Math.random() * W * H) | 0] ^= 3;
        child.stdin!.write(b);
      }, 100);
      return {
        show(picture: Buffer) {
          scene = picture;
        },
        stop() {
          clearInterval(timer);
          child.stdin!.end();
        },
      };
    },
    async addRule(deviceId: string, body: { kind: string; name: string; definition: object }) {
      const res = await officer.post(`/api/devices/${deviceId}/rules`, body);
      if (res.status !== 201) throw new Error(`rule: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; version: number };
    },
    flags(deviceId: string) {
      return t.db.selectFrom('flags').selectAll().where('device_id', '=', deviceId).orderBy('started_at').execute();
    },
    blobFile: (sha: string) => path.join(dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha),
    async stop() {
      for (const p of publishers) if (p.exitCode === null) p.kill('SIGKILL');
      health.stop();
      await live.stop();
      await ingest.stop();
      await ms.stop();
      await mail.stop();
      await t.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type AnalyzerRig = Awaited<ReturnType<typeof startAnalyzerRig>>;

/** A still as one raw yuv420p 768×576 frame (for publishFrames); `filter` composes it. */
export function rawPicture(inputs: string[], filter: string): Buffer {
  return spawnSync('ffmpeg', ['-v', 'error', ...inputs.flatMap((i) => ['-i', i]), '-filter_complex', filter, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], { maxBuffer: 1 << 26 }).stdout;
}

/** Decodes a still into RGB24 (for locating things in test pictures with the real model). */
export function decodeStill(file: string): { width: number; height: number; rgb: Uint8Array } {
  const [width, height] = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).stdout.toString().trim().split(',').map(Number);
  const rgb = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 28 }).stdout;
  return { width, height, rgb: new Uint8Array(rgb) };
}

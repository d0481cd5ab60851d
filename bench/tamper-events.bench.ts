// Tamper events on real footage through the analyzer's live path: `npx tsx bench/tamper-events.bench.ts`.
//
// Scenes built from Debian's real media (opencv-doc vtest.avi: a fixed street camera; darknet
// person.jpg with sensor noise: a still indoor scene), encoded with x264 as a camera would, are
// served as HTTP-FLV paced in real time by a stand-in for the streams process's live endpoint:
// each has been publishing for 3 s when the analyzer picks it up (it first gets the cached GOP, in
// one burst, as from node-media-server), and a stopped publisher leaves its connection open and
// silent. One camera supervisor per scene (real ffmpeg, the tamper checks, the event logic; no
// rules, so no model) against fake flag stores. Prints, per expected event: raised or not, the
// raise latency (wall clock, from the moment it happened), the flag's start against that moment,
// and whether the evidence clip (flag start − EVIDENCE_PRE_ROLL_S) shows it; then flags nobody
// expected. Runs the same way on an older checkout (the APIs it uses are unchanged).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCameraSupervisor } from '../analyzer/camera.supervisor.js';
import type { FlagClose, FlagOpen } from '../analyzer/flags/flag.store.js';
import { createLogger } from '../core/log.js';

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const PERSON = '/usr/share/darknet/data/person.jpg';
const PICKUP_MS = 3000;
const STREAM_LOST_MS = 10_000;
const PRE_ROLL_MS = 10_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-tamper-bench-'));

type Expect = { type: string; atS: number };
type Scene = { name: string; input: string[]; vf: string; seconds: number; gop: number; expect: Expect[] };
const street = ['-stream_loop', '-1', '-i', VTEST];
const still = ['-loop', '1', '-i', PERSON];
const scenes: Scene[] = [
  { name: 'street, clean', input: street, vf: 'noise=alls=2:allf=t', seconds: 50, gop: 10, expect: [{ type: 'stream_lost', atS: 50 }] },
  { name: 'street, covered 20–40 s', input: street, vf: "drawbox=color=black:t=fill:enable='between(t,20,40)',noise=alls=2:allf=t", seconds: 50, gop: 10, expect: [{ type: 'camera_covered', atS: 20 }, { type: 'stream_lost', atS: 50 }] },
  { name: 'street, frozen 20–40 s', input: street, vf: 'noise=alls=2:allf=t,split[a][b];[a][b]freezeframes=first=200:last=400:replace=199', seconds: 50, gop: 10, expect: [{ type: 'picture_frozen', atS: 20 }, { type: 'stream_lost', atS: 50 }] },
  { name: 'street, turned at 20 s (GOP 4 s)', input: street, vf: "crop=w=iw*0.6:h=ih*0.6:x='if(gte(t,20),iw*0.4,0)':y='if(gte(t,20),ih*0.4,0)',noise=alls=2:allf=t", seconds: 45, gop: 40, expect: [{ type: 'view_moved', atS: 20 }, { type: 'stream_lost', atS: 45 }] },
  { name: 'still indoor scene, live (GOP 2 s)', input: still, vf: 'noise=alls=3:allf=t', seconds: 50, gop: 20, expect: [{ type: 'stream_lost', atS: 50 }] },
  { name: 'still indoor scene, stopped at 25 s', input: still, vf: 'noise=alls=3:allf=t', seconds: 25, gop: 10, expect: [{ type: 'stream_lost', atS: 25 }] },
];

type Tag = { ts: number; key: boolean; bytes: Buffer };
/** Encodes a scene to FLV (640×480, 10 fps) and splits it into its start (header, metadata, sequence header) and its picture tags. */
function build(s: Scene, i: number): { init: Buffer; tags: Tag[] } {
  const file = path.join(dir, `scene-${i}.flv`);
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...s.input, '-t', String(s.seconds), '-vf', `scale=640:480,${s.vf}`, '-r', '10', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-threads', '1', '-pix_fmt', 'yuv420p', '-g', String(s.gop), '-f', 'flv', file]);
  if (r.status !== 0) throw new Error(`encode ${s.name}: ${r.stderr.toString()}`);
  const flv = readFileSync(file);
  const init: Buffer[] = [flv.subarray(0, 13)];
  const tags: Tag[] = [];
  for (let o = 13; o + 11 <= flv.length; ) {
    const type = flv[o] & 0x1f;
    const size = flv.readUIntBE(o + 1, 3);
    const ts = flv.readUIntBE(o + 4, 3) | (flv[o + 7] << 24);
    const bytes = flv.subarray(o, o + 11 + size + 4);
    const body = flv.subarray(o + 11, o + 11 + size);
    o += 11 + size + 4;
    if (type === 18 || (type === 9 && body[1] === 0)) init.push(bytes);
    else if (type === 9) tags.push({ ts, key: body[0] >> 4 === 1, bytes });
  }
  return { init: Buffer.concat(init), tags };
}

// ONLY=2,4 runs those scenes alone (the others serve nothing).
const only = process.env.ONLY?.split(',').map(Number);
const built = scenes.map((s, i) => (!only || only.includes(i) ? build(s, i) : { init: Buffer.alloc(0), tags: [] }));
const startMs = Date.now() + 1000; // every scene "publishes" from here
const server = http.createServer((req, res) => {
  const i = Number(/^\/live\/scene-(\d+)\.flv$/.exec(req.url ?? '')?.[1] ?? -1);
  const b = built[i];
  const nowTs = Date.now() - startMs;
  if (!b || nowTs > (b.tags.at(-1)?.ts ?? 0)) return void res.writeHead(404).end('offline');
  res.writeHead(200, { 'content-type': 'video/x-flv' });
  res.write(b.init);
  // The cached GOP (from the last key frame up to now) at once, then live.
  const fromKey = b.tags.filter((t) => t.key && t.ts <= nowTs).at(-1)?.ts ?? 0;
  const timers: NodeJS.Timeout[] = [];
  for (const t of b.tags) {
    if (t.ts < fromKey) continue;
    if (t.ts <= nowTs) res.write(t.bytes);
    else timers.push(setTimeout(() => res.writableEnded || res.write(t.bytes), startMs + t.ts - Date.now()));
  }
  res.once('close', () => timers.forEach(clearTimeout)); // a stopped publisher: the connection stays open, silent
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

type Seen = { type: string; startedMs: number; raisedMs: number; endedMs?: number };
const seen: Seen[][] = scenes.map(() => []);
const log = createLogger((process.env.LOG_LEVEL as 'info' | undefined) ?? 'silent');
const place = (i: number) => ({ deviceId: `cam-${i}`, siteId: 's', businessId: 'b', agencyId: 'a', category: 'food' });
await new Promise((r) => setTimeout(r, startMs + PICKUP_MS - Date.now()));
const sups = scenes.flatMap((_, i) => (only && !only.includes(i) ? [] : [i])).map((i) => {
  const mine = seen[i];
  const flags = {
    open: async (f: FlagOpen) => (mine.push({ type: f.type, startedMs: f.startedAt.getTime(), raisedMs: Date.now() }), { id: `${i}:${mine.length - 1}`, created: true }),
    close: async (id: string, c: FlagClose) => ((mine[Number(id.split(':')[1])].endedMs = c.endedAt.getTime()), true),
  };
  const settings = { ffmpegPath: 'ffmpeg', fps: 2, width: 640, decode: 'auto' as const, idleDetectMs: 10_000, streamLostMs: STREAM_LOST_MS, graceMs: 1500, tamperCloseAfterMs: 30_000 };
  const scheduler = { detect: async () => [], stats: () => ({ inferences: 0, dropped: 0, busyMs: 0, queued: 0, running: 0 }) };
  return createCameraSupervisor(`cam-${i}`, place(i), { settings, source: { url: `${base}/live/scene-${i}.flv` }, scheduler: scheduler as never, model: { name: 'none', version: '0', sha256: '' }, flags: flags as never, references: { save: async () => {} } as never, log }, { rules: [], checkpoint: { events: {} }, reference: null });
});
const lastS = Math.max(...scenes.map((s) => s.seconds));
await new Promise((r) => setTimeout(r, startMs + (lastS * 1000 + STREAM_LOST_MS + 8000) - Date.now()));
await Promise.all(sups.map((s) => s.stop()));
server.closeAllConnections();
server.close();

let expected = 0;
let found = 0;
let unexpected = 0;
const f1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
for (const [i, s] of scenes.entries()) {
  if (only && !only.includes(i)) continue;
  console.log(`\n${s.name}`);
  const used = new Set<Seen>();
  for (const e of s.expect) {
    expected++;
    const at = startMs + e.atS * 1000;
    const hit = seen[i].find((x) => x.type === e.type && !used.has(x) && x.raisedMs >= at - 2000);
    if (!hit) {
      console.log(`  ${e.type} at ${e.atS} s: MISSED`);
      continue;
    }
    used.add(hit);
    found++;
    const shows = hit.startedMs - PRE_ROLL_MS <= at ? 'yes' : 'NO';
    console.log(`  ${e.type} at ${e.atS} s: raised after ${f1(hit.raisedMs - at)}; flag starts ${hit.startedMs >= at ? '+' : ''}${f1(hit.startedMs - at)} from it; clip with ${PRE_ROLL_MS / 1000} s pre-roll shows it: ${shows}; ${hit.endedMs === undefined ? 'open' : `lasts ${f1(hit.endedMs - hit.startedMs)}`}`);
  }
  for (const x of seen[i].filter((y) => !used.has(y))) {
    unexpected++;
    console.log(`  UNEXPECTED ${x.type}: raised at ${f1(x.raisedMs - startMs)}, starts at ${f1(x.startedMs - startMs)}, ${x.endedMs === undefined ? 'open' : `lasts ${f1(x.endedMs - x.startedMs)}`}`);
  }
}
console.log(`\nrecall ${found}/${expected} = ${((100 * found) / expected).toFixed(0)} %; precision ${found}/${found + unexpected} = ${((100 * found) / Math.max(1, found + unexpected)).toFixed(0)} %`);
rmSync(dir, { recursive: true, force: true });

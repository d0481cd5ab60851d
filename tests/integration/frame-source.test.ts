import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFrameSource } from '../../analyzer/frames/ffmpeg-frames.js';
import { waitFor } from '../support/wait.js';

// The analyzer's frame source pulling the internal HTTP-FLV with the internal bearer token, from
// a stand-in for the streams process's live endpoint (a real HTTP server, real ffmpeg).
const TOKEN = 'internal-token-that-must-not-reach-argv-0123456789';
let dir: string;
let flv: Buffer;
let long: Buffer;
/** When the stand-in answered /live/mid.flv (the analyzer picking the camera up in mid-stream). */
let pickupMs = 0;
let server: http.Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-frames-'));
  const file = path.join(dir, 'cam.flv');
  const made = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'flv', file]);
  expect(made.status, made.stderr.toString()).toBe(0);
  flv = readFileSync(file);
  const longFile = path.join(dir, 'long.flv');
  const madeLong = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '7', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'flv', longFile]);
  expect(madeLong.status, madeLong.stderr.toString()).toBe(0);
  long = readFileSync(longFile);
  // Answers only with the bearer token; sends the stream, then stays open and silent (a publisher gone quiet).
  server = http.createServer((req, res) => {
    requests.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'video/x-flv' });
    if (req.url === '/live/mid.flv') return midStream(res);
    res.write(flv);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
/**
 * Like the media server to a new subscriber: the stream has run for 3 s; its first 3 s come at once
 * (the cached GOP, old pictures), then each tag when its time comes (live).
 */
function midStream(res: http.ServerResponse) {
  pickupMs = Date.now();
  res.write(long.subarray(0, 13));
  for (let o = 13; o + 11 <= long.length; ) {
    const size = long.readUIntBE(o + 1, 3);
    const ts = long.readUIntBE(o + 4, 3) | (long[o + 7] << 24);
    const t = long.subarray(o, o + 11 + size + 4);
    o += 11 + size + 4;
    if (ts < 3000) res.write(t);
    else setTimeout(() => !res.writableEnded && res.write(t), pickupMs + ts - 3000 - Date.now());
  }
}

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('analyzer frame source over the internal endpoint', () => {
  it('decodes frames with the bearer token sent, but the token is on no command line; a silent stream ends the pull', async () => {
    let frames = 0;
    const src = startFrameSource({ ffmpegPath: 'ffmpeg', url: `${base}/live/cam.flv`, headers: { Authorization: `Bearer ${TOKEN}` }, fps: 5, width: 160, mode: 'all', readTimeoutMs: 4000 }, () => frames++);
    const argv = readFileSync(`/proc/${src.child.pid}/cmdline`, 'utf8');
    expect(argv).toContain('ffmpeg');
    expect(argv).not.toContain(TOKEN);
    await waitFor('frames', async () => frames > 3);
    expect(requests).toEqual([`Bearer ${TOKEN}`]);
    // The server keeps the connection open and sends nothing more: the pull gives up and ffmpeg is
    // killed. What it had output before still arrives. Of the 15 pictures sent (3 s at 5 frames/s)
    // ffmpeg holds the last few back while it waits for more input (its frame-threaded decoder
    // keeps a picture per thread, the fps filter one more): killed, it never outputs them — on
    // purpose, a live reader is never sent end of input (see startFrameSource). 9 or 10 arrive, alone
    // or under load, with 4 s or 8 s of silence alike; more threads hold more back.
    const r = await src.done;
    expect(r.stderr).toContain('no data for 4000 ms');
    expect(frames).toBeGreaterThanOrEqual(6);
  });

  it('picked up in mid-stream, each frame carries its stream time on the wall clock (the cached seconds too), and whether it is a key frame', async () => {
    const got: { atMs: number; arrivedMs: number; key: boolean | undefined }[] = [];
    const src = startFrameSource({ ffmpegPath: 'ffmpeg', url: `${base}/live/mid.flv`, headers: { Authorization: `Bearer ${TOKEN}` }, fps: 2, width: 160, mode: 'all', readTimeoutMs: 6000 }, (f, atMs) => got.push({ atMs, arrivedMs: Date.now(), key: f.key }));
    await src.done;
    const originMs = pickupMs - 3000; // the stream's time 0 on the wall clock
    expect(got.length).toBeGreaterThanOrEqual(12);
    // The first picture is 3 s old when it arrives, and is stamped so.
    expect(got[0].atMs - originMs).toBeGreaterThanOrEqual(-50);
    expect(got[0].atMs - originMs).toBeLessThanOrEqual(300);
    expect(got[0].arrivedMs - got[0].atMs).toBeGreaterThanOrEqual(2500);
    // Every frame: stream time (a multiple of the 100 ms frame interval) on the wall clock, never after it arrived.
    for (const g of got) {
      const streamMs = Math.round((g.atMs - originMs) / 100) * 100;
      expect(Math.abs(g.atMs - originMs - streamMs), `frame at ${g.atMs - originMs} ms`).toBeLessThanOrEqual(300);
      expect(g.atMs).toBeLessThanOrEqual(g.arrivedMs);
    }
    // Key frames (one a second) are all kept, in order, and said to be key — up to the stream's last
    // second: the pictures ffmpeg still holds when the silent pull is killed never come out (see the
    // first test), and under load that tail can reach back over the last key frame (at 6 s).
    const keys = got.filter((g) => g.key).map((g) => Math.round((g.atMs - originMs) / 1000));
    expect(keys.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6]]).toContainEqual(keys);
    expect(got.every((g) => g.key === true || g.key === false)).toBe(true);
  });

  it('a file is stamped from the origin given, by each frame\'s time after the seek point', async () => {
    const got: { atMs: number; key: boolean | undefined }[] = [];
    const src = startFrameSource({ ffmpegPath: 'ffmpeg', url: path.join(dir, 'long.flv'), fps: 2, width: 160, mode: 'keyframes', originMs: 1_000_000, preInput: ['-ss', '2', '-t', '4'] }, (f, atMs) => got.push({ atMs, key: f.key }));
    await src.done;
    expect(got).toEqual([0, 1000, 2000, 3000].map((ms) => ({ atMs: 1_000_000 + ms, key: true })));
  });

  it('a refused pull (wrong token) ends the source, with the HTTP status in its report', async () => {
    const src = startFrameSource({ ffmpegPath: 'ffmpeg', url: `${base}/live/cam.flv`, headers: { Authorization: 'Bearer wrong' }, fps: 5, width: 160, mode: 'all', readTimeoutMs: 5000 }, () => {});
    const r = await src.done;
    expect(r.stderr).toContain('HTTP 401');
  });
});

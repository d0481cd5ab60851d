// `npm run camera -- --device <id> --key <key> [--file F] [--url rtmp://host:1935]`
// A simulated camera: loops a video file into the ingest the way a real camera pushes RTMP.
// Default file: Debian opencv-doc's vtest.avi (real footage) when present, else a test pattern.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.js';

const VTEST = ['/usr/share/doc/opencv-doc/examples/data/vtest.avi', '/usr/share/opencv4/samples/data/vtest.avi'];
const { values } = parseArgs({ args: process.argv.slice(2), options: { device: { type: 'string' }, key: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' }, seconds: { type: 'string' } } });
process.argv.length = 2;
const problems: string[] = [];
if (!values.device || !/^[0-9a-f-]{36}$/.test(values.device)) problems.push('--device: the device id (uuid)');
if (!values.key || !values.key.startsWith('vk_')) problems.push('--key: the stream key issued for the device (vk_…)');
if (values.file && !existsSync(values.file)) problems.push(`--file: ${values.file} does not exist`);
if (problems.length) {
  process.stderr.write(`camera:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(2);
}
const config = loadConfig(undefined, []);
const base = values.url ?? config.rtmpPublicUrl;
const file = values.file ?? VTEST.find((f) => existsSync(f));
const input = file ? ['-re', '-stream_loop', '-1', '-i', file] : ['-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25'];
const duration = values.seconds ? ['-t', values.seconds] : [];
const target = `${base}/live/${values.device}?key=${values.key}`;
const args = ['-hide_banner', '-loglevel', 'warning', ...input, ...duration, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-b:v', '1000k', '-f', 'flv', target];
process.stdout.write(`camera: ${file ?? 'test pattern'} → ${base}/live/${values.device}\n`);
const ff = spawn(config.ffmpegPath, args, { stdio: 'inherit' });
const stop = () => ff.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
ff.on('exit', (code) => process.exit(code ?? 1));

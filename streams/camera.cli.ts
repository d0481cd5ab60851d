// `npm run camera -- --device <id> [--key-file F] [--file F] [--url rtmp://host:1935] [--seconds N]`
// A simulated camera: loops a video file into the ingest the way a real camera pushes RTMP.
// Default file: Debian opencv-doc's vtest.avi (real footage) when present, else a test pattern.
// The stream key is read from --key-file or stdin (`npm run camera -- --device <id> < key.txt`),
// never from the command line: argv is visible to every user of the machine (`ps`). ffmpeg gets
// a short-lived publish ticket made from the key, not the key.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.js';
import { publishTicket } from '../core/consent/publish-ticket.js';

const VTEST = ['/usr/share/doc/opencv-doc/examples/data/vtest.avi', '/usr/share/opencv4/samples/data/vtest.avi'];
const { values } = parseArgs({ args: process.argv.slice(2), options: { device: { type: 'string' }, key: { type: 'string' }, 'key-file': { type: 'string' }, file: { type: 'string' }, url: { type: 'string' }, seconds: { type: 'string' } } });
process.argv.length = 2;

async function readKey(): Promise<string> {
  if (values['key-file']) return existsSync(values['key-file']) ? readFileSync(values['key-file'], 'utf8').trim() : '';
  if (!process.stdin.isTTY) return readFileSync(0, 'utf8').trim();
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const line = await rl.question('stream key (vk_…): ');
  rl.close();
  return line.trim();
}

const problems: string[] = [];
if (values.key) problems.push('--key: a stream key on the command line is visible to every user (ps); use --key-file F, or give it on stdin');
if (!values.device || !/^[0-9a-f-]{36}$/.test(values.device)) problems.push('--device: the device id (uuid)');
if (values.file && !existsSync(values.file)) problems.push(`--file: ${values.file} does not exist`);
const key = problems.length ? '' : await readKey();
if (!problems.length && !key.startsWith('vk_')) problems.push('stream key (--key-file or stdin): the key issued for the device (vk_…)');
if (problems.length) {
  process.stderr.write(`camera:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(2);
}
const deviceId = values.device!;
const config = loadConfig(undefined, []);
const base = values.url ?? config.rtmpPublicUrl;
const file = values.file ?? VTEST.find((f) => existsSync(f));
const input = file ? ['-re', '-stream_loop', '-1', '-i', file] : ['-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25'];
const duration = values.seconds ? ['-t', values.seconds] : [];
const target = `${base}/live/${deviceId}?key=${publishTicket(key, deviceId)}`;
const args = ['-hide_banner', '-loglevel', 'warning', ...input, ...duration, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-b:v', '1000k', '-f', 'flv', target];
process.stdout.write(`camera: ${file ?? 'test pattern'} → ${base}/live/${deviceId}\n`);
const ff = spawn(config.ffmpegPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = () => ff.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
ff.on('exit', (code) => process.exit(code ?? 1));

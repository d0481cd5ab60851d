// Builds the web app right after `npm install`, so the first `npm start` serves it at once.
// Skipped quietly when dev dependencies were not installed (the start will say so).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('web/vite.config.ts') && existsSync('node_modules/vite')) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) console.warn('vigil: the web build failed; `npm start` will try again.');
}

// The CenterNet detector: converted from the TF.js model in @vladmandic/human to ONNX (models/).
if (existsSync('node_modules/tsx') && existsSync('node_modules/@vladmandic/human') && existsSync('models/build-centernet.ts')) {
  const m = spawnSync(process.execPath, ['--import', 'tsx', 'models/build-centernet.ts'], { stdio: 'inherit' });
  if (m.status !== 0) console.warn('vigil: building the detector model failed; the analyzer will try again on start.');
}

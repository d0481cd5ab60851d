import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when web/dist is missing or older than any file in web/src or web/index.html. */
export function webBuildIsStale(webDir: string, distDir: string): boolean {
  let built: number;
  try {
    built = statSync(path.join(distDir, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  try {
    return Math.max(newestMtime(path.join(webDir, 'src')), statSync(path.join(webDir, 'index.html')).mtimeMs) > built;
  } catch {
    return false; // no sources shipped: serve what is built
  }
}

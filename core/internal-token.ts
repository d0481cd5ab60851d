import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { Config } from './config.js';

/**
 * The secret the API presents to the streams process's internal endpoints: INTERNAL_TOKEN, or
 * one created once under DATA_DIR/keys (shared by processes on one machine).
 */
export function internalToken(config: Config): string {
  if (config.streamsInternal.token) return config.streamsInternal.token;
  const dir = path.join(config.dataDir, 'keys');
  const file = path.join(dir, 'internal-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  } catch {
    return readFileSync(file, 'utf8').trim(); // another process created it first
  }
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

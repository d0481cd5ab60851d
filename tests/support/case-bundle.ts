import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** `npm run verify -- <file>` as a child process with no database: its exit code and what it printed. */
export const verifyCli = (file: string) =>
  exec(process.execPath, ['--import', 'tsx', 'core/ledger/verify.cli.ts', file], { env: { ...process.env, DATABASE_URL: '' } }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

/** Writes an unzipped bundle's files (fflate's unzipSync result) under `folder`, as a clerk would unpack it. */
export function writeBundleFolder(folder: string, files: Record<string, Uint8Array>) {
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), bytes);
  }
}

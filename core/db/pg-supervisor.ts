import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../log.js';
import type { RunAs } from './pg-binaries.js';

const READY = 'database system is ready to accept connections';
const BACKOFF_MS = [500, 1000, 2000, 4000, 5000];
/** A server that stayed up this long has recovered: the next crash restarts at the first step again. */
const STABLE_MS = 60_000;

export type PgSupervisor = {
  /** Starts the server and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Watches a server this supervisor did not start (found running on the data): restarts it when it dies. */
  adopt(pid: number): void;
  /** The postmaster's pid, or null while none runs. */
  pid(): number | null;
  /** Fast shutdown (SIGINT), waits for the server to exit; no restart after it. */
  stop(): Promise<void>;
};

/**
 * Runs the embedded postmaster as a child process and keeps it running: when it dies without
 * being asked to (kill -9, out of memory), it is started again with back-off (0.5 s doubling to
 * 5 s), each attempt logged. PostgreSQL's own crash recovery replays the WAL on that start.
 */
export function supervisePostgres(opts: { postgres: string; dataDir: string; port: number; flags: string[]; runAs: RunAs; log: Logger }): PgSupervisor {
  const { log } = opts;
  let child: ChildProcess | null = null;
  let adopted: { pid: number; timer: NodeJS.Timeout } | null = null;
  let stopping = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;
  let upSince = 0;

  function launch(): Promise<void> {
    return new Promise((resolve, reject) => {
      const args = ['-D', opts.dataDir, '-p', String(opts.port), '-c', 'lc_messages=C', ...opts.flags];
      // Its own process group: a Ctrl-C or a signal to the platform's group must not stop the
      // database before the platform's ordered shutdown has written its last rows.
      const p = spawn(opts.postgres, args, { ...(opts.runAs ?? {}), detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      child = p;
      let ready = false;
      let tail = '';
      p.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        tail = (tail + text).slice(-4000);
        log.debug({ pg: text.trim() }, 'postgres');
        if (!ready && tail.includes(READY)) {
          ready = true;
          upSince = Date.now();
          resolve();
        }
      });
      p.once('error', (err) => {
        if (!ready) reject(err);
      });
      p.once('exit', (code, signal) => {
        if (child === p) child = null;
        if (!ready) {
          reject(new Error(`PostgreSQL exited while starting (code ${code}, signal ${signal}): ${tail.trim().split('\n').slice(-3).join(' | ')}`));
          return;
        }
        if (stopping) return;
        log.error({ code, signal, pid: p.pid }, 'embedded PostgreSQL died; restarting it');
        scheduleRestart();
      });
    });
  }

  function scheduleRestart() {
    if (stopping || retry) return;
    if (upSince && Date.now() - upSince > STABLE_MS) attempt = 0;
    const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      if (stopping) return;
      launch().then(
        () => log.warn({ pid: child?.pid, attempt }, 'embedded PostgreSQL restarted'),
        (err: unknown) => {
          log.error({ err, attempt, retryInMs: BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] }, 'embedded PostgreSQL restart failed; trying again');
          scheduleRestart();
        },
      );
    }, delay);
  }

  // A platform that exits without stopping it (a crash) takes its server along (fast shutdown
  // in the background), as a child would go with its terminal; a SIGKILLed platform cannot, and
  // its successor adopts the server it finds running.
  const onExit = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.once('exit', onExit);

  return {
    start: launch,
    adopt(pid) {
      const timer = setInterval(() => {
        try {
          process.kill(pid, 0);
        } catch {
          clearInterval(timer);
          adopted = null;
          if (stopping) return;
          log.error({ pid }, 'the embedded PostgreSQL found running at start died; starting it');
          upSince = 0;
          scheduleRestart();
        }
      }, 1000);
      timer.unref();
      adopted = { pid, timer };
    },
    pid: () => child?.pid ?? adopted?.pid ?? null,
    async stop() {
      stopping = true;
      if (retry) clearTimeout(retry);
      if (adopted) clearInterval(adopted.timer);
      process.removeListener('exit', onExit);
      const p = child;
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGINT');
      });
    },
  };
}

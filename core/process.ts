import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';

/**
 * A signal during start-up (before onShutdown is armed) exits through process.exit, so 'exit'
 * handlers run (the embedded PostgreSQL is told to stop) instead of the process just dying.
 */
function earlySignal(signal: NodeJS.Signals) {
  process.stderr.write(`${signal} during start-up: exiting\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Loads config for a process's composition root; exits non-zero with every problem listed. */
export function bootConfig(): { config: Config; log: Logger } {
  process.on('SIGINT', earlySignal);
  process.on('SIGTERM', earlySignal);
  try {
    const config = loadConfig();
    return { config, log: createLogger(config.logLevel) };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Runs stop() once on SIGINT/SIGTERM, then exits. Uncaught errors are logged, not swallowed. */
export function onShutdown(log: Logger, stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A step that hangs (a client that never lets go) must not keep the process for ever.
    setTimeout(() => {
      log.error('shutdown did not finish in 30 s; exiting');
      process.exit(1);
    }, 30_000).unref();
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.removeListener('SIGINT', earlySignal);
  process.removeListener('SIGTERM', earlySignal);
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

export function fatal(log: Logger, what: string, err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  log.fatal({ err }, what);
  process.stderr.write(`\n${what}: ${msg}\n`);
  process.exit(1);
}

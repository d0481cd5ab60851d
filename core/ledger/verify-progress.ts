import cliProgress from 'cli-progress';
import type { VerifyProgress } from './verify-problems.js';

/**
 * Progress for the verify command: a bar on a terminal, a plain line every few seconds (and at
 * each phase's end) when output goes to a file or a CI log.
 */
export type ProgressReporter = { update(p: VerifyProgress): void; stop(): void };

const LABEL: Record<VerifyProgress['phase'], string> = { entries: 'entries', blobs: 'blobs  ' };

export function createProgressReporter(out: NodeJS.WriteStream = process.stderr, everyMs = 5000): ProgressReporter {
  if (out.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    let phase: VerifyProgress['phase'] | null = null;
    return {
      update(p) {
        if (phase !== p.phase) {
          bar?.stop();
          bar = new cliProgress.SingleBar(
            { stream: out, format: `${LABEL[p.phase]} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, 0);
          phase = p.phase;
        }
        bar?.setTotal(p.total);
        bar?.update(p.done);
      },
      stop() {
        bar?.stop();
        bar = null;
      },
    };
  }
  let last = 0;
  const started = Date.now();
  return {
    update(p) {
      const now = Date.now();
      if (now - last < everyMs && p.done < p.total) return;
      last = now;
      const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
      out.write(`verify: ${p.phase} ${p.done}/${p.total} (${pct} %) after ${((now - started) / 1000).toFixed(1)} s\n`);
    },
    stop() {},
  };
}

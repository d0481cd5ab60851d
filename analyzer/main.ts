// Composition root of the analyzer process when run alone (multi-machine deployments).
import { openDatabase } from '../core/db/bootstrap.js';
import { fatal, bootConfig, onShutdown } from '../core/process.js';
import { startAnalyzer } from './analyzer.process.js';

const { config, log } = bootConfig();
try {
  const db = await openDatabase(config, log);
  const proc = await startAnalyzer(config, db.appUrl, log.child({ process: 'analyzer' }));
  log.info('analyzer process started');
  onShutdown(log, async () => {
    await proc.stop();
    await db.stop();
  });
} catch (err) {
  fatal(log, 'analyzer failed to start', err);
}

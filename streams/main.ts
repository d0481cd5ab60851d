// Composition root of the streams process when run alone (multi-machine deployments).
import { openDatabase } from '../core/db/bootstrap.js';
import { fatal, bootConfig, onShutdown } from '../core/process.js';
import { startStreams } from './streams.process.js';

const { config, log } = bootConfig();
try {
  const db = await openDatabase(config, log);
  const proc = await startStreams(config, db.appUrl, log.child({ process: 'streams' }));
  log.info('streams process started');
  onShutdown(log, async () => {
    await proc.stop();
    await db.stop();
  });
} catch (err) {
  fatal(log, 'streams failed to start', err);
}

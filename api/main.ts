// Composition root of the API process when run alone (multi-machine deployments).
import { openDatabase } from '../core/db/bootstrap.js';
import { createEventBus } from '../core/events.js';
import { bootConfig, fatal, onShutdown } from '../core/process.js';
import { startApi } from './start.js';

const { config, log } = bootConfig();
try {
  const db = await openDatabase(config, log);
  const api = await startApi(config, db.appUrl, log.child({ process: 'api' }), createEventBus(), { adminUrl: db.embedded ? db.adminUrl : null });
  log.info({ port: api.port }, 'api process started');
  onShutdown(log, async () => {
    await api.stop();
    await db.stop();
  });
} catch (err) {
  fatal(log, 'api failed to start', err);
}

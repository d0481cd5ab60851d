// Composition root of the all-in-one platform: `npm start` (add `-- --demo` for demo data).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemo } from './api/demo/demo.seed.js';
import { startDemoCameras } from './api/demo/demo-cameras.js';
import { startApi } from './api/start.js';
import { startAnalyzer } from './analyzer/analyzer.process.js';
import { openDatabase } from './core/db/bootstrap.js';
import { createEventBus } from './core/events.js';
import { webBuildIsStale } from './core/web-build.js';
import { bootConfig, fatal, onShutdown } from './core/process.js';
import { startStreams } from './streams/streams.process.js';

const started = performance.now();
const { config, log } = bootConfig();
try {
  if (webBuildIsStale(path.resolve('web'), config.webDistDir)) {
    log.info('building the web app…');
    const { build } = await import('vite');
    await build({ configFile: path.resolve('web/vite.config.ts'), logLevel: 'warn' });
  }
  const db = await openDatabase(config, log);
  const events = createEventBus();
  const api = await startApi(config, db.appUrl, log.child({ process: 'api' }), events, { adminUrl: db.embedded ? db.adminUrl : null });
  const streams = await startStreams(config, db.appUrl, log.child({ process: 'streams' }));
  // The platform serves without the analyzer (recording, review, cases go on); /api/health shows it down.
  const analyzer = config.analyzer.enabled
    ? await startAnalyzer(config, db.appUrl, log.child({ process: 'analyzer' })).catch((err: unknown) => {
        log.error({ err }, 'analyzer not started: video analysis is off until this is fixed');
        return null;
      })
    : null;

  if (config.demo) {
    const file = path.join(config.dataDir, 'demo-logins.txt');
    const logins = await seedDemo(api.db);
    if (logins) {
      const lines = logins.map((l) => `${l.username.padEnd(14)} ${l.password.padEnd(12)} ${l.role.padEnd(15)} ${l.displayName} — ${l.where}`);
      writeFileSync(file, `Vigil demo logins (http://${config.host}:${api.port})\n${lines.join('\n')}\n`, { mode: 0o600 });
      log.info({ file }, 'demo data seeded');
      await api.gradeNow();
    }
    if (existsSync(file)) process.stdout.write(`\n${(await import('node:fs')).readFileSync(file, 'utf8')}\n`);
  }
  const cameras = config.demo && config.demoCameras ? await startDemoCameras({ config, db: api.db, baseUrl: `http://127.0.0.1:${api.port}`, log: log.child({ module: 'demo-cameras' }) }) : null;
  const url = `http://${config.host}:${api.port}`;
  log.info({ url, embeddedDb: db.embedded, ms: Math.round(performance.now() - started) }, 'Vigil is up');
  process.stdout.write(`Vigil is running at ${url}  (database: ${db.embedded ? 'embedded PostgreSQL under ' + config.dataDir : 'DATABASE_URL'})\n`);
  if (api.mail.email === 'not_configured') process.stdout.write('E-mail is NOT configured (SMTP_URL unset): one-time codes and notices cannot be e-mailed until it is set.\n');
  else if (api.mail.email === 'captured') process.stdout.write('Demo: e-mail is captured on this machine and shown in the demo mailbox (/mailbox), not delivered.\n');
  // In order: no new requests; publish sessions end as 'streams_stopped' (a recorded gap) and
  // their last segments are stored; the analyzer; the API's queue, sealer and pool; the
  // embedded database last, so that everything before it can still write.
  onShutdown(log, async () => {
    await api.stopAccepting();
    await streams.stop();
    await cameras?.stop();
    await analyzer?.stop();
    await api.stop();
    await db.stop();
    log.info('database stopped; shutdown complete');
  });
} catch (err) {
  fatal(log, 'Vigil failed to start', err);
}

import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import { router } from '../http/openapi.js';
import type { Access } from '../access/access.service.js';
import { createDeviceGuard } from './analysis.guard.js';
import { devicePictureRoutes } from './device-picture.routes.js';
import { createDeviceSnapshots } from './device-snapshot.js';
import { createFlagRepository } from './flag.repository.js';
import type { RecordReader } from '../records/record-reader.js';
import { flagRoutes, type EvidenceReadHook, type FlagViewHook } from './flag.routes.js';
import { createFlagService } from './flag.service.js';
import { createModelInfo } from './model-info.js';
import { createPictureViews } from './picture-views.js';
import { createReferenceService } from './reference.service.js';
import { createRuleRepository } from './rule.repository.js';
import { ruleRoutes } from './rule.routes.js';
import { createRuleService } from './rule.service.js';

/**
 * The analysis API (issue 5), mounted at /api: rules (versioned), flags (read), pictures,
 * reference scenes. The analyzer writes flags and scenes to the same tables and reads rules.
 */
export function analysisRoutes(deps: { db: Db; log: Logger; access: Access; records: RecordReader; blobs: BlobStore; ffmpegPath: string; modelManifestPath?: () => Promise<string>; onFlagView?: FlagViewHook; onEvidenceRead?: EvidenceReadHook }) {
  const { db, blobs } = deps;
  const deviceFor = createDeviceGuard({ db, access: deps.access });
  const logView = createPictureViews(db);
  const rules = createRuleService({ db, repo: createRuleRepository(db), deviceFor, model: createModelInfo(deps.modelManifestPath) });
  const flags = createFlagService({ db, repo: createFlagRepository(db), access: deps.access });
  const snapshots = createDeviceSnapshots({ db, blobs, ffmpegPath: deps.ffmpegPath, log: deps.log.child({ module: 'snapshots' }) });
  const references = createReferenceService({ db, deviceFor });

  const app = router();
  app.route('/', ruleRoutes(rules));
  app.route('/', devicePictureRoutes({ records: deps.records, deviceFor, snapshots, references, blobs, logView }));
  app.route('/', flagRoutes({ flags, records: deps.records, blobs, logView, onView: deps.onFlagView, onEvidenceRead: deps.onEvidenceRead }));
  return app;
}

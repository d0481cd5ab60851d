import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { EventBus } from '../../core/events.js';
import { createPictureViews } from '../analysis/picture-views.js';
import type { Access } from '../access/access.service.js';
import { router } from '../http/openapi.js';
import type { RecordReader } from '../records/record-reader.js';
import { createFindingRepository } from './finding.repository.js';
import { createFindingDecisionService } from './finding-decision.service.js';
import { findingDecisionRoutes } from './finding-decisions.routes.js';
import { createFindingViews } from './finding-detail.js';
import type { NoticeEnqueue } from './finding-notices.js';
import { createFindingPortalService } from './finding-portal.service.js';
import { findingPixelRoutes, findingRoutes } from './findings.routes.js';

/**
 * Notify and confirm (R6), mounted at /api: the business portal (/portal/findings, signed-in
 * users), the staff view of a flag's finding (/flags/:flagId/finding), the officer's decisions
 * on a finding and his worklist (/findings/…), and the e-mail open pixel (/findings/open/:token.gif, public).
 */
export function findingsApi(deps: { db: Db; access: Access; records: RecordReader; events: EventBus; blobs: BlobStore; enqueue: NoticeEnqueue | null }) {
  const repo = createFindingRepository(deps.db);
  const portal = createFindingPortalService({ db: deps.db, repo, access: deps.access, blobs: deps.blobs, events: deps.events });
  const decisions = createFindingDecisionService({ db: deps.db, access: deps.access, events: deps.events, enqueue: deps.enqueue });
  const views = createFindingViews({ db: deps.db, repo });
  const app = router();
  app.route('/', findingPixelRoutes(portal));
  app.route('/', findingDecisionRoutes({ decisions, repo, views, access: deps.access }));
  app.route('/', findingRoutes({ portal, repo, views, access: deps.access, records: deps.records, blobs: deps.blobs, logView: createPictureViews(deps.db) }));
  return app;
}

import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { Access } from '../access/access.service.js';
import { router } from '../http/openapi.js';
import { createCaseFilingService } from './case-filing.service.js';
import { createCasePartyService } from './case-party.service.js';
import { casePartyRoutes } from './case-party.routes.js';
import { createCasePartyViews } from './case-party.view.js';
import { createCaseStageService } from './case-stage.service.js';
import { createCaseViews } from './case-views.js';
import { caseRoutes } from './case.routes.js';
import { createDocumentSettingsService } from './document-settings.service.js';

/** Cases (R7, R8), mounted at /api: list, queues, filing, workspace, stages, clocks; and the party's side in the portal (/portal/cases). */
export function casesApi(deps: { db: Db; access: Access; documents: DocumentService; blobs: BlobStore; now?: () => Date }) {
  const filing = createCaseFilingService(deps);
  const stages = createCaseStageService(deps);
  const views = createCaseViews(deps);
  const settings = createDocumentSettingsService(deps);
  const party = createCasePartyService({ ...deps, stages });
  const partyViews = createCasePartyViews({ ...deps, party });
  const app = router();
  app.route('/', caseRoutes({ filing, stages, views, settings }));
  app.route('/', casePartyRoutes({ party, views: partyViews, blobs: deps.blobs }));
  return { app, filing, stages, views, settings, party, partyViews };
}

import type { Db } from '../../core/db/connect.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { Access } from '../access/access.service.js';
import { createCaseFilingService } from './case-filing.service.js';
import { createCaseStageService } from './case-stage.service.js';
import { createCaseViews } from './case-views.js';
import { caseRoutes } from './case.routes.js';
import { createDocumentSettingsService } from './document-settings.service.js';

/** Cases (R7, R8), mounted at /api: list, queues, filing, workspace, stages, clocks. */
export function casesApi(deps: { db: Db; access: Access; documents: DocumentService; now?: () => Date }) {
  const filing = createCaseFilingService(deps);
  const stages = createCaseStageService(deps);
  const views = createCaseViews(deps);
  const settings = createDocumentSettingsService(deps);
  return { app: caseRoutes({ filing, stages, views, settings }), filing, stages, views, settings };
}

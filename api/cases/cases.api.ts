import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { Logger } from '../../core/log.js';
import type { Access } from '../access/access.service.js';
import { createCaseExportService, type LedgerSealing } from './case-export.service.js';
import { createCaseFilingService } from './case-filing.service.js';
import { createCaseStageService } from './case-stage.service.js';
import { createCaseViews } from './case-views.js';
import { caseRoutes } from './case.routes.js';
import { createDocumentSettingsService } from './document-settings.service.js';

/** Cases (R7, R8), mounted at /api: list, queues, filing, workspace, stages, clocks, the case file's export. */
export function casesApi(deps: {
  db: Db;
  access: Access;
  documents: DocumentService;
  blobs: BlobStore;
  templates?: TemplateRegistry;
  /** This process's ledger sealer (the export seals the case's entries into a checkpoint). */
  sealer?: LedgerSealing;
  log?: Logger;
  now?: () => Date;
}) {
  const filing = createCaseFilingService(deps);
  const stages = createCaseStageService(deps);
  const views = createCaseViews(deps);
  const settings = createDocumentSettingsService(deps);
  const exports = createCaseExportService(deps);
  return { app: caseRoutes({ filing, stages, views, settings, exports }), filing, stages, views, settings, exports };
}

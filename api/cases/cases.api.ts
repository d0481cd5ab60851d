import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { EventBus } from '../../core/events.js';
import type { Access } from '../access/access.service.js';
import type { RecordReader } from '../records/record-reader.js';
import { createArchiveReads } from './archive-reads.js';
import { caseRepository as repo } from './case.repository.js';
import { createCaseClosingService } from './case-closing.service.js';
import { router } from '../http/openapi.js';
import type { Logger } from '../../core/log.js';
import { createCaseExportService, type LedgerSealing } from './case-export.service.js';
import { createCaseFilingService } from './case-filing.service.js';
import { createCasePartyService } from './case-party.service.js';
import { casePartyRoutes } from './case-party.routes.js';
import { createCasePartyViews } from './case-party.view.js';
import { createCaseStageService } from './case-stage.service.js';
import { createCaseViews } from './case-views.js';
import { caseRoutes } from './case.routes.js';
import { createDocumentSettingsService } from './document-settings.service.js';

/** Cases (R7, R8, R10), mounted at /api: list, queues, filing, workspace, stages, clocks, payments, archive; and the party's side in the portal (/portal/cases). */
export function casesApi(deps: {
  db: Db;
  access: Access;
  records: RecordReader;
  documents: DocumentService;
  blobs: BlobStore;
  events?: EventBus;
  templates?: TemplateRegistry;
  /** This process's ledger sealer (the export seals the case's entries into a checkpoint). */
  sealer?: LedgerSealing;
  log?: Logger;
  now?: () => Date;
}) {
  const reads = createArchiveReads(deps.db);
  /** Tells the staff watching a case that it moved (after the commit: the event carries ids, never the record). */
  const announce = (caseId: string) => {
    const events = deps.events;
    if (!events) return;
    void repo.get(deps.db, caseId).then(
      (c) => c && events.emit('case:changed', { id: c.id, agencyId: c.agency_id, state: c.state, version: c.version }),
      () => undefined,
    );
  };
  const after =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>, caseIdOf: (a: A, r: R) => string) =>
    async (...a: A): Promise<R> => {
      const r = await fn(...a);
      announce(caseIdOf(a, r));
      return r;
    };
  const byArg = <A extends unknown[]>(a: A) => a[1] as string;

  const rawFiling = createCaseFilingService(deps);
  const filing = {
    ...rawFiling,
    fileFromFlags: after(rawFiling.fileFromFlags, (_a, r) => r.id),
    openByHand: after(rawFiling.openByHand, (_a, r) => r.id),
    reviewEvidence: after(rawFiling.reviewEvidence, byArg),
    addEvidence: after(rawFiling.addEvidence, byArg),
  };
  const rawStages = createCaseStageService(deps);
  const stages = {
    ...rawStages,
    record: after(rawStages.record, byArg),
    pause: after(rawStages.pause, byArg),
    resume: after(rawStages.resume, byArg),
    requestExtension: after(rawStages.requestExtension, byArg),
    decideExtension: after(rawStages.decideExtension, byArg),
  };
  const views = createCaseViews({ ...deps, reads });
  const settings = createDocumentSettingsService(deps);
  const closing = createCaseClosingService(deps);
  const exports = createCaseExportService({ ...deps, reads });
  const party = createCasePartyService({ ...deps, stages });
  const partyViews = createCasePartyViews({ ...deps, party });
  const app = router();
  app.route('/', caseRoutes({ db: deps.db, access: deps.access, records: deps.records, blobs: deps.blobs, filing, stages, views, settings, closing, reads, exports }));
  app.route('/', casePartyRoutes({ records: deps.records, party, views: partyViews, blobs: deps.blobs }));
  return { app, filing, stages, views, settings, closing, reads, party, partyViews, exports };
}

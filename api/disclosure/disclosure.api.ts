import type { Db } from '../../core/db/connect.js';
import { createAccess, type Access } from '../access/access.service.js';
import { createAccessRepository } from '../access/access.repository.js';
import { router } from '../http/openapi.js';
import { publicDisclosureRoutes } from './public.routes.js';
import { createPublicationRepository } from './publication.repository.js';
import { publicationRoutes } from './publication.routes.js';
import { createPublicationService, type PublicationRequester } from './publication.service.js';

export type { PublicationRequest, PublicationRequester } from './publication.service.js';

/**
 * Public disclosure (R15; issue 16 item 5), mounted at /api: the staff's /publications and the
 * public /public pages (no login). One line in api/app.ts.
 */
export function disclosureApi(deps: { db: Db; access: Access }) {
  const repo = createPublicationRepository(deps.db);
  const app = router();
  app.route('/publications', publicationRoutes(createPublicationService({ db: deps.db, access: deps.access, repo })));
  app.route('/public', publicDisclosureRoutes({ db: deps.db, repo }));
  return app;
}

/**
 * The PublicationRequester port (i16-team.md) for a composition root: an inspection result (or any
 * later kind) asked for publication goes through the same masking, check and head's approval.
 */
export function publicationRequester(db: Db): PublicationRequester {
  return createPublicationService({ db, access: createAccess(createAccessRepository(db)), repo: createPublicationRepository(db) }).requester();
}

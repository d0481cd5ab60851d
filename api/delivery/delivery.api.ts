import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Database } from '../../core/db/database.js';
import type { DocumentService } from '../../core/documents/template.js';
import type { Access } from '../access/access.service.js';
import type { RecordReader } from '../records/record-reader.js';
import { createDeliveryCompletion } from './delivery-completion.js';
import { deliveryRoutes } from './delivery.routes.js';
import { createDeliveryPortalService } from './delivery-portal.service.js';
import { createDeliveryService } from './delivery.service.js';

/** Enqueues a channel's 'delivery.send' job in the caller's transaction (core/queue.ts sendInTransaction). */
export type DeliveryEnqueue = (trx: Kysely<Database>, channelId: string, correlationId: string) => Promise<unknown>;

/** The delivery module's HTTP side, mounted at /api (api/app.ts). */
export function deliveryApi(deps: { db: Kysely<Database>; access: Access; records: RecordReader; blobs: BlobStore; documents: DocumentService; enqueue: DeliveryEnqueue | null }) {
  const completion = createDeliveryCompletion({ documents: deps.documents });
  const deliveries = createDeliveryService({ db: deps.db, access: deps.access, blobs: deps.blobs, completion, enqueue: deps.enqueue });
  const portal = createDeliveryPortalService({ db: deps.db, access: deps.access, completion });
  return { app: deliveryRoutes({ deliveries, portal, records: deps.records, blobs: deps.blobs }), deliveries, portal };
}

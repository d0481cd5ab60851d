import type { Insertable, Kysely } from 'kysely';
import type { Database, DeliveriesTable, DeliveryChannelRow, DeliveryChannelsTable, DeliveryEventRow, DeliveryRow } from '../../core/db/database.js';

type Db = Kysely<Database>;

/** The queries of deliveries, their channels and their evidence events (events are only inserted). */
export const deliveryRepository = {
  insert: (trx: Db, values: Insertable<DeliveriesTable>) => trx.insertInto('deliveries').values(values).returningAll().executeTakeFirstOrThrow(),
  get: (db: Db, id: string) => db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst(),
  lock: (trx: Db, id: string) => trx.selectFrom('deliveries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  update: (trx: Db, id: string, set: Partial<Pick<DeliveryRow, 'status' | 'served_at' | 'served_channel_id' | 'service_rule' | 'service_basis' | 'certificate_id'>>) =>
    trx
      .updateTable('deliveries')
      .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  ofCase: (db: Db, caseId: string) => db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute(),
  ofDocument: (db: Db, caseId: string, documentId: string) => db.selectFrom('deliveries').selectAll().where('case_id', '=', caseId).where('document_id', '=', documentId).orderBy('created_at').execute(),
  /** A business's deliveries of documents (its portal inbox), newest first. */
  ofBusiness: (db: Db, businessId: string, limit: number) =>
    db.selectFrom('deliveries').selectAll().where('business_id', '=', businessId).where('subject_kind', '=', 'document').orderBy('created_at', 'desc').limit(limit).execute(),

  /** The notices of a finding (its first notice, the decision on its dispute), oldest first. */
  ofFinding: (db: Db, findingId: string) => db.selectFrom('deliveries').selectAll().where('finding_id', '=', findingId).where('subject_kind', '=', 'finding_notice').orderBy('created_at').orderBy('id').execute(),
  /** E-mail/SMS channels still waiting to be sent, oldest first (start-up gives each a job if it has none). */
  queuedChannels: (db: Db, limit: number) =>
    db.selectFrom('delivery_channels').select(['id', 'delivery_id']).where('status', '=', 'queued').where('channel', 'in', ['email', 'sms']).orderBy('created_at').limit(limit).execute(),

  insertChannel: (trx: Db, values: Insertable<DeliveryChannelsTable>) => trx.insertInto('delivery_channels').values(values).returningAll().executeTakeFirstOrThrow(),
  channels: (db: Db, deliveryIds: string[]): Promise<DeliveryChannelRow[]> =>
    deliveryIds.length ? db.selectFrom('delivery_channels').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('created_at').orderBy('id').execute() : Promise.resolve([]),
  /** A queued channel, locked while it is sent (SKIP LOCKED: two workers never send the same one). */
  lockQueuedChannel: (trx: Db, id: string) => trx.selectFrom('delivery_channels').selectAll().where('id', '=', id).where('status', '=', 'queued').forUpdate().skipLocked().executeTakeFirst(),
  channelByToken: (db: Db, token: string) => db.selectFrom('delivery_channels').selectAll().where('open_token', '=', token).executeTakeFirst(),
  updateChannel: (trx: Db, id: string, set: Partial<Pick<DeliveryChannelRow, 'status' | 'attempts' | 'outbox_id'>>) =>
    trx
      .updateTable('delivery_channels')
      .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),

  lastEvent: (trx: Db, deliveryId: string) => trx.selectFrom('delivery_events').select(['seq', 'hash', 'at']).where('delivery_id', '=', deliveryId).orderBy('seq', 'desc').limit(1).executeTakeFirst(),
  insertEvent: (trx: Db, values: Insertable<Database['delivery_events']>) => trx.insertInto('delivery_events').values(values).returningAll().executeTakeFirstOrThrow(),
  events: (db: Db, deliveryIds: string[]): Promise<DeliveryEventRow[]> =>
    deliveryIds.length ? db.selectFrom('delivery_events').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('seq').execute() : Promise.resolve([]),

  /** The version row of a case document (the case's link names document id and version). */
  caseDocument: (db: Db, caseId: string, documentId: string) =>
    db
      .selectFrom('case_documents as cd')
      .innerJoin('documents as d', (j) => j.onRef('d.document_id', '=', 'cd.document_id').onRef('d.version', '=', 'cd.version'))
      .select(['d.id as row_id', 'd.document_id', 'd.version', 'd.kind', 'd.number', 'd.pdf_sha256', 'd.agency_id', 'd.issued_at', 'd.public_ref'])
      .where('cd.case_id', '=', caseId)
      .where('cd.document_id', '=', documentId)
      .orderBy('cd.version', 'desc')
      .limit(1)
      .executeTakeFirst(),
  document: (db: Db, rowId: string) => db.selectFrom('documents').select(['id', 'document_id', 'version', 'kind', 'number', 'pdf_sha256', 'agency_id', 'issued_at']).where('id', '=', rowId).executeTakeFirst(),
  agencyName: (db: Db, id: string) => db.selectFrom('agencies').select('name').where('id', '=', id).executeTakeFirst(),
  business: (db: Db, id: string) => db.selectFrom('businesses').select(['id', 'name', 'address', 'agency_id']).where('id', '=', id).executeTakeFirst(),
  /** Whether a business has a portal account that can sign in (someone to deliver the portal message to). */
  portalUsers: (db: Db, businessId: string) => db.selectFrom('users').select('id').where('business_id', '=', businessId).where('status', '=', 'active').execute(),
  user: (db: Db, id: string) => db.selectFrom('users').select(['id', 'display_name', 'certificate_no']).where('id', '=', id).executeTakeFirst(),
};
export type DeliveryRepository = typeof deliveryRepository;

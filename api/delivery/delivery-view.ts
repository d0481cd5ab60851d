import type { Kysely } from 'kysely';
import type { Database, DeliveryRow } from '../../core/db/database.js';
import { verifyChain, type ChainedEvent, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { deliveryRepository as repo } from './delivery.repository.js';

/** A delivery as the API shows it: its channels and evidence events, and whether its hash chain holds (checked on every read). */
export async function deliveryView(db: Kysely<Database>, d: DeliveryRow) {
  const [channels, events] = await Promise.all([repo.channels(db, [d.id]), repo.events(db, [d.id])]);
  const chained: ChainedEvent[] = events.map((e) => ({ deliveryId: e.delivery_id, seq: e.seq, kind: e.kind as DeliveryEventKind, channel: e.channel as DeliveryChannel | null, at: new Date(e.at), documentSha256: e.content_sha256, detail: e.detail, prevHash: e.prev_hash, hash: e.hash }));
  const problems = verifyChain(chained, d.content_sha256);
  return {
    id: d.id, caseId: d.case_id, documentId: d.document_id, documentVersion: d.document_version, documentKind: d.document_kind, documentNumber: d.document_number,
    sha256: d.content_sha256, status: d.status, servedAt: d.served_at, serviceRule: d.service_rule, serviceBasis: d.service_basis, certificateId: d.certificate_id, createdAt: d.created_at,
    channels: channels.map((c) => ({ id: c.id, channel: c.channel, address: c.address, status: c.status, attempts: c.attempts, proof: c.proof })),
    events: events.map((e) => ({ seq: e.seq, kind: e.kind, channel: e.channel, at: e.at, detail: e.detail, prevHash: e.prev_hash, hash: e.hash })),
    chain: { ok: problems.length === 0, problems },
  };
}
export type DeliveryView = Awaited<ReturnType<typeof deliveryView>>;

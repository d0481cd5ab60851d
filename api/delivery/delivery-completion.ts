import type { Kysely } from 'kysely';
import type { Database, DeliveryChannelRow, DeliveryEventRow, DeliveryRow } from '../../core/db/database.js';
import { CASE_TEMPLATES } from '../../core/documents/case-templates/index.js';
import type { DocumentService, DocumentSigner } from '../../core/documents/template.js';
import type { DeliveryEventKind } from '../../core/delivery/evidence.js';
import { serviceDate, type Arrival } from '../../core/delivery/service-date.js';
import { attachCertificateVersion, recordServiceStage } from '../cases/case-service-stage.js';
import { caseRepository } from '../cases/case.repository.js';
import { certificateFields } from './delivery-certificate.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { appendEvent, ledgerDeliveryRow, SYSTEM } from './delivery-trail.js';

type Trx = Kysely<Database>;

/**
 * What the arrival of a finding's notice means: the business was told (R6), nothing was served in
 * the legal sense (no 送达回证, no service clock, no case stage); the channel is the earliest that
 * reached it — the portal, the moment the notice was written.
 */
export const NOTICE_RULE = { rule: '发现事项告知到达受告知人（通知，不属于法律意义上的送达，不出具送达回证）', basis: '非现场监管发现事项告知（R6）' } as const;

export const documentTitle = (kind: string | null) => CASE_TEMPLATES.find((t) => t.kind === kind)?.title ?? kind ?? '文书';

/** Every channel's events, grouped, as the service-date rule reads them. */
export function outcomes(channels: DeliveryChannelRow[], events: DeliveryEventRow[]) {
  return channels.map((c) => ({ id: c.id, channel: c.channel, address: c.address, events: events.filter((e) => e.channel_id === c.id).map((e) => ({ kind: e.kind as DeliveryEventKind, at: new Date(e.at), detail: e.detail })) }));
}

/**
 * Completes a delivery once nothing is pending (ETSI's evidence set closed for the electronic
 * channels): the service date is the earliest effective arrival (core/delivery/service-date.ts),
 * recorded as the 'service_completed' event; for a case document the case records its 送达 stage
 * with the 送达回证 (api/cases/case-service-stage.ts); a finding's notice only records its earliest
 * arrival (NOTICE_RULE) and touches no case. With no effective arrival the delivery is
 * 'not_served' (e-mail refused, no portal account): the officer serves it by another method, which
 * completes it then. Safe to call again: a served delivery is left as it is.
 */
export function createDeliveryCompletion(deps: { documents: DocumentService | null }) {
  const documents = () => {
    if (!deps.documents) throw new Error('a case document was served with no document service to issue its 送达回证');
    return deps.documents;
  };
  async function context(trx: Trx, d: DeliveryRow) {
    const [channels, events, business, officer, c] = await Promise.all([
      repo.channels(trx, [d.id]),
      repo.events(trx, [d.id]),
      repo.business(trx, d.business_id),
      d.created_by ? repo.user(trx, d.created_by) : Promise.resolve(undefined),
      d.case_id ? caseRepository.get(trx, d.case_id) : Promise.resolve(undefined),
    ]);
    const signers: DocumentSigner[] = officer ? [{ userId: officer.id, name: officer.display_name, certificateNo: officer.certificate_no ?? null, role: '送达人' }] : [{ userId: null, name: '送达平台', certificateNo: null, role: '送达人' }];
    return { channels, events, business, officer, caseRow: c, signers };
  }

  function fields(d: DeliveryRow, ctx: Awaited<ReturnType<typeof context>>, arrival: Arrival) {
    return certificateFields({ delivery: d, documentName: documentTitle(d.document_kind), business: { name: ctx.business?.name ?? '', address: ctx.business?.address ?? null }, caseName: ctx.caseRow?.cause ?? null, channels: ctx.channels, events: ctx.events, arrival, sender: ctx.officer?.display_name ?? null });
  }

  return {
    async completeIfSettled(trx: Trx, deliveryId: string, requestId: string | null = null): Promise<DeliveryRow | null> {
      const d = await repo.lock(trx, deliveryId);
      if (!d || d.status === 'served') return null;
      const channels = await repo.channels(trx, [d.id]);
      if (channels.some((c) => c.status === 'queued')) return null;
      const arrival = serviceDate(outcomes(channels, await repo.events(trx, [d.id])));
      if (!arrival) {
        if (d.status === 'not_served') return null;
        const row = await repo.update(trx, d.id, { status: 'not_served' });
        await ledgerDeliveryRow(trx, 'delivery', row, 'delivery.not_served', SYSTEM, requestId);
        return row;
      }
      // A finding's notice is told, not served: its earliest arrival is recorded under its own rule (no 送达回证, no case).
      if (d.subject_kind === 'finding_notice') Object.assign(arrival, NOTICE_RULE);
      await appendEvent(trx, d, { kind: 'service_completed', channel: channels.find((c) => c.id === arrival.channelId) ?? null, actor: SYSTEM, requestId, detail: { servedAt: arrival.at.toISOString(), channel: arrival.channel, address: arrival.address, rule: arrival.rule, basis: arrival.basis } });
      let row = await repo.update(trx, d.id, { status: 'served', served_at: arrival.at, served_channel_id: arrival.channelId, service_rule: arrival.rule, service_basis: arrival.basis });
      if (row.case_id && row.subject_kind === 'document') {
        const ctx = await context(trx, row);
        const cert = await recordServiceStage(trx, documents(), { caseId: row.case_id, officerId: row.created_by ?? ctx.caseRow!.created_by, servedKind: row.document_kind ?? '', servedAt: arrival.at, deliveryId: row.id, documentId: row.document_id, certificate: fields(row, ctx, arrival), signers: ctx.signers, requestId });
        if (cert) row = await repo.update(trx, row.id, { certificate_id: cert.id });
      }
      await ledgerDeliveryRow(trx, 'delivery', row, row.subject_kind === 'finding_notice' ? 'delivery.notice_arrived' : 'delivery.served', SYSTEM, requestId, { servedAt: arrival.at.toISOString(), channel: arrival.channel, basis: arrival.basis });
      return row;
    },

    /** After an acknowledgement: the 送达回证's next version carries it (the delivery must be served with a certificate). */
    async reissueCertificate(trx: Trx, d: DeliveryRow, reason: string, requestId: string | null) {
      if (d.status !== 'served' || !d.certificate_id || !d.case_id || !d.served_at) return null;
      const ctx = await context(trx, d);
      const completed = ctx.events.find((e) => e.kind === 'service_completed');
      const det = (completed?.detail ?? {}) as { channel?: Arrival['channel']; address?: string; rule?: string; basis?: string };
      const arrival: Arrival = { channelId: d.served_channel_id ?? '', channel: det.channel ?? 'portal', address: det.address ?? '', at: new Date(d.served_at), rule: d.service_rule ?? det.rule ?? '', basis: d.service_basis ?? det.basis ?? '' };
      return attachCertificateVersion(trx, documents(), { caseId: d.case_id, certificateId: d.certificate_id, certificate: fields(d, ctx, arrival), signers: ctx.signers, reason, requestId });
    },
  };
}
export type DeliveryCompletion = ReturnType<typeof createDeliveryCompletion>;

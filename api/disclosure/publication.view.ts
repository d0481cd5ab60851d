import { CHANGE_KIND_ZH, withdrawalState } from '../../core/disclosure/withdrawal.js';
import { PUBLICATION_STATUS_ZH } from '../../core/disclosure/publication-rules.js';
import type { PublicationListed } from './publication.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A publication as staff see it (the known names and secrets stay on the server: they are what is masked). */
export function publicationView(p: PublicationListed, now: Date) {
  return {
    id: p.id,
    publicRef: p.public_ref,
    kind: p.kind,
    sourceId: p.source_id,
    status: p.status,
    statusText: PUBLICATION_STATUS_ZH[p.status],
    title: p.title,
    body: p.body,
    partyName: p.party_name,
    documentNumber: p.document_number,
    decidedOn: p.decided_on,
    agency: { id: p.agency_id, name: p.agency_name },
    secrets: p.secrets,
    createdAt: iso(p.created_at)!,
    request: p.requested_at ? { by: p.requested_by_name, byId: p.requested_by, at: iso(p.requested_at)! } : null,
    decision: p.decided_at ? { by: p.decided_by_name, at: iso(p.decided_at)!, opinion: p.opinion } : null,
    publishedAt: iso(p.published_at),
    change: p.change_kind ? { kind: p.change_kind, kindText: CHANGE_KIND_ZH[p.change_kind], at: iso(p.changed_at)!, note: p.change_note } : null,
    withdrawal: {
      state: withdrawalState({ withdrawal_due_at: p.withdrawal_due_at ? new Date(p.withdrawal_due_at) : null, withdrawn_at: p.withdrawn_at ? new Date(p.withdrawn_at) : null }, now),
      dueAt: iso(p.withdrawal_due_at),
      at: iso(p.withdrawn_at),
      by: p.withdrawn_by_name,
      reason: p.withdrawal_reason,
    },
    version: p.version,
  };
}
export type PublicationView = ReturnType<typeof publicationView>;

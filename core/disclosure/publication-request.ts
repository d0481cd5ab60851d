/**
 * The port through which other work asks for something to be published (R15; issue 16): random
 * inspection's results today. Disclosure masks the draft, checks it and waits for the head's
 * approval (api/disclosure/publication.service.ts `requester`); decisions are composed by
 * disclosure itself from cases.
 */
export interface PublicationRequest {
  kind: 'inspection_result';
  /** The thing published, e.g. the inspection item's id: one live publication per source. */
  sourceId: string;
  agencyId: string;
  businessId: string | null;
  /** The unmasked draft: disclosure masks, checks and asks approval. */
  title: string;
  body: string;
  /** The user who asks. */
  requestedBy: string;
}
/** Asking again for a source that already has a live publication answers that publication (a retry is harmless). */
export type PublicationRequester = (req: PublicationRequest) => Promise<{ id: string }>;

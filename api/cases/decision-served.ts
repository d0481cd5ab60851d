import type { CaseBundle } from './case-facts.js';

/**
 * When the decision was served on the party — the one place enforcement and closing read it
 * (行政处罚法 art. 61: served under 民事诉讼法; art. 67 ¶3: the fifteen days to pay run from receipt).
 *
 * The seam to the delivery module (issue 14 item 2): that module runs a `service` clock from the
 * decision (started_by: the decision's stage) and stops it when service completes, so the stop of
 * that clock is the date of service. When it records the service date on its own rows (the earliest effective
 * arrival, 民诉法 art. 90), read that here instead; nothing else changes.
 *
 * A decision made on the spot is handed to the party there and then (行政处罚法 art. 52:
 * "当场交付当事人"): served at the decision. Otherwise null: not yet served.
 */
export function decisionServedAt(b: Pick<CaseBundle, 'row' | 'stages' | 'clocks'>): Date | null {
  const spot = b.stages.find((s) => s.kind === 'on_the_spot_decision');
  if (spot) return new Date(spot.at);
  const decision = [...b.stages].reverse().find((s) => s.kind === 'decision');
  if (!decision) return null;
  // The service clock the decision started (else one started since it), stopped.
  const ofDecision = (k: CaseBundle['clocks'][number]) => k.started_by === decision.id || (!k.started_by && new Date(k.started_at).getTime() >= new Date(decision.at).getTime() - 1000);
  const service = [...b.clocks].reverse().find((k) => (k.kind as string) === 'service' && !!k.stopped_at && ofDecision(k));
  return service?.stopped_at ? new Date(service.stopped_at) : null;
}

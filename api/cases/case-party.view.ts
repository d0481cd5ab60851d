import { checkStage, STAGES, type StageKind } from '../../core/cases/procedure.js';
import type { Penalty } from '../../core/cases/major.js';
import { paymentView } from '../../core/cases/payment.js';
import { refusal, type Refusal } from '../../core/cases/refusal.js';
import type { Db } from '../../core/db/connect.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { casePartyRepository as party } from './case-party.repository.js';
import type { CasePartyService } from './case-party.service.js';
import { calendarFor, factsOf, latestClocks, loadBundle } from './case-facts.js';
import { partyDocuments } from './party-documents.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
/** The party's own acts on its case, and the stages that answer them, shown on its page. */
const PARTY_STAGES: readonly string[] = ['prior_notice', 'statement', 'hearing_request', 'hearing_notice', 'hearing', 'decision', 'on_the_spot_decision', 'reminder', 'closing'];

/**
 * What the party's case page draws (issue 14 item 3), in one call: the case, the documents
 * addressed to it (party-documents.ts), the evidence clip, its statement period and hearing
 * window (running, due when, or the rule that stops it), what it sent, the hearing notice, and
 * the decision with the payment due date (15 days from service) and the late fee.
 */
export function createCasePartyViews(deps: { db: Db; access: Access; party: CasePartyService; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const { db } = deps;
  return {
    async list(caller: Caller) {
      const scope = deps.access.scope(caller, 'case.party');
      if (scope.kind !== 'business') return { items: [] };
      const rows = await party.cases(db, scope);
      return { items: rows.map((r) => ({ id: r.id, state: r.state, procedure: r.procedure, cause: r.cause, agencyName: r.agency_name, acceptedAt: iso(r.accepted_at)!, decidedAt: iso(r.decided_at), closedAt: iso(r.closed_at), partyDueAt: iso(r.party_due_at as Date | null) })) };
    },

    async view(caller: Caller, id: string) {
      const c = await deps.party.own(caller, id);
      const at = now();
      // The party sees its served documents here: the first look at each is its delivery's 'notification opened'.
      let docs = await partyDocuments(db, id);
      if (docs.some((d) => d.deliveryId && !d.openedAt)) {
        await deps.party.opened(caller, docs);
        docs = await partyDocuments(db, id);
      }
      const [bundle, cal, agency, files, findings] = await Promise.all([loadBundle(db, c), calendarFor(db, c), party.agencyName(db, c.agency_id), party.files(db, id), party.findingsOf(db, id)]);
      const facts = factsOf(bundle, cal, at);
      const clocks = latestClocks(bundle, cal, at);
      // Decided (or closed): the statement and hearing are over — the party's way now is reconsideration
      // or litigation, which the decision names (行政处罚法第五十九条第一款第（五）项); before the notice: not yet.
      const over = ['decided', 'reported', 'enforcing', 'closed'].includes(c.state);
      const probe = (kind: StageKind, f: Record<string, unknown>): Refusal | null =>
        c.state === 'notified'
          ? checkStage(facts, { kind, at, actorId: caller.user.id, officers: [], participants: 0, facts: f, byParty: true }, cal)
          : over
            ? refusal('stage_out_of_order', '行政处罚法第五十九条第一款第（五）项', '本案已作出处理决定，陈述、申辩和听证程序已经结束；对决定不服的，可以依法申请行政复议或者提起行政诉讼')
            : STAGES[kind].order;
      const window = (kind: 'statement' | 'hearing_request') => {
        const k = clocks[kind];
        return k ? { startedAt: iso(k.startedAt)!, dueAt: iso(k.dueAt), stoppedAt: iso(k.stoppedAt), limit: k.limit, basis: k.basis, overdue: k.overdue } : null;
      };
      const stages = bundle.stages.filter((s) => PARTY_STAGES.includes(s.kind));
      const notice = [...stages].reverse().find((s) => s.kind === 'prior_notice') ?? null;
      const since = (s: { at: Date | string }) => !!notice && new Date(s.at) >= new Date(notice.at);
      const hearingNotice = [...stages].reverse().find((s) => s.kind === 'hearing_notice') ?? null;
      const decision = [...stages].reverse().find((s) => s.kind === 'decision' || s.kind === 'on_the_spot_decision') ?? null;
      const names = new Map((await party.userNames(db, [...new Set([...stages.map((s) => s.actor_id), ...(hearingNotice?.fields.chairId ? [String(hearingNotice.fields.chairId)] : [])])])).map((u) => [u.id, u.display_name]));
      const fileUrl = (fileId: string) => `/api/portal/cases/${id}/files/${fileId}`;
      const penalty = (decision?.fields.penalty as Penalty | undefined) ?? null;
      const decisionDoc = decision ? docs.find((d) => d.stageId === decision.id) : undefined;
      const statementRefusal = probe('statement', { waived: false, statementGiven: true });
      const hearingRefusal = probe('hearing_request', {});
      return {
        case: { id: c.id, state: c.state, procedure: c.procedure, cause: c.cause, version: c.version, agencyName: agency?.name ?? null, agencyPhone: agency?.phone ?? null, acceptedAt: iso(c.accepted_at)!, decidedAt: iso(c.decided_at), closedAt: iso(c.closed_at) },
        documents: docs.map((d) => ({
          id: d.documentId,
          kind: d.kind,
          number: d.number,
          version: d.version,
          sha256: d.sha256,
          issuedAt: iso(d.issuedAt)!,
          servedAt: iso(d.servedAt)!,
          deliveryId: d.deliveryId,
          openedAt: iso(d.openedAt),
          acknowledgedAt: iso(d.acknowledgedAt),
          url: `/api/portal/cases/${id}/documents/${d.documentId}/pdf`,
          // 在线诉讼规则第三十三条: the party may confirm receipt of what was served through the platform.
          acknowledgeUrl: d.deliveryId && !d.acknowledgedAt ? `/api/portal/deliveries/${d.deliveryId}/acknowledge` : null,
        })),
        clips: bundle.evidence
          .filter((e) => e.kind === 'clip' && e.flag_id)
          .map((e) => ({ evidenceId: e.id, title: e.title, findingId: findings.find((f) => f.flag_id === e.flag_id)?.finding_id ?? null }))
          .filter((e) => e.findingId)
          .map((e) => ({ ...e, url: `/api/portal/findings/${e.findingId}/clip.mp4` })),
        statement: { window: window('statement'), allowed: !statementRefusal, refusal: statementRefusal },
        hearing: {
          right: !!notice?.fields.hearingRight,
          window: window('hearing_request'),
          allowed: !!notice?.fields.hearingRight && !hearingRefusal,
          refusal: notice?.fields.hearingRight ? hearingRefusal : null,
          requestedAt: iso(stages.find((s) => s.kind === 'hearing_request' && since(s))?.at),
          waivedAt: iso(stages.find((s) => s.kind === 'statement' && since(s) && s.fields.hearingWaived)?.at),
        },
        acts: stages
          .filter((s) => s.kind === 'statement' || s.kind === 'hearing_request')
          .map((s) => ({
            id: s.id,
            kind: s.kind,
            at: iso(s.at)!,
            byParty: s.fields.channel === 'online',
            actorName: names.get(s.actor_id) ?? null,
            statement: typeof s.fields.statement === 'string' ? s.fields.statement : null,
            hearingWaived: !!s.fields.hearingWaived,
            files: ((s.fields.files as { id: string; filename: string; sha256: string; size: number; mediaType: string }[] | undefined) ?? []).map((f) => ({ ...f, url: fileUrl(f.id) })),
          })),
        pendingFiles: files.filter((f) => !f.stage_id).map((f) => ({ ...deps.party.fileDto(f), url: fileUrl(f.id) })),
        hearingNotice: hearingNotice
          ? { at: iso(hearingNotice.at)!, hearingAt: iso(hearingNotice.fields.hearingAt as string), place: String(hearingNotice.fields.place ?? ''), chair: names.get(String(hearingNotice.fields.chairId)) ?? null, public: hearingNotice.fields.public !== false, documentId: docs.find((d) => d.stageId === hearingNotice.id)?.documentId ?? null }
          : null,
        decision: decision
          ? {
              at: iso(decision.at)!,
              outcome: (decision.fields.outcome as string | undefined) ?? 'penalty',
              penaltyKinds: penalty?.kinds ?? [],
              documentId: decisionDoc?.documentId ?? null,
              number: decisionDoc?.number ?? null,
              // Until service exists the due date is the rule (自送达之日起十五日内); the delivery module gives servedAt.
              payment: penalty?.fineFen ? (({ dueAt, lateFee, ...rest }) => ({ ...rest, dueAt: iso(dueAt), lateFee }))(paymentView(penalty.fineFen, decisionDoc?.servedAt ?? null, at, cal)) : null,
            }
          : null,
      };
    },
  };
}
export type CasePartyViews = ReturnType<typeof createCasePartyViews>;

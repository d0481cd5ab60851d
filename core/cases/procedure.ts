import type { HolidayCalendar } from '../calendar/calendar.js';
import type { CaseDocumentKind } from '../documents/template.js';
import type { ClockKind, ClockView } from './limits.js';
import type { Art58, PartyKind, Penalty } from './major.js';
import { refusal, type Refusal } from './refusal.js';
import { has, latest, proposedPenalty, REVIEW_MATERIALS, STAGES } from './stages.js';

export { caseMajorReasons, proposedPenalty, requiredMaterials, REVIEW_MATERIALS, STAGES, type ReviewMaterial } from './stages.js';

/**
 * The procedure of a case as a pure state machine (R8; 000 §7; 002 §17; 003 §7–§17). For each
 * stage kind: which procedure it belongs to, in which states and after which stages it may be
 * recorded, who acts, what it must record (officers with certificates, participants, the
 * document it issues), which clock it starts or stops, and what the law checks on it. No
 * database: the service loads the case, asks `checkStage`, and records or refuses. The table of
 * stage rules is stages.ts.
 */
export type Procedure = 'simple' | 'general';
export type CaseState = 'accepted' | 'filing_submitted' | 'not_filed' | 'investigating' | 'investigation_ended' | 'approved' | 'notified' | 'decided' | 'reported' | 'enforcing' | 'closed';
export const CASE_STATES: readonly CaseState[] = ['accepted', 'filing_submitted', 'not_filed', 'investigating', 'investigation_ended', 'approved', 'notified', 'decided', 'reported', 'enforcing', 'closed'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => s !== 'closed' && s !== 'not_filed');

export const STAGE_KINDS = [
  'filing',
  'filing_approval',
  'filing_refusal',
  'on_site_inspection',
  'inquiry',
  'evidence_preservation',
  'evidence_preservation_handled',
  'seizure',
  'seizure_handled',
  'appraisal',
  'investigation_end',
  'panel_discussion',
  'approval',
  'prior_notice',
  'statement',
  'hearing_request',
  'hearing_notice',
  'hearing',
  'legal_review_request',
  'legal_review',
  'collective_discussion',
  'decision',
  'on_the_spot_decision',
  'record_report',
  'reminder',
  'enforcement',
  'closing',
] as const;
/**
 * Stages recorded by the platform itself, never through the stage endpoint: the acceptance (with
 * the filing), a seizure's extension (with the head's approval of it: 行政强制法 art. 25) and
 * service (by the delivery module when a document's service completes).
 */
export type RecordedKind = 'acceptance' | 'seizure_extension' | 'service';
export type StageKind = (typeof STAGE_KINDS)[number] | RecordedKind;

/**
 * Who acts: officers (case.act), the unit head (case.approve), the legal reviewer
 * (legal_review.perform); the party itself (case.party) only where a stage's rule says so.
 */
export type CaseActPermission = 'case.act' | 'case.approve' | 'legal_review.perform' | 'case.party';

export type LegalReviewOutcome = 'passed' | 'supplement' | 'rejected';
export type DecisionOutcome = 'penalty' | 'no_penalty' | 'not_established' | 'transfer';

/** The fields the rules look at (the rest of a stage's record is free text the templates print). */
export type StageFacts = {
  penalty?: Penalty | null;
  outcome?: DecisionOutcome;
  hearingRight?: boolean;
  hearingAt?: Date;
  chairId?: string;
  waived?: boolean;
  /** The party expressly waived a hearing (在告知书回执或陈述笔录上明确放弃听证). */
  hearingWaived?: boolean;
  /** A statement has words in it (what the party said, not only files). */
  statementGiven?: boolean;
  passed?: LegalReviewOutcome;
  materials?: string[];
  performWithinDays?: number;
  art58?: Art58;
  majorCoercion?: boolean;
  factsCertain?: boolean;
  legalBasis?: string;
};

export type StageRecord = { kind: StageKind; at: Date; actorId: string; officerIds: readonly string[]; facts: StageFacts };

export type Officer = { id: string; role: string; certificateNo: string | null };

export type CaseFacts = {
  procedure: Procedure;
  state: CaseState;
  party: PartyKind;
  /** The case's investigators (承办人员) and every officer recorded on an investigation stage. */
  investigatorIds: readonly string[];
  stages: readonly StageRecord[];
  clocks: Partial<Record<ClockKind, ClockView>>;
  /** Evidence items and whether each one's 002 §16 checklist is answered. */
  evidence: { total: number; incomplete: number };
  /** Flags the case was filed from (a case from flags must carry their evidence). */
  fromFlags: boolean;
  /** What enforcement and closing read (issue 14): absent, nothing is served, paid or issued. */
  after?: AfterDecision;
};

/**
 * After the decision: when it was served on the party (api/cases/decision-served.ts, the seam to
 * the delivery module), what the party paid (payment.ts), and which documents the case issued.
 */
export type AfterDecision = {
  servedAt: Date | null;
  payment: { principalFen: number; settled: boolean; dueAt: Date | null; overdue: boolean } | null;
  documents: readonly CaseDocumentKind[];
};

/** `byParty`: the party records its own act (online, 行政处罚法 art. 41 ¶3), not an officer on its behalf. */
export type StageRequest = { kind: StageKind; at: Date; actorId: string; officers: readonly Officer[]; participants: number; facts: StageFacts; byParty?: boolean };

/** Whether a stage may be recorded now, and if not, the rule that says why (role aside: see `may`). */
export function checkStage(c: CaseFacts, r: StageRequest, cal: HolidayCalendar): Refusal | null {
  const rule = STAGES[r.kind];
  if (!rule.procedures.includes(c.procedure)) return refusal('wrong_procedure', c.procedure === 'simple' ? '行政处罚法第五十一条' : '行政处罚法第五十四条', `「${rule.zh}」不属于${c.procedure === 'simple' ? '简易' : '普通'}程序`);
  if (!rule.from.includes(c.state)) return rule.order;
  if (rule.once && has(c, r.kind)) return refusal('already_recorded', rule.order.rule, `「${rule.zh}」已记录`);
  if (rule.officers) {
    const ids = new Set(r.officers.map((o) => o.id));
    if (ids.size < rule.officers.min || r.officers.some((o) => o.role !== 'officer')) return refusal('officers_required', rule.officers.rule, `「${rule.zh}」须由不少于${rule.officers.min}名执法人员实施`);
    const noCert = r.officers.filter((o) => !o.certificateNo?.trim());
    if (noCert.length) return refusal('certificate_missing', rule.officers.rule, '执法人员须出示执法证件（执法证号）');
  }
  if (rule.participants && r.participants < rule.participants.min) return refusal('stage_out_of_order', rule.participants.rule, `「${rule.zh}」须记录不少于${rule.participants.min}名参加人员`);
  const specific = rule.check?.(c, r, cal);
  if (specific) return specific;
  for (const kind of [rule.within, r.byParty ? rule.party?.within : undefined]) {
    const clock = kind ? c.clocks[kind] : undefined;
    if (clock && !clock.stoppedAt && clock.dueAt && r.at.getTime() > clock.dueAt.getTime()) {
      const extendable = clock.owner === 'agency' ? '，未经批准延长' : '';
      return refusal('limit_expired', clock.basis, `${clock.label}已于${shanghaiMinute(clock.dueAt)}届满${extendable}`);
    }
  }
  return null;
}

/** '2026-10-09 23:59' in China's time (refusals are read by people, not machines). */
function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whether the actor's role holds the stage's permission; the refusal names the rule that gives the act to another. */
export function roleProblem(kind: StageKind, may: (p: CaseActPermission) => boolean): Refusal | null {
  const rule = STAGES[kind];
  if (may(rule.permission) || (rule.party && may('case.party'))) return null;
  const who = rule.permission === 'case.approve' ? '行政机关负责人' : rule.permission === 'legal_review.perform' ? '法制审核人员' : '执法人员';
  return refusal('role_not_permitted', rule.actorRule, `「${rule.zh}」由${who}作出`);
}

const PROBE_PENALTY: Penalty = { kinds: ['warning'], fineFen: null, confiscationFen: null };

export type NextAction = { kind: StageKind; zh: string; allowed: boolean; refusal: Refusal | null; document: CaseDocumentKind | null };

/**
 * What this user may record next: every stage of the case's procedure still reachable from its
 * state, allowed or with the rule that stops it (role first, then order and law). Stages whose
 * facts are not yet known (a decision's penalty) are judged on what the case already records.
 */
export function nextActions(c: CaseFacts, actor: { id: string; may: (p: CaseActPermission) => boolean }, now: Date, cal: HolidayCalendar): NextAction[] {
  const out: NextAction[] = [];
  for (const kind of STAGE_KINDS) {
    const rule = STAGES[kind];
    if (!rule.procedures.includes(c.procedure) || !rule.from.includes(c.state)) continue;
    // The penalty this act would carry: the one notified, else the one approved; an approval (or a
    // first notice) enters its own, so a placeholder stands for it (its amount is checked when sent).
    const proposed = proposedPenalty(c) ?? latest(c, 'approval')?.facts.penalty ?? (kind === 'approval' || kind === 'prior_notice' || kind === 'on_the_spot_decision' ? PROBE_PENALTY : null);
    const probe: StageRequest = { kind, at: now, actorId: actor.id, officers: [], participants: 99, facts: { penalty: proposed, outcome: 'penalty', passed: 'passed', factsCertain: true, legalBasis: '-', performWithinDays: 10, materials: Object.keys(REVIEW_MATERIALS), hearingAt: new Date(now.getTime() + 60 * 86400_000), chairId: latest(c, 'hearing_notice')?.facts.chairId ?? '-' } };
    const problem = roleProblem(kind, actor.may) ?? checkStage(c, { ...probe, officers: rule.officers ? [{ id: 'a', role: 'officer', certificateNo: 'x' }, { id: 'b', role: 'officer', certificateNo: 'y' }] : [] }, cal);
    out.push({ kind, zh: rule.zh, allowed: !problem, refusal: problem, document: rule.document });
  }
  return out;
}

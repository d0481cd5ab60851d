import type { HolidayCalendar } from '../calendar/calendar.js';
import type { CaseDocumentKind } from '../documents/template.js';
import { earliestHearing, type ClockKind } from './limits.js';
import { heavierProblem, majorReasons, penaltyProblem, simpleProcedureProblem, type MajorReason, type Penalty } from './major.js';
import type { CaseActPermission, CaseFacts, CaseState, Procedure, StageFacts, StageKind, StageRequest } from './procedure.js';
import { refusal, type Refusal } from './refusal.js';
import { CLOSING_RULE, closingGaps, closingMessage } from './completeness.js';
import { afterReminder, courtApplicationWindow } from './court-window.js';

/**
 * The rule of each stage kind (R8): its procedure, the states it may follow, who acts (and the
 * rule that says so), the officers and participants it needs, the document it issues, the
 * clocks it starts, stops or must be within, and the law's own checks. Read by procedure.ts.
 */
export type Rule = {
  zh: string;
  procedures: readonly Procedure[];
  permission: CaseActPermission;
  /** The rule that gives this act to this role (named when another role asks). */
  actorRule: string;
  from: readonly CaseState[];
  /** Why it is refused out of order. */
  order: Refusal;
  to?: CaseState;
  document: CaseDocumentKind | null;
  officers?: { min: number; rule: string };
  participants?: { min: number; rule: string };
  once?: boolean;
  /**
   * The party may record this act itself, online (行政处罚法 art. 41 ¶3): the rule that gives it
   * the act, and a window of its own the party's act must be within (an officer recording what
   * the party handed in on paper is not held to it).
   */
  party?: { rule: string; within?: ClockKind };
  /** The clocks it starts (a kind started again replaces the running one). */
  starts?: ClockKind | readonly ClockKind[];
  stops?: readonly ClockKind[];
  /** Clocks this stage ends only when it records so (a statement that waives the hearing ends the hearing window). */
  stopsIf?: (f: StageFacts) => readonly ClockKind[];
  /** A clock that must not have run out (unless extended) when the stage is recorded. */
  within?: ClockKind;
  check?: (c: CaseFacts, r: StageRequest, cal: HolidayCalendar) => Refusal | null;
};

const out = (rule: string, message: string) => refusal('stage_out_of_order', rule, message);
const INVESTIGATING: readonly CaseState[] = ['investigating'];
const TWO_OFFICERS = (rule: string) => ({ min: 2, rule });
export const latest = (c: CaseFacts, kind: StageKind) => [...c.stages].reverse().find((s) => s.kind === kind) ?? null;
export const has = (c: CaseFacts, kind: StageKind) => c.stages.some((s) => s.kind === kind);
export const startsOf = (rule: Pick<Rule, 'starts'>): readonly ClockKind[] => (rule.starts === undefined ? [] : typeof rule.starts === 'string' ? [rule.starts] : (rule.starts as readonly ClockKind[]));
const running = (c: CaseFacts, kind: ClockKind, at: Date) => {
  const k = c.clocks[kind];
  return !!k && !k.stoppedAt && !k.overdue && at.getTime() <= (k.dueAt?.getTime() ?? Infinity);
};
const after = (c: CaseFacts, kind: StageKind, than: StageKind) => {
  const a = latest(c, kind);
  const b = latest(c, than);
  return !!a && (!b || a.at.getTime() >= b.at.getTime());
};

/** The penalty proposed by the latest prior notice. */
export const proposedPenalty = (c: CaseFacts): Penalty | null => latest(c, 'prior_notice')?.facts.penalty ?? null;

/** Whether the case is major for its decision (the penalty it would decide, else the one proposed). */
export function caseMajorReasons(c: CaseFacts, penalty: Penalty | null = proposedPenalty(c)): MajorReason[] {
  const art58 = latest(c, 'investigation_end')?.facts.art58 ?? null;
  return majorReasons({ party: c.party, penalty, majorCoercion: c.stages.some((s) => s.kind === 'seizure' && s.facts.majorCoercion), art58, hearingHeld: has(c, 'hearing') });
}

/** Materials a legal review needs (004 附表3 第六条). */
export const REVIEW_MATERIALS = { situation: '拟作出重大行政执法决定的情况说明', draft_decision: '拟作出的重大行政执法决定书文本', evidence: '相关证据材料', hearing_record: '听证笔录', appraisal_report: '评估、鉴定报告' } as const;
export type ReviewMaterial = keyof typeof REVIEW_MATERIALS;
export function requiredMaterials(c: CaseFacts): ReviewMaterial[] {
  const need: ReviewMaterial[] = ['situation', 'draft_decision', 'evidence'];
  if (has(c, 'hearing')) need.push('hearing_record');
  if (has(c, 'appraisal')) need.push('appraisal_report');
  return need;
}

function decisionCheck(c: CaseFacts, r: StageRequest): Refusal | null {
  const outcome = r.facts.outcome ?? 'penalty';
  if (outcome !== 'penalty') return null;
  const penalty = r.facts.penalty;
  if (!penalty) return refusal('penalty_required', '行政处罚法第五十九条', '行政处罚决定须写明行政处罚的种类和依据');
  const p = penaltyProblem(penalty);
  if (p) return p;
  const notice = latest(c, 'prior_notice');
  if (!notice) return out('行政处罚法第六十二条', '未履行事先告知程序，不得作出行政处罚决定');
  const hearingAsked = after(c, 'hearing_request', 'prior_notice');
  if (hearingAsked && !after(c, 'hearing', 'hearing_request')) return refusal('hearing_required', '行政处罚法第六十三条、第六十五条', '当事人要求听证的，应当组织听证，并根据听证笔录作出决定');
  const stated = after(c, 'statement', 'prior_notice');
  const window = c.clocks.hearing_request;
  // Neither heard nor silent past its periods: the statement period the notice printed, and the hearing window.
  if (!stated && !hearingAsked && (running(c, 'hearing_request', r.at) || running(c, 'statement', r.at))) {
    return refusal('limit_not_reached', '行政处罚法第四十四条、第六十二条', '当事人陈述、申辩和要求听证的期限未满，不得作出行政处罚决定');
  }
  // A statement is not a waiver of the hearing: told of that right, the party has its five days
  // (art. 64(1)) unless it waived the hearing expressly.
  const hearingOpen = !!notice.facts.hearingRight && !!window && !window.overdue && r.at.getTime() <= (window.dueAt?.getTime() ?? Infinity);
  if (hearingOpen && !hearingAsked && !(stated && latest(c, 'statement')!.facts.hearingWaived)) {
    return refusal('limit_not_reached', '行政处罚法第六十三条、第六十四条第（一）项', '当事人可在告知后五日内要求听证，期限未满且当事人未明确放弃听证的，不得作出行政处罚决定');
  }
  const defended = (stated && !latest(c, 'statement')!.facts.waived) || after(c, 'hearing', 'prior_notice');
  const heavier = heavierProblem(notice.facts.penalty ?? { kinds: [] }, penalty, defended);
  if (heavier) return heavier;
  const major = caseMajorReasons(c, penalty);
  if (major.length) {
    const review = latest(c, 'legal_review');
    if (!review) return refusal('legal_review_required', `行政处罚法第五十八条；${major[0].rule}`, `重大行政执法决定（${major.map((m) => m.reason).join('、')}）未经法制审核，不得作出决定`);
    if (review.facts.passed !== 'passed') return refusal('legal_review_not_passed', '行政处罚法第五十八条', '法制审核未通过，不得作出决定');
    if (!has(c, 'collective_discussion')) return refusal('collective_discussion_required', '行政处罚法第五十七条第二款', '重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定');
  }
  return null;
}

/**
 * The reminder (行政强制法 art. 35) comes when the party has not paid in time: after the decision
 * was served and the fifteen days ran out (行政处罚法 art. 67 ¶3), never once it paid in full.
 * A decision that orders no money (a warning) has nothing to remind of here.
 */
function reminderProblem(c: CaseFacts, r: StageRequest): Refusal | null {
  const decision = latest(c, 'decision');
  const p = decision?.facts.penalty;
  if (!p || ((p.fineFen ?? 0) <= 0 && (p.confiscationFen ?? 0) <= 0)) return null;
  if (!c.after?.servedAt) return refusal('decision_not_served', '行政处罚法第六十一条、第六十七条第三款', '行政处罚决定书尚未送达，缴纳罚款的期限尚未起算，不得催告');
  const pay = c.after.payment;
  if (pay?.settled) return refusal('already_performed', '行政强制法第三十五条', '当事人已缴清罚没款及加处罚款，无需催告');
  if (pay?.dueAt && r.at.getTime() <= pay.dueAt.getTime()) return refusal('limit_not_reached', '行政处罚法第六十七条第三款', `缴纳罚款的期限（收到决定书之日起十五日）至${pay.dueAt.toISOString()}届满，届满前不得催告`);
  return null;
}

/**
 * The agency applies to the court (it has no enforcement power of its own: 行政强制法 art. 53) ten
 * working days after the reminder was served (art. 54), once the periods for reconsideration and
 * litigation ran out, and within three months after (art. 53; court-window.ts).
 */
function courtProblem(c: CaseFacts, r: StageRequest, cal: HolidayCalendar): Refusal | null {
  const reminder = latest(c, 'reminder');
  if (reminder && r.at.getTime() <= afterReminder(reminder.at, cal).getTime()) return refusal('limit_not_reached', '行政强制法第五十四条', '催告书送达十日后当事人仍未履行义务的，方可申请人民法院强制执行');
  const served = c.after?.servedAt;
  if (!served) return refusal('decision_not_served', '行政强制法第五十三条', '行政处罚决定书尚未送达，申请复议、提起诉讼的期限尚未起算');
  const w = courtApplicationWindow(served, cal);
  if (r.at.getTime() <= w.remediesEndAt.getTime()) return refusal('limit_not_reached', '行政强制法第五十三条', `当事人申请行政复议、提起行政诉讼的法定期限至${w.remediesEndAt.toISOString()}届满，届满后方可申请人民法院强制执行`);
  if (r.at.getTime() > w.closesAt.getTime()) return refusal('limit_expired', '行政强制法第五十三条', `申请人民法院强制执行的三个月期限已于${w.closesAt.toISOString()}届满`);
  return null;
}

const notInvestigator = (c: CaseFacts, id: string | undefined) => !!id && !c.investigatorIds.includes(id);

export const STAGES: Record<StageKind, Rule> = {
  acceptance: { zh: '受理', procedures: ['simple', 'general'], permission: 'case.act', actorRule: '行政处罚法第五十四条', from: [], order: out('行政处罚法第五十四条', '案件已受理'), document: 'case_acceptance', once: true },
  filing: {
    zh: '立案报告',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第五十四条',
    from: ['accepted'],
    order: out('行政处罚法第五十四条第二款', '案件已提交立案审批或已立案'),
    to: 'filing_submitted',
    // The 立案报告 is issued when the head decides on it (its 立案审批 part needs the head's opinion).
    document: null,
    check: (c) => {
      if (c.fromFlags && c.evidence.total === 0) return refusal('evidence_missing', '002第十六条', '由预警线索立案的，须附线索的证据');
      if (c.evidence.incomplete) return refusal('checklist_incomplete', '002第十六条', `尚有 ${c.evidence.incomplete} 项证据未完成合法性、客观性、关联性及时间、地点、人物、表现形式的审查`);
      return null;
    },
  },
  filing_approval: { zh: '立案审批', procedures: ['general'], permission: 'case.approve', actorRule: '行政处罚法第五十四条（立案由行政机关负责人批准）', from: ['filing_submitted'], order: out('行政处罚法第五十四条第二款', '尚未提交立案报告'), to: 'investigating', document: 'filing_report', stops: ['filing'], starts: 'decision', within: 'filing' },
  filing_refusal: { zh: '不予立案', procedures: ['general'], permission: 'case.approve', actorRule: '行政处罚法第五十四条', from: ['filing_submitted'], order: out('行政处罚法第五十四条第二款', '尚未提交立案报告'), to: 'not_filed', document: 'filing_report', stops: ['filing'], starts: 'archive' },
  on_site_inspection: { zh: '现场检查', procedures: ['general'], permission: 'case.act', actorRule: '行政处罚法第五十五条', from: INVESTIGATING, order: out('行政处罚法第五十四条', '立案批准后方可调查取证'), document: 'on_site_record', officers: TWO_OFFICERS('行政处罚法第四十二条、第五十五条') },
  inquiry: { zh: '询问', procedures: ['general'], permission: 'case.act', actorRule: '行政处罚法第五十五条', from: INVESTIGATING, order: out('行政处罚法第五十四条', '立案批准后方可调查取证'), document: 'inquiry_record', officers: TWO_OFFICERS('行政处罚法第四十二条、第五十五条'), participants: { min: 1, rule: '行政处罚法第五十五条第二款（询问应当制作笔录）' } },
  evidence_preservation: { zh: '证据先行登记保存', procedures: ['general'], permission: 'case.approve', actorRule: '行政处罚法第五十六条（经行政机关负责人批准）', from: INVESTIGATING, order: out('行政处罚法第五十六条', '立案批准后方可先行登记保存证据'), document: 'evidence_preservation_decision', officers: TWO_OFFICERS('行政处罚法第四十二条、第五十六条'), starts: 'evidence_preservation' },
  evidence_preservation_handled: {
    zh: '先行登记保存处理决定',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第五十六条',
    from: INVESTIGATING,
    order: out('行政处罚法第五十六条', '没有待处理的先行登记保存'),
    document: null,
    stops: ['evidence_preservation'],
    within: 'evidence_preservation',
    check: (c) => (c.clocks.evidence_preservation && !c.clocks.evidence_preservation.stoppedAt ? null : out('行政处罚法第五十六条', '没有待处理的先行登记保存')),
  },
  seizure: {
    zh: '查封、扣押',
    procedures: ['general'],
    permission: 'case.approve',
    actorRule: '行政强制法第十八条第（一）项（实施前须经行政机关负责人批准）',
    from: INVESTIGATING,
    order: out('行政强制法第十八条', '立案批准后方可实施查封、扣押'),
    document: 'seizure_decision',
    officers: TWO_OFFICERS('行政强制法第十八条第（二）项'),
    starts: 'seizure',
    check: (c) => (c.clocks.seizure && !c.clocks.seizure.stoppedAt ? refusal('already_recorded', '行政强制法第二十五条', '已有未解除的查封、扣押') : null),
  },
  seizure_handled: {
    zh: '查封、扣押处理决定',
    procedures: ['general'],
    permission: 'case.approve',
    actorRule: '行政强制法第二十七条',
    from: INVESTIGATING,
    order: out('行政强制法第二十七条', '没有待处理的查封、扣押'),
    document: null,
    stops: ['seizure'],
    within: 'seizure',
    check: (c) => (c.clocks.seizure && !c.clocks.seizure.stoppedAt ? null : out('行政强制法第二十七条', '没有待处理的查封、扣押')),
  },
  // Recorded when the unit head approves the extension of a running seizure (case-stage.service.ts
  // decideExtension): the party is told in writing, with the reasons (行政强制法 art. 25 ¶2). Never
  // recorded through the stage endpoint (no state leads to it).
  seizure_extension: { zh: '延长查封、扣押', procedures: ['general'], permission: 'case.approve', actorRule: '行政强制法第二十五条第一款（经行政机关负责人批准）', from: [], order: out('行政强制法第二十五条', '延长查封、扣押期限须由负责人批准延期申请'), document: 'seizure_extension_decision' },
  appraisal: { zh: '鉴定', procedures: ['general'], permission: 'case.act', actorRule: '行政强制法第二十五条第三款', from: INVESTIGATING, order: out('行政处罚法第五十四条', '立案批准后方可委托鉴定'), document: null },
  investigation_end: {
    zh: '调查终结',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第五十七条',
    from: INVESTIGATING,
    order: out('行政处罚法第五十七条', '立案批准后方可调查终结'),
    to: 'investigation_ended',
    document: 'investigation_end_report',
    check: (c) => {
      if (!has(c, 'on_site_inspection') && !has(c, 'inquiry') && !c.fromFlags) return out('行政处罚法第四十条、第五十四条', '尚未调查取证（现场检查或询问），不得调查终结');
      if (c.clocks.seizure && !c.clocks.seizure.stoppedAt) return out('行政强制法第二十七条', '查封、扣押尚未作出处理决定');
      if (c.clocks.evidence_preservation && !c.clocks.evidence_preservation.stoppedAt) return out('行政处罚法第五十六条', '先行登记保存的证据尚未作出处理决定');
      return null;
    },
  },
  panel_discussion: { zh: '合议', procedures: ['general'], permission: 'case.act', actorRule: '002第十七条', from: ['investigation_ended'], order: out('002第十七条', '调查终结后方可合议'), document: 'panel_discussion_record', participants: { min: 3, rule: '002第十七条（合议）' } },
  approval: {
    zh: '审批',
    procedures: ['general'],
    permission: 'case.approve',
    actorRule: '行政处罚法第五十七条（行政机关负责人审查）',
    from: ['investigation_ended'],
    order: out('002第十七条', '调查终结后方可审批'),
    to: 'approved',
    document: null,
    check: (c, r) => {
      if (!has(c, 'panel_discussion')) return out('002第十七条', '合议后方可审批');
      // The head approves the penalty to be proposed in the prior notice (002 §17: 审批 before 告知).
      if (!r.facts.penalty) return refusal('penalty_required', '行政处罚法第四十四条', '审批须写明拟作出的行政处罚');
      return penaltyProblem(r.facts.penalty);
    },
  },
  prior_notice: {
    zh: '事先告知',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第四十四条',
    from: ['approved', 'notified'],
    order: out('002第十七条', '经审批后方可告知'),
    to: 'notified',
    document: 'prior_notice',
    // The party's two windows run from the notice's issue; its service (送达) starts them again from the service date (api/cases/case-service-stage.ts).
    starts: ['hearing_request', 'statement'],
    check: (c, r) => {
      if (!r.facts.penalty) return refusal('penalty_required', '行政处罚法第四十四条', '事先告知须写明拟作出的行政处罚内容');
      const p = penaltyProblem(r.facts.penalty);
      if (p) return p;
      // A second notice replaces the first only to propose a heavier penalty the party has not been heard on.
      return null;
    },
  },
  statement: {
    zh: '陈述申辩',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第四十五条',
    party: { rule: '行政处罚法第四十一条第三款、第四十五条', within: 'statement' },
    from: ['notified'],
    order: out('行政处罚法第四十四条', '事先告知后方可陈述、申辩'),
    document: null,
    stopsIf: (f) => (f.hearingWaived ? ['hearing_request'] : []),
    check: (c, r) => {
      if (r.byParty && !r.facts.waived && !r.facts.statementGiven) return refusal('statement_empty', '行政处罚法第四十五条', '陈述、申辩的内容不能为空');
      if (r.facts.hearingWaived && after(c, 'hearing_request', 'prior_notice')) return refusal('hearing_waived', '行政处罚法第六十四条第（一）项', '当事人已要求听证，不能再声明放弃听证');
      return null;
    },
  },
  hearing_request: {
    zh: '要求听证',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第六十三条',
    party: { rule: '行政处罚法第六十三条、第六十四条第（一）项' },
    from: ['notified'],
    order: out('行政处罚法第六十三条', '事先告知后方可要求听证'),
    document: null,
    stops: ['hearing_request'],
    within: 'hearing_request',
    check: (c) => {
      if (!latest(c, 'prior_notice')?.facts.hearingRight) return out('行政处罚法第六十三条', '本案事先告知未告知听证权利');
      if (after(c, 'hearing_request', 'prior_notice')) return refusal('already_recorded', '行政处罚法第六十四条第（一）项', '当事人已要求听证');
      const stated = after(c, 'statement', 'prior_notice') ? latest(c, 'statement') : null;
      if (stated?.facts.hearingWaived) return refusal('hearing_waived', '行政处罚法第六十四条第（一）项', '当事人已明确放弃听证');
      return null;
    },
  },
  hearing_notice: {
    zh: '听证通知',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第六十四条',
    from: ['notified'],
    order: out('行政处罚法第六十四条', '当事人要求听证后方可通知听证'),
    document: 'hearing_notice',
    check: (c, r, cal) => {
      if (!after(c, 'hearing_request', 'prior_notice')) return out('行政处罚法第六十四条', '当事人未要求听证');
      if (!notInvestigator(c, r.facts.chairId)) return refusal('chair_investigated', '行政处罚法第六十四条第（四）项', '听证由非本案调查人员主持');
      if (!r.facts.hearingAt || r.facts.hearingAt.getTime() < earliestHearing(r.at, cal).getTime()) return refusal('hearing_notice_too_late', '行政处罚法第六十四条第（二）项', '应当在举行听证的七日前通知当事人听证的时间、地点');
      return null;
    },
  },
  hearing: {
    zh: '听证',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政处罚法第六十四条',
    from: ['notified'],
    order: out('行政处罚法第六十四条', '通知听证后方可举行听证'),
    document: 'hearing_record',
    participants: { min: 1, rule: '行政处罚法第六十四条第（八）项' },
    check: (c, r) => {
      const notice = latest(c, 'hearing_notice');
      if (!notice || !after(c, 'hearing_notice', 'hearing_request')) return out('行政处罚法第六十四条第（二）项', '尚未通知当事人听证的时间、地点');
      if (!notInvestigator(c, r.facts.chairId)) return refusal('chair_investigated', '行政处罚法第六十四条第（四）项', '听证由非本案调查人员主持');
      if (r.facts.chairId !== notice.facts.chairId) return refusal('hearing_chair_mismatch', '行政处罚法第六十四条第（四）项', '听证主持人须为通知中指定的主持人');
      if (notice.facts.hearingAt && r.at.getTime() < notice.facts.hearingAt.getTime() - 12 * 3600_000) return out('行政处罚法第六十四条第（二）项', '未到通知的听证时间');
      return null;
    },
  },
  legal_review_request: {
    zh: '提交法制审核',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '004附表3第六条',
    from: ['investigation_ended', 'approved', 'notified'],
    order: out('004附表3第六条', '调查终结后方可提交法制审核'),
    document: null,
    starts: 'legal_review',
    check: (c, r) => {
      const missing = requiredMaterials(c).filter((m) => !(r.facts.materials ?? []).includes(m));
      return missing.length ? refusal('materials_missing', '004附表3第六条', `送审材料不齐：${missing.map((m) => REVIEW_MATERIALS[m]).join('、')}`) : null;
    },
  },
  legal_review: {
    zh: '法制审核',
    procedures: ['general'],
    permission: 'legal_review.perform',
    actorRule: '行政处罚法第五十八条（由从事法制审核的人员进行）',
    from: ['investigation_ended', 'approved', 'notified'],
    order: out('004附表3第六条', '尚未提交法制审核'),
    document: 'legal_review_opinion',
    stops: ['legal_review'],
    within: 'legal_review',
    check: (c, r) => {
      if (!c.clocks.legal_review || c.clocks.legal_review.stoppedAt) return out('004附表3第六条', '尚未提交法制审核材料');
      if (c.investigatorIds.includes(r.actorId)) return refusal('reviewer_investigated', '行政处罚法第五十八条；004附表3第五条', '参与本案调查的人员不得进行法制审核');
      if (!r.facts.passed) return refusal('penalty_required', '004附表3第十条', '须写明审核意见（同意、补充调查或不予批准）');
      return null;
    },
  },
  collective_discussion: {
    zh: '负责人集体讨论',
    procedures: ['general'],
    permission: 'case.approve',
    actorRule: '行政处罚法第五十七条第二款',
    from: ['investigation_ended', 'approved', 'notified'],
    order: out('行政处罚法第五十七条第二款', '调查终结后方可集体讨论'),
    document: 'collective_discussion_record',
    participants: { min: 3, rule: '行政处罚法第五十七条第二款（负责人集体讨论）' },
  },
  decision: {
    zh: '决定',
    procedures: ['general'],
    permission: 'case.approve',
    actorRule: '行政处罚法第五十七条（行政机关负责人作出决定）',
    from: ['notified', 'approved', 'investigation_ended'],
    order: out('行政处罚法第五十七条', '调查终结并经审查后方可作出决定'),
    to: 'decided',
    document: 'penalty_decision',
    // The decision ends its own limit and the party's windows still open (art. 64(1): waived, or heard),
    // and starts the seven days to serve it (art. 61).
    stops: ['decision', 'hearing_request', 'statement'],
    starts: 'service',
    within: 'decision',
    check: (c, r) => {
      if ((r.facts.outcome ?? 'penalty') === 'penalty' && c.state !== 'notified') return out('行政处罚法第六十二条', '未履行事先告知程序，不得作出行政处罚决定');
      return decisionCheck(c, r);
    },
  },
  on_the_spot_decision: {
    zh: '当场处罚决定',
    procedures: ['simple'],
    permission: 'case.act',
    actorRule: '行政处罚法第五十二条',
    from: ['accepted'],
    order: out('行政处罚法第五十二条', '已当场作出决定'),
    to: 'decided',
    document: 'on_the_spot_decision',
    officers: TWO_OFFICERS('行政处罚法第四十二条、第五十二条'),
    check: (c, r) => {
      if (!r.facts.factsCertain || !r.facts.legalBasis?.trim()) return refusal('wrong_procedure', '行政处罚法第五十一条', '违法事实确凿并有法定依据的，方可当场作出行政处罚决定');
      if (!r.facts.penalty) return refusal('penalty_required', '行政处罚法第五十二条', '须写明行政处罚的种类和依据');
      return penaltyProblem(r.facts.penalty) ?? simpleProcedureProblem(r.facts.penalty, c.party);
    },
  },
  record_report: { zh: '报备', procedures: ['simple'], permission: 'case.act', actorRule: '行政处罚法第五十二条第三款', from: ['decided'], order: out('行政处罚法第五十二条第三款', '当场作出决定后报所属行政机关备案'), to: 'reported', document: null },
  reminder: {
    zh: '催告',
    procedures: ['general'],
    permission: 'case.act',
    actorRule: '行政强制法第三十五条',
    from: ['decided'],
    order: out('行政强制法第三十五条', '作出决定后方可催告'),
    document: 'reminder',
    starts: 'reminder',
    check: (c, r) => {
      if (!(Number.isInteger(r.facts.performWithinDays) && (r.facts.performWithinDays ?? 0) >= 1)) return refusal('stage_out_of_order', '行政强制法第三十五条第（一）项', '催告书须载明履行义务的期限');
      return reminderProblem(c, r);
    },
  },
  enforcement: {
    zh: '行政强制执行',
    procedures: ['general'],
    permission: 'case.approve',
    actorRule: '行政强制法第三十七条',
    from: ['decided'],
    order: out('行政强制法第三十五条', '作出决定后方可强制执行'),
    to: 'enforcing',
    document: null,
    stops: ['court_application'],
    check: (c, r, cal) => {
      const rem = c.clocks.reminder;
      if (!rem) return out('行政强制法第三十五条', '作出强制执行决定前，应当事先催告当事人履行义务');
      if (!rem.dueAt || r.at.getTime() <= rem.dueAt.getTime()) return refusal('limit_not_reached', '行政强制法第三十七条', '催告期限届满后当事人仍不履行的，方可作出强制执行决定');
      return courtProblem(c, r, cal);
    },
  },
  closing: {
    zh: '结案',
    procedures: ['simple', 'general'],
    permission: 'case.act',
    actorRule: '003第十七条',
    from: ['decided', 'reported', 'enforcing'],
    order: out('行政处罚法第五十七条', '作出决定后方可结案'),
    to: 'closed',
    document: 'closing_report',
    // The file goes to the archive within thirty days of the end (003 §22).
    starts: 'archive',
    check: (c) => {
      const gaps = closingGaps(c);
      return gaps.length ? { ...refusal('closing_incomplete', CLOSING_RULE, closingMessage(gaps)), missing: gaps } : null;
    },
  },
  // Recorded by the delivery module (api/delivery) when a document's service completes, with its 送达回证;
  // the decision's service stops the 'service' clock (行政处罚法第六十一条). Not offered as a next action.
  service: {
    zh: '送达',
    procedures: ['simple', 'general'],
    permission: 'case.act',
    actorRule: '行政处罚法第六十一条',
    from: ['accepted', 'filing_submitted', 'investigating', 'investigation_ended', 'approved', 'notified', 'decided', 'reported', 'enforcing'],
    order: out('行政处罚法第六十一条', '案件已结案或未立案，不再送达'),
    document: 'service_certificate',
  },
};


import type { StageRow } from '../case.repository.js';
import { day, evidenceOf, instant, latest, latestDocument, nameOf, officersOf, penaltiesOf, sourceOf, type DocumentContext } from './context.js';

/**
 * The fields of the case's records and reports (受理记录, 立案报告, 笔录, 调查终结报告, 合议、审核、
 * 讨论记录, 结案报告) from the case and the stage. What the officer did not give stays absent, so
 * the template's own Chinese message names it (400, nothing recorded).
 */
type Builder = (x: DocumentContext) => Record<string, unknown>;

const PROPOSALS = { penalty: '给予行政处罚', minor: '违法行为轻微不予行政处罚', not_established: '违法事实不能成立不予行政处罚', transfer: '涉嫌犯罪移送司法机关' } as const;
export const PROPOSAL_KINDS = Object.keys(PROPOSALS) as (keyof typeof PROPOSALS)[];
const REVIEW_MATERIAL_ZH: Record<string, string> = { situation: '拟作出决定的情况说明', draft_decision: '拟作出的决定书文本', evidence: '证据材料', hearing_record: '听证笔录', appraisal_report: '评估、鉴定报告' };
const CONCLUSION_BY_PASSED: Record<string, string> = { passed: '同意', supplement: '事实不清、证据不足，建议补充调查' };
const members = (s: StageRow) => s.participants.map((p) => ({ name: p.name, position: p.role }));
const stageDay = (x: DocumentContext) => day(x.stage.at);
const STAGE_ZH: Record<string, string> = { on_site_inspection: '现场检查', inquiry: '询问', evidence_preservation: '先行登记保存证据', seizure: '查封、扣押', appraisal: '委托鉴定' };

/** 调查经过 from the recorded stages, when the officer did not write one. */
function processOf(x: DocumentContext): string {
  const steps = x.stages.filter((s) => STAGE_ZH[s.kind]).map((s) => `${day(s.at)}${STAGE_ZH[s.kind]}`);
  return `${x.case.filed_at ? `${day(x.case.filed_at)}立案` : '立案'}后，承办人依法调查取证${steps.length ? `：${steps.join('；')}` : ''}。`;
}

export const recordBuilders: Record<string, Builder> = {
  case_acceptance: (x) => {
    const r = x.case.source_record as { sourceDetail?: string; summary?: string; headOpinion?: string | null; headId?: string; receiverProposal?: string };
    return {
      source: sourceOf(x.case),
      sourceDetail: r.sourceDetail,
      receivedAt: instant(x.case.accepted_at),
      party: x.party,
      summary: r.summary,
      receiver: { name: nameOf(x, x.stage.actor_id) ?? x.caller.user.displayName, proposal: r.receiverProposal ?? '经审查，建议受理并报请立案调查。' },
      headOpinion: r.headOpinion ? { name: nameOf(x, r.headId), opinion: r.headOpinion, date: stageDay(x) } : undefined,
    };
  },

  /** 立案报告 (立案审批表), completed when the head decides (行政处罚法 art. 54 ¶2). */
  filing_report: (x) => {
    const filing = latest(x, 'filing');
    const r = x.case.source_record as { summary?: string };
    return {
      caseName: x.case.cause,
      source: sourceOf(x.case),
      discoveredAt: instant(x.case.filing_clock_from),
      party: x.party,
      summary: r.summary,
      evidence: evidenceOf(x),
      reasons: [filing?.fields.report, filing?.fields.basis].filter(Boolean).join('\n'),
      officers: officersOf(x, x.case.investigators),
      proposedOn: filing ? day(filing.at) : stageDay(x),
      head: { name: x.caller.user.displayName, decision: x.stage.kind === 'filing_refusal' ? '不予立案' : '同意立案', opinion: x.input.opinion ?? x.input.reason, date: stageDay(x) },
    };
  },

  on_site_record: (x) => {
    const i = x.input;
    const present = i.present ?? (x.stage.participants[0] ? { name: x.stage.participants[0].name, role: x.stage.participants[0].role } : undefined);
    return {
      party: x.party,
      place: i.place,
      time: i.time ?? { from: instant(x.stage.at), to: instant(x.stage.at) },
      officers: officersOf(x),
      certificatesShown: i.certificatesShown ?? true,
      present,
      witness: i.witness,
      findings: i.findings,
      recordings: i.recordings,
      recorder: i.recorder ?? officersOf(x)[1]?.name,
      presentSignature: i.presentSignature ?? (present ? { status: 'signed', name: present.name } : undefined),
      witnessSignature: i.witnessSignature ?? (i.witness ? { status: 'signed', name: i.witness.name } : undefined),
      remarks: i.remarks,
    };
  },

  inquiry_record: (x) => {
    const i = x.input;
    const p = x.stage.participants[0];
    const interviewee = i.interviewee ?? { name: p?.name ?? i.subject, position: p?.role ?? i.subject, employer: x.party.name, idNumber: p?.idNo ?? undefined };
    return {
      caseName: x.case.cause,
      time: i.time ?? { from: instant(x.stage.at), to: instant(x.stage.at) },
      place: i.place,
      officers: officersOf(x),
      recorder: i.recorder ?? officersOf(x)[1]?.name,
      interviewee,
      rightsExplained: i.rightsExplained ?? true,
      recusalRequested: i.recusalRequested ?? false,
      qa: i.qa ?? (i.record ? [{ q: `询问${i.subject}`, a: i.record }] : undefined),
      intervieweeSignature: i.intervieweeSignature ?? { status: 'signed', name: interviewee.name },
    };
  },

  investigation_end_report: (x) => {
    const i = x.input;
    const proposal = PROPOSALS[(i.proposalKind as keyof typeof PROPOSALS) ?? 'penalty'];
    return {
      caseName: x.case.cause,
      party: x.party,
      filedOn: x.case.filed_at ? day(x.case.filed_at) : undefined,
      process: i.process ?? processOf(x),
      facts: i.facts,
      evidence: evidenceOf(x),
      proposal,
      violated: i.violated,
      basis: i.basis,
      penalties: penaltiesOf(i.penalty, i.penaltyDetail),
      reasons: i.discretion ?? i.proposal,
      officers: officersOf(x, x.case.investigators),
      reportedOn: stageDay(x),
    };
  },

  panel_discussion_record: (x) => {
    const i = x.input;
    const m = members(x.stage);
    return {
      caseName: x.case.cause,
      party: x.party,
      at: instant(x.stage.at),
      place: i.place,
      chair: i.chair ?? m[0]?.name,
      members: m,
      recorder: i.recorder,
      summary: i.summary ?? latest(x, 'investigation_end')?.fields.facts,
      opinions: i.opinions,
      conclusion: i.opinion,
    };
  },

  legal_review_opinion: (x) => {
    const i = x.input;
    const request = latest(x, 'legal_review_request');
    const art58 = (latest(x, 'investigation_end')?.fields.art58 ?? {}) as Record<string, boolean>;
    const hearingHeld = !!latest(x, 'hearing');
    const derived = [art58.publicInterest && '涉及重大公共利益', (art58.majorRights || hearingHeld) && '直接关系当事人或者第三人重大权益，经过听证程序', art58.complex && '案件情况疑难复杂、涉及多个法律关系', art58.otherLaw && '法律、法规规定应当进行法制审核的其他情形'].filter(Boolean);
    return {
      caseName: x.case.cause,
      party: x.party,
      submittedBy: `承办人${x.case.investigators.map((o) => o.name).join('、')}`,
      receivedOn: request ? day(request.at) : undefined,
      grounds: i.grounds ?? (derived.length ? derived : undefined),
      hearingHeld,
      materials: ((request?.fields.materials as string[] | undefined) ?? []).map((m) => REVIEW_MATERIAL_ZH[m]).filter(Boolean),
      points: i.points,
      conclusion: i.conclusion ?? CONCLUSION_BY_PASSED[i.passed as string],
      opinion: i.opinion,
      reviewer: { name: x.caller.user.displayName, qualification: i.qualification, notInvestigator: !x.case.investigators.some((o) => o.id === x.caller.user.id) || undefined },
      reviewedOn: stageDay(x),
    };
  },

  collective_discussion_record: (x) => {
    const i = x.input;
    const m = members(x.stage);
    const review = latest(x, 'legal_review');
    return {
      caseName: x.case.cause,
      party: x.party,
      at: instant(x.stage.at),
      place: i.place,
      chair: i.chair ?? m[0]?.name,
      attendees: m,
      others: i.others,
      reporter: i.reporter ?? x.case.investigators[0]?.name,
      recorder: i.recorder,
      summary: i.summary ?? latest(x, 'investigation_end')?.fields.facts,
      legalReview: review ? `法制审核意见：${String(review.fields.opinion)}（${day(review.at)}）` : '本案未经法制审核。',
      opinions: i.opinions,
      decision: i.conclusion,
    };
  },

  hearing_record: (x) => {
    const i = x.input;
    const notice = latest(x, 'hearing_notice');
    const prior = latest(x, 'prior_notice');
    const attendees = i.attendees ?? x.stage.participants.filter((p) => ['当事人', '法定代表人', '委托代理人'].includes(p.role)).map((p) => ({ name: p.name, capacity: p.role }));
    return {
      caseName: x.case.cause,
      party: x.party,
      time: i.time ?? { from: instant(x.stage.at), to: instant(x.stage.at) },
      place: notice?.fields.place,
      public: i.public ?? notice?.fields.public ?? true,
      privateReason: i.privateReason ?? notice?.fields.privateReason,
      chair: nameOf(x, i.chairId),
      hearingOfficers: i.hearingOfficers ?? notice?.fields.hearingOfficers,
      clerk: i.clerk ?? notice?.fields.clerk,
      investigators: officersOf(x, x.case.investigators),
      attendees,
      recusal: i.recusal ?? { requested: false },
      investigatorsCase: i.investigatorsCase ?? (prior ? `${String(prior.fields.facts)}依据${String(prior.fields.legalBasis)}，建议给予行政处罚。` : undefined),
      defence: i.defence ?? i.record,
      exchanges: i.exchanges,
      finalStatement: i.finalStatement,
      partySignature: i.partySignature ?? (attendees[0] ? { status: 'signed', name: attendees[0].name } : undefined),
    };
  },

  closing_report: (x) => {
    const i = x.input;
    const decision = latest(x, 'decision') ?? latest(x, 'on_the_spot_decision');
    const doc = latestDocument(x, 'penalty_decision') ?? latestDocument(x, 'on_the_spot_decision');
    return {
      caseName: x.case.cause,
      party: x.party,
      filedOn: day(x.case.filed_at ?? x.case.accepted_at),
      decision: decision && doc?.number ? { number: doc.number, date: day(decision.at), penalties: penaltiesOf(decision.fields.penalty as never, decision.fields.penaltyDetail as never) } : undefined,
      outcome: i.outcome,
      execution: i.execution ?? i.summary,
      remedies: i.remedies,
      officers: officersOf(x, x.case.investigators),
      reportedOn: stageDay(x),
      headApproval: i.headApproval,
    };
  },
};

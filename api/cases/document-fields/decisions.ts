import { nextDay } from '../../../core/calendar/calendar.js';
import { contactOf, day, evidenceOf, instant, latest, latestDocument, nameOf, officersOf, paymentOf, penaltiesOf, provisionsOf, remediesOf, type DocumentContext } from './context.js';

/**
 * The fields of the case's decisions and notices (先行登记保存、查封扣押决定书, 事先告知书,
 * 听证通知书, 行政处罚决定书, 当场处罚决定书, 催告书): the case and the stage, the earlier stages
 * they cite (the prior notice's number and date, the statement or hearing), and the agency's
 * settings (remedies, payment, contact, 较大数额). Blank settings stay blank: the template names them.
 */
type Builder = (x: DocumentContext) => Record<string, unknown>;

const headApproval = (x: DocumentContext, fallback: string) => ({ name: x.caller.user.displayName, opinion: x.input.headOpinion ?? fallback, date: day(x.stage.at) });

/** The party's statement, defence or hearing after the latest prior notice (行政处罚法 arts. 45, 62). */
function statementOf(x: DocumentContext) {
  const notice = latest(x, 'prior_notice');
  const since = (kind: string) => {
    const s = latest(x, kind);
    return s && notice && new Date(s.at) >= new Date(notice.at) ? s : null;
  };
  const review = x.input.statementReview as string | undefined;
  const hearing = since('hearing');
  if (hearing) return { kind: 'hearing', date: day(hearing.at), summary: hearing.fields.defence ?? hearing.fields.record, review };
  const stated = since('statement');
  if (stated && !stated.fields.waived) return { kind: 'stated', summary: stated.fields.statement, review };
  if (stated) return { kind: 'none', detail: `当事人放弃陈述、申辩${stated.fields.statement ? `：${String(stated.fields.statement)}` : '。'}` };
  return { kind: 'none', detail: '当事人在规定期限内未提出陈述、申辩，未要求听证。' };
}

export const decisionBuilders: Record<string, Builder> = {
  evidence_preservation_decision: (x) => ({
    party: x.party,
    caseName: x.case.cause,
    reason: x.input.reason,
    basis: provisionsOf(x.input.basis) ?? ['《中华人民共和国行政处罚法》第五十六条'],
    headApproval: headApproval(x, '同意先行登记保存。'),
    items: x.input.goods,
    keptAt: x.input.keptAt,
    keeping: x.input.keeping,
    preservedAt: instant(x.stage.at),
    officers: officersOf(x),
  }),

  seizure_decision: (x) => ({
    party: x.party,
    caseName: x.case.cause,
    measure: x.input.measure,
    reasons: x.input.reason,
    basis: provisionsOf(x.input.basis),
    from: day(x.stage.at),
    days: x.input.days ?? 30,
    place: x.input.keptAt,
    items: x.input.goods,
    headApproval: headApproval(x, '同意。'),
    officers: officersOf(x),
    remedies: remediesOf(x),
  }),

  /** 行政强制法 art. 25: the decision extended (its number, date, measure and last day), the days, the reasons, the head. */
  seizure_extension_decision: (x) => {
    const seizure = latest(x, 'seizure');
    const original = latestDocument(x, 'seizure_decision');
    return {
      party: x.party,
      caseName: x.case.cause,
      original: { number: original?.number ?? undefined, date: seizure ? day(seizure.at) : undefined, measure: seizure?.fields.measure, until: x.input.originalUntil },
      days: x.input.days,
      reasons: x.input.reasons,
      headApproval: headApproval(x, '同意延长。'),
      remedies: remediesOf(x),
    };
  },

  prior_notice: (x) => {
    const end = latest(x, 'investigation_end');
    const s = x.settings;
    return {
      party: x.party,
      caseName: x.case.cause,
      facts: x.input.facts,
      evidence: evidenceOf(x),
      violated: provisionsOf(x.input.violated) ?? provisionsOf(end?.fields.violated),
      basis: provisionsOf(x.input.basis, x.input.legalBasis),
      penalties: penaltiesOf(x.input.penalty, x.input.penaltyDetail),
      reasons: x.input.discretion ?? end?.fields.discretion ?? end?.fields.proposal,
      statementDays: s.statementDays,
      contact: contactOf(x),
      largeAmount: s.largeAmountPersonFen && s.largeAmountOrganisationFen ? { personFen: s.largeAmountPersonFen, organisationFen: s.largeAmountOrganisationFen } : undefined,
      otherHearingGround: x.input.otherHearingGround,
    };
  },

  hearing_notice: (x) => {
    const request = latest(x, 'hearing_request');
    return {
      party: x.party,
      caseName: x.case.cause,
      requestedOn: request ? day(request.at) : undefined,
      priorNoticeNumber: latestDocument(x, 'prior_notice')?.number ?? undefined,
      hearingAt: instant(x.input.hearingAt),
      place: x.input.place,
      public: x.input.public ?? true,
      privateReason: x.input.privateReason,
      chair: { name: nameOf(x, x.input.chairId), position: x.input.chairPosition ?? '听证主持人' },
      hearingOfficers: x.input.hearingOfficers,
      clerk: x.input.clerk,
      contact: contactOf(x),
      extra: x.input.extra,
    };
  },

  /** 行政处罚决定书 (行政处罚法 art. 59). */
  penalty_decision: (x) => {
    const notice = latest(x, 'prior_notice');
    const noticeDoc = latestDocument(x, 'prior_notice');
    return {
      party: x.party,
      caseName: x.case.cause,
      facts: x.input.facts,
      evidence: evidenceOf(x),
      violated: provisionsOf(x.input.violated) ?? provisionsOf(notice?.fields.violated) ?? provisionsOf(latest(x, 'investigation_end')?.fields.violated),
      basis: provisionsOf(x.input.basis, x.input.legalBasis),
      penalties: penaltiesOf(x.input.penalty, x.input.penaltyDetail),
      discretion: x.input.discretion ?? notice?.fields.discretion ?? latest(x, 'investigation_end')?.fields.discretion,
      priorNotice: notice && noticeDoc?.number ? { number: noticeDoc.number, date: day(notice.at) } : undefined,
      statement: statementOf(x),
      correction: x.input.correction,
      payment: paymentOf(x),
      performance: x.input.performance,
      remedies: remediesOf(x),
    };
  },

  /** 当场行政处罚决定书 (行政处罚法 art. 52). */
  on_the_spot_decision: (x) => {
    const p = penaltiesOf(x.input.penalty)?.find((q) => q.kind === 'fine' || q.kind === 'warning');
    return {
      party: x.party,
      act: x.input.facts,
      actAt: instant(x.input.actAt ?? x.stage.at),
      place: x.input.place,
      violated: provisionsOf(x.input.violated),
      basis: provisionsOf(x.input.basis, x.input.legalBasis),
      penalty: p,
      decidedAt: instant(x.stage.at),
      officers: officersOf(x),
      collection: x.input.collection ?? (p?.kind === 'fine' && paymentOf(x) ? { kind: 'bank', payment: paymentOf(x) } : undefined),
      remedies: remediesOf(x),
      partySignature: x.input.partySignature,
      correction: x.input.correction,
    };
  },

  /** 催告书 (行政强制法 art. 35): the decision's number and days, what is owed, and by when. */
  reminder: (x) => {
    const decision = latest(x, 'decision') ?? latest(x, 'on_the_spot_decision');
    const doc = latestDocument(x, 'penalty_decision') ?? latestDocument(x, 'on_the_spot_decision');
    const penalty = decision?.fields.penalty as { fineFen?: number | null; confiscationFen?: number | null } | undefined;
    const principal = (penalty?.fineFen ?? 0) + (penalty?.confiscationFen ?? 0);
    const due = x.input.amountDueYuan !== undefined ? Math.round(Number(x.input.amountDueYuan) * 100) : null;
    return {
      party: x.party,
      decision: { number: doc?.number ?? undefined, date: decision ? day(decision.at) : undefined, servedOn: x.input.servedOn },
      obligation: principal > 0 ? { kind: 'money', principalFen: principal, lateFeeFen: due !== null && due > principal ? due - principal : undefined, payment: paymentOf(x) } : { kind: 'act', duty: x.input.duty, way: x.input.method },
      deadline: nextDay(day(x.stage.at), Number(x.input.performWithinDays)),
      contact: contactOf(x),
      note: x.input.note,
    };
  },
};

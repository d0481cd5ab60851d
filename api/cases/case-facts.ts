import type { HolidayCalendar } from '../../core/calendar/calendar.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { loadCalendar } from '../../core/calendar/calendar.repository.js';
import type { LegalLimit } from '../../core/calendar/legal-clock.js';
import { clockView, COURT_APPLICATION_RULE, FILING_RULE, LIMITS, REMINDER_RULE, STATEMENT_RULE, type ClockKind, type ClockView, type LimitRule } from '../../core/cases/limits.js';
import { paymentStatus, type PaymentStatus } from '../../core/cases/payment.js';
import type { CaseDocumentKind } from '../../core/documents/template.js';
import type { Penalty } from '../../core/cases/major.js';
import type { AfterDecision, CaseFacts, StageFacts, StageKind, StageRecord } from '../../core/cases/procedure.js';
import type { Db } from '../../core/db/connect.js';
import { caseRepository as repo, type CaseDocumentRow, type CaseRow, type ClockRow, type EvidenceRow, type ExtensionRow, type PauseRow, type StageRow } from './case.repository.js';
import { closingRepository, type PaymentRow } from './closing.repository.js';
import { decisionServedAt } from './decision-served.js';

/** Stages whose officers and actor count as investigators (调查人员): they may not chair a hearing or review. */
const INVESTIGATION: readonly string[] = ['acceptance', 'filing', 'on_site_inspection', 'inquiry', 'evidence_preservation', 'evidence_preservation_handled', 'seizure', 'seizure_handled', 'appraisal', 'investigation_end'];

export type CaseBundle = { row: CaseRow; stages: StageRow[]; evidence: EvidenceRow[]; clocks: ClockRow[]; pauses: PauseRow[]; extensions: ExtensionRow[]; documents: CaseDocumentRow[]; payments: PaymentRow[] };

export async function loadBundle(db: Db, row: CaseRow): Promise<CaseBundle> {
  const [stages, evidence, clocks, documents, payments] = await Promise.all([repo.stages(db, row.id), repo.evidence(db, row.id), repo.clocks(db, row.id), repo.documents(db, row.id), closingRepository.payments(db, row.id)]);
  const ids = clocks.map((c) => c.id);
  const [pauses, extensions] = await Promise.all([repo.pauses(db, ids), repo.extensions(db, ids)]);
  return { row, stages, evidence, clocks, pauses, extensions, documents, payments };
}

/** What the decision orders paid and where the party's payment stands (null: no money ordered, or no decision yet). */
export function paymentOf(b: CaseBundle, cal: HolidayCalendar, now: Date): PaymentStatus | null {
  const decision = [...b.stages].reverse().find((s) => s.kind === 'decision' || s.kind === 'on_the_spot_decision');
  const penalty = decision?.fields.penalty as Penalty | undefined;
  if (!decision || (decision.fields.outcome ?? 'penalty') !== 'penalty' || !penalty) return null;
  const fineFen = penalty.fineFen ?? 0;
  const confiscationFen = penalty.confiscationFen ?? 0;
  if (fineFen <= 0 && confiscationFen <= 0) return null;
  return paymentStatus({
    fineFen,
    confiscationFen,
    servedAt: decisionServedAt(b),
    calendar: cal,
    payments: b.payments.map((p) => ({ kind: p.kind, amountFen: p.amount_fen === null ? null : Number(p.amount_fen), paidOn: p.paid_on })),
    now,
  });
}

export function afterDecision(b: CaseBundle, cal: HolidayCalendar, now: Date): AfterDecision {
  const p = paymentOf(b, cal, now);
  return { servedAt: decisionServedAt(b), payment: p && { principalFen: p.principalFen, settled: p.settled, dueAt: p.dueAt, overdue: p.overdue }, documents: b.documents.map((d) => d.kind as CaseDocumentKind) };
}

/** The calendar from a week before the case's first clock (enough for every limit it runs). */
export const calendarFor = (db: Db, row: CaseRow) => loadCalendar(db, shanghaiDay(new Date(new Date(row.filing_clock_from).getTime() - 7 * 86400_000)));

/** The rule of a clock row (the row keeps the amount and basis it started with). */
export function ruleOf(c: Pick<ClockRow, 'kind' | 'amount' | 'unit' | 'basis'>): LimitRule {
  const limit: LegalLimit = { amount: c.amount, unit: c.unit, basis: c.basis };
  if (c.kind === 'filing') return FILING_RULE(limit);
  if (c.kind === 'reminder') return REMINDER_RULE(c.amount);
  if (c.kind === 'court_application') return COURT_APPLICATION_RULE(c.amount);
  if (c.kind === 'statement') return { ...STATEMENT_RULE(c.amount), ...limit };
  // A kind another module runs (the delivery module's 'service') keeps what its row says.
  const known = LIMITS[c.kind as keyof typeof LIMITS] as LimitRule | undefined;
  return known ? { ...known, ...limit } : { ...limit, label: c.kind, extension: null, pausable: null, owner: 'agency' };
}

export function clockOf(c: ClockRow, pauses: PauseRow[], extensions: ExtensionRow[], cal: HolidayCalendar, now: Date): ClockView {
  return clockView(
    {
      kind: c.kind,
      rule: ruleOf(c),
      startedAt: new Date(c.started_at),
      stoppedAt: c.stopped_at ? new Date(c.stopped_at) : null,
      pauses: pauses.filter((p) => p.clock_id === c.id).map((p) => ({ from: new Date(p.from_at), to: p.to_at ? new Date(p.to_at) : null })),
      extensions: extensions.filter((e) => e.clock_id === c.id && e.status === 'approved').map((e) => ({ amount: e.amount })),
    },
    cal,
    now,
  );
}

/** The latest clock of each kind (a re-issued prior notice starts a new hearing window). */
export function latestClocks(b: CaseBundle, cal: HolidayCalendar, now: Date): Partial<Record<ClockKind, ClockView & { id: string }>> {
  const out: Partial<Record<ClockKind, ClockView & { id: string }>> = {};
  for (const c of b.clocks) out[c.kind] = { ...clockOf(c, b.pauses, b.extensions, cal, now), id: c.id };
  return out;
}

const date = (v: unknown) => (typeof v === 'string' || v instanceof Date ? new Date(v) : undefined);

/** The facts the rules read from a stage's recorded fields. */
export function stageFacts(fields: Record<string, unknown>): StageFacts {
  const f = fields as Record<string, unknown> & { penalty?: Penalty | null };
  return {
    penalty: f.penalty ?? null,
    outcome: f.outcome as StageFacts['outcome'],
    hearingRight: f.hearingRight as boolean | undefined,
    hearingAt: date(f.hearingAt),
    chairId: f.chairId as string | undefined,
    waived: f.waived as boolean | undefined,
    hearingWaived: f.hearingWaived as boolean | undefined,
    statementGiven: typeof f.statement === 'string' && f.statement.trim().length > 0,
    passed: f.passed as StageFacts['passed'],
    materials: f.materials as string[] | undefined,
    performWithinDays: f.performWithinDays as number | undefined,
    art58: f.art58 as StageFacts['art58'],
    majorCoercion: f.majorCoercion as boolean | undefined,
    factsCertain: f.factsCertain as boolean | undefined,
    legalBasis: f.legalBasis as string | undefined,
  };
}

export function investigatorIds(b: CaseBundle): string[] {
  const ids = new Set(b.row.investigators.map((o) => o.id));
  for (const s of b.stages) {
    if (!INVESTIGATION.includes(s.kind)) continue;
    ids.add(s.actor_id);
    for (const o of s.officers) ids.add(o.id);
  }
  return [...ids];
}

export function factsOf(b: CaseBundle, cal: HolidayCalendar, now: Date): CaseFacts {
  const stages: StageRecord[] = b.stages.map((s) => ({ kind: s.kind as StageKind, at: new Date(s.at), actorId: s.actor_id, officerIds: s.officers.map((o) => o.id), facts: stageFacts(s.fields) }));
  return {
    procedure: b.row.procedure,
    state: b.row.state,
    party: b.row.party_kind,
    investigatorIds: investigatorIds(b),
    stages,
    clocks: latestClocks(b, cal, now),
    evidence: { total: b.evidence.length, incomplete: b.evidence.filter((e) => !e.checklist_complete).length },
    fromFlags: b.row.source === 'flags',
    after: afterDecision(b, cal, now),
  };
}

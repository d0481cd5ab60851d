import type { Kysely } from 'kysely';
import { COURT_APPLICATION_RULE, LIMITS, REMINDER_RULE, STATEMENT_RULE, type ClockKind, type LimitRule } from '../../core/cases/limits.js';
import { courtApplicationWindow } from '../../core/cases/court-window.js';
import { startsOf } from '../../core/cases/stages.js';
import { DAY_MS, shanghaiDay } from '../../core/calendar/calendar.js';
import { roleMay } from '../../core/access/permissions.js';
import { checkStage, roleProblem, STAGES, type Officer, type StageKind } from '../../core/cases/procedure.js';
import { fenToYuan, parseYuan, type Penalty, type PenaltyKind } from '../../core/cases/major.js';
import { refusal } from '../../core/cases/refusal.js';
import type { Db } from '../../core/db/connect.js';
import type { CaseOfficer, CaseParticipant, Database } from '../../core/db/database.js';
import type { DocumentService } from '../../core/documents/template.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { caseRepository as repo, type CaseRow, type ClockRow, type StageRow } from './case.repository.js';
import { calendarFor, clockOf, factsOf, loadBundle, paymentOf, ruleOf, stageFacts } from './case-facts.js';
import { decisionServedAt } from './decision-served.js';
import { closingRepository } from './closing.repository.js';
import { issueStageDocument } from './case-documents.js';
import { actorOf, archivedRefusal, ledgerRow, Refused, withRefusals } from './case-trail.js';
import { documentSettingsRepository } from './document-settings.repository.js';
import { recordPlatformStage } from './platform-stage.js';
import { settingsOf } from './document-settings.service.js';

/**
 * What else the stage's transaction records when the party acts online (its files become the
 * case's evidence): called after the stage row exists, before the case moves on.
 */
export type StageExtra = (trx: Kysely<Database>, stage: StageRow, c: CaseRow) => Promise<void>;

export type StageInput = {
  kind: StageKind;
  expectedVersion: number;
  officerIds?: string[];
  participants?: CaseParticipant[];
  /** What the stage records; money already in fen (case.schemas.ts). */
  fields: Record<string, unknown>;
  evidenceIds?: string[];
  media?: Record<string, unknown>[];
};

/** Amounts typed in yuan become fen (a bad amount is a refusal naming the rule, like any other). */
export function normaliseFields(fields: Record<string, unknown>): Record<string, unknown> {
  const p = fields.penalty as { kinds: PenaltyKind[]; fineYuan?: string | number; confiscationYuan?: string | number } | undefined;
  if (!p) return fields;
  const penalty: Penalty = { kinds: p.kinds, fineFen: null, confiscationFen: null };
  for (const [key, value, label] of [['fineFen', p.fineYuan, '罚款金额'], ['confiscationFen', p.confiscationYuan, '没收金额']] as const) {
    if (value === undefined) continue;
    const fen = parseYuan(value, label);
    if (typeof fen !== 'number') throw new Refused(fen);
    penalty[key] = fen;
  }
  return { ...fields, penalty };
}

/**
 * Records the stages of a case (R8) and works its clocks: checks the role (403), the version
 * (409), then the procedure (core/cases/procedure.ts: a refusal names its rule, is ledgered, and
 * nothing changes); records the stage, moves the case, stops and starts clocks, issues the
 * stage's document, and ledgers every row, in one transaction.
 */
export function createCaseStageService(deps: { db: Db; access: Access; documents: DocumentService; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  /** Locks the case at the version the caller saw. */
  async function locked(trx: Kysely<Database>, id: string, expectedVersion: number): Promise<CaseRow> {
    const c = await repo.lock(trx, id);
    if (!c) throw new AppError('not_found', '');
    if (c.version !== expectedVersion) throw new AppError('version_conflict', '');
    if (await closingRepository.isArchived(trx, id)) throw new Refused(archivedRefusal());
    return c;
  }

  async function officersOf(trx: Kysely<Database>, ids: string[]): Promise<(Officer & CaseOfficer)[]> {
    const rows = await repo.officers(trx, [...new Set(ids)]);
    if (rows.length !== new Set(ids).size) throw new AppError('validation_failed', '', [{ path: ['officerIds'], message: 'case.officer_unknown' }]);
    return rows.map((r) => ({ id: r.id, role: r.role, certificateNo: r.certificate_no, name: r.display_name }));
  }

  /** Recomputes a clock's cached due time after a pause, resumption or extension. */
  async function refreshClock(trx: Kysely<Database>, caller: Caller, c: CaseRow, clock: ClockRow, action: string, stop?: { at: Date; by: string }) {
    const cal = await calendarFor(trx, c);
    const [pauses, extensions] = await Promise.all([repo.pauses(trx, [clock.id]), repo.extensions(trx, [clock.id])]);
    const view = clockOf(clock, pauses, extensions, cal, now());
    const row = await repo.updateClock(trx, clock.id, { due_at: view.dueAt, ...(stop ? { stopped_at: stop.at, stopped_by: stop.by } : {}) });
    await ledgerRow(trx, caller, 'case_clock', row, action);
    return row;
  }

  async function bump(trx: Kysely<Database>, caller: Caller, c: CaseRow, action: string, context: Record<string, unknown>) {
    const row = await repo.advance(trx, { id: c.id, expectedVersion: c.version, set: {}, at: now() });
    if (!row) throw new AppError('version_conflict', '');
    await ledgerRow(trx, caller, 'case', row, action, context);
    return row;
  }

  /** The limit a clock starts with: the law's, the reminder's own days, or the statement days the prior notice prints (the agency's setting). */
  async function limitOf(trx: Kysely<Database>, c: CaseRow, kind: ClockKind, fields: Record<string, unknown>): Promise<LimitRule | null> {
    if (kind === 'filing') return null;
    if (kind === 'reminder') return REMINDER_RULE(Number(fields.performWithinDays));
    if (kind === 'statement') return STATEMENT_RULE(settingsOf(await documentSettingsRepository.get(trx, c.agency_id)).statementDays);
    if (kind === 'court_application') return null; // started by the reminder with its own window (below)
    return (LIMITS as Partial<Record<ClockKind, LimitRule>>)[kind] ?? null;
  }

  const runningClock = async (trx: Kysely<Database>, caseId: string, kind: ClockKind) => (await repo.clocks(trx, caseId)).find((k) => k.kind === kind && !k.stopped_at) ?? null;

  return {
    /**
     * Records a stage. The party (case.party) records its own acts where the stage's rule lets it
     * (statement, hearing request): scoped to its own business's cases, held to its windows;
     * `extra` writes what the act brings with it (its files) in the same transaction.
     */
    async record(caller: Caller, caseId: string, input: StageInput, opts: { extra?: StageExtra } = {}): Promise<CaseRow> {
      const rule = STAGES[input.kind];
      if (input.kind === 'acceptance') throw new AppError('validation_failed', '', [{ path: ['kind'], message: 'invalid_choice' }]);
      // The wrong role: 403 (ledgered as access.denied by the API), naming the rule that gives the act to another.
      const wrongRole = roleProblem(input.kind, (p) => roleMay(caller.user.role, p));
      if (wrongRole) throw new AppError('forbidden', wrongRole.message, undefined, wrongRole);
      const byParty = !roleMay(caller.user.role, rule.permission);
      await deps.access.require(caller, byParty ? 'case.party' : rule.permission, { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: input.kind }, () =>
        deps.db.transaction().execute(async (trx) => {
          const at = now();
          const c = await locked(trx, caseId, input.expectedVersion);
          let fields = normaliseFields(input.fields);
          const bundle = await loadBundle(trx, c);
          const cal = await calendarFor(trx, c);
          // The 催告书 prints the decision's service date and what is owed with the late fee (行政强制法 art. 35(3)):
          // known here, unless the officer typed them.
          if (input.kind === 'reminder') {
            const served = decisionServedAt(bundle);
            const pay = paymentOf(bundle, cal, at);
            fields = { ...fields, ...(served && fields.servedOn === undefined ? { servedOn: shanghaiDay(served) } : {}), ...(pay && fields.amountDueYuan === undefined && pay.paidFen === 0 ? { amountDueYuan: fenToYuan(pay.principalFen + pay.lateFee.feeFen) } : {}) };
          }
          const facts = factsOf(bundle, cal, at);
          const officers = await officersOf(trx, input.officerIds ?? []);
          const known = new Set(bundle.evidence.map((e) => e.id));
          if ((input.evidenceIds ?? []).some((id) => !known.has(id))) throw new AppError('validation_failed', '', [{ path: ['evidenceIds'], message: 'case.evidence_unknown' }]);
          const problem = checkStage(facts, { kind: input.kind, at, actorId: caller.user.id, officers, participants: input.participants?.length ?? 0, facts: stageFacts(fields), byParty }, cal);
          if (problem) throw new Refused(problem);

          const to = rule.to ?? c.state;
          const stage = await repo.insertStage(trx, {
            case_id: c.id,
            seq: bundle.stages.length + 1,
            kind: input.kind,
            actor_id: caller.user.id,
            officers: JSON.stringify(officers.map((o) => ({ id: o.id, name: o.name, certificateNo: o.certificateNo }))),
            participants: JSON.stringify(input.participants ?? []),
            fields: JSON.stringify(fields),
            evidence_ids: JSON.stringify(input.evidenceIds ?? []),
            media: JSON.stringify(input.media ?? []),
            from_state: c.state,
            to_state: to,
            at,
          });
          await ledgerRow(trx, caller, 'case_stage', stage, `case_stage.${input.kind}`, byParty ? { byParty: true } : undefined);
          if (opts.extra) await opts.extra(trx, stage, c);
          const set = { state: to, ...(input.kind === 'filing_approval' ? { filed_at: at } : {}), ...(input.kind === 'decision' || input.kind === 'on_the_spot_decision' ? { decided_at: at } : {}), ...(input.kind === 'closing' ? { closed_at: at } : {}) };
          const moved = await repo.advance(trx, { id: c.id, expectedVersion: c.version, set, at });
          if (!moved) throw new AppError('version_conflict', '');
          await ledgerRow(trx, caller, 'case', moved, `case.${input.kind}`, { stageId: stage.id, from: c.state });

          // Clocks: what this stage ends, then what it starts (a new prior notice restarts the hearing window).
          const starts = startsOf(rule);
          const stops = new Set<ClockKind>([...(rule.stops ?? []), ...(rule.stopsIf?.(stageFacts(fields)) ?? []), ...starts]);
          if (input.kind === 'closing') for (const k of bundle.clocks) if (!k.stopped_at) stops.add(k.kind);
          for (const k of bundle.clocks) if (!k.stopped_at && stops.has(k.kind)) await refreshClock(trx, caller, moved, k, 'case_clock.stopped', { at, by: stage.id });
          for (const kind of starts) {
            const limit = await limitOf(trx, c, kind, fields);
            if (!limit) continue;
            const clock = await repo.insertClock(trx, { case_id: c.id, kind, amount: limit.amount, unit: limit.unit, basis: limit.basis, started_at: at, started_by: stage.id, due_at: null });
            await refreshClock(trx, caller, moved, clock, 'case_clock.started');
          }
          // The reminder opens the way to the court: its window (行政强制法 art. 53) runs on the legal clock.
          const served = input.kind === 'reminder' ? decisionServedAt(bundle) : null;
          if (served) {
            const days = Math.round((Date.parse(shanghaiDay(courtApplicationWindow(served, cal).closesAt)) - Date.parse(shanghaiDay(at))) / DAY_MS);
            if (days >= 1 && !bundle.clocks.some((k) => k.kind === 'court_application' && !k.stopped_at)) {
              const limit = COURT_APPLICATION_RULE(days);
              const clock = await repo.insertClock(trx, { case_id: c.id, kind: 'court_application', amount: limit.amount, unit: limit.unit, basis: limit.basis, started_at: at, started_by: stage.id, due_at: null });
              await refreshClock(trx, caller, moved, clock, 'case_clock.started');
            }
          }
          if (rule.document) await issueStageDocument(trx, deps.documents, caller, moved, stage, rule.document);
          return moved;
        }),
      );
    },

    /** The unit head stops a clock for time that does not count (an appraisal within a seizure: 行政强制法 art. 25 ¶3). */
    async pause(caller: Caller, caseId: string, input: { clock: ClockKind; reason: string; expectedVersion: number }) {
      await deps.access.require(caller, 'case.approve', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: `pause_${input.clock}` }, () =>
        deps.db.transaction().execute(async (trx) => {
          const c = await locked(trx, caseId, input.expectedVersion);
          const clock = await runningClock(trx, caseId, input.clock);
          const rule = input.clock in LIMITS ? LIMITS[input.clock as keyof typeof LIMITS] : null;
          if (!clock) throw new Refused(refusal('clock_not_running', rule?.basis ?? '行政处罚法第六十条', '该期限未在计算中'));
          const pausable = ruleOf(clock).pausable;
          if (!pausable) throw new Refused(refusal('extension_not_allowed', rule?.basis ?? clock.basis, '该期限依法不得中止计算'));
          if ((await repo.pauses(trx, [clock.id])).some((p) => !p.to_at)) throw new Refused(refusal('clock_paused', pausable, '该期限已中止计算'));
          const pause = await repo.insertPause(trx, { clock_id: clock.id, from_at: now(), reason: input.reason, paused_by: caller.user.id });
          await ledgerRow(trx, caller, 'case_clock_pause', pause, 'case_clock.paused');
          await refreshClock(trx, caller, c, clock, 'case_clock.paused');
          return bump(trx, caller, c, 'case.clock_paused', { clock: input.clock, pauseId: pause.id });
        }),
      );
    },

    async resume(caller: Caller, caseId: string, input: { clock: ClockKind; expectedVersion: number }) {
      await deps.access.require(caller, 'case.approve', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: `resume_${input.clock}` }, () =>
        deps.db.transaction().execute(async (trx) => {
          const c = await locked(trx, caseId, input.expectedVersion);
          const clock = await runningClock(trx, caseId, input.clock);
          const open = clock ? (await repo.pauses(trx, [clock.id])).find((p) => !p.to_at) : null;
          if (!clock || !open) throw new Refused(refusal('clock_not_paused', clock?.basis ?? '行政处罚法第六十条', '该期限未中止计算'));
          const pause = await repo.endPause(trx, open.id, now(), caller.user.id);
          await ledgerRow(trx, caller, 'case_clock_pause', pause!, 'case_clock.resumed');
          await refreshClock(trx, caller, c, clock, 'case_clock.resumed');
          return bump(trx, caller, c, 'case.clock_resumed', { clock: input.clock, pauseId: open.id });
        }),
      );
    },

    /** An officer asks for more time on a limit the law lets the head extend (once, within its bound). */
    async requestExtension(caller: Caller, caseId: string, input: { clock: ClockKind; amount: number; reason: string; expectedVersion: number }) {
      await deps.access.require(caller, 'case.act', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: `extend_${input.clock}` }, () =>
        deps.db.transaction().execute(async (trx) => {
          const c = await locked(trx, caseId, input.expectedVersion);
          const clock = await runningClock(trx, caseId, input.clock);
          if (!clock) throw new Refused(refusal('clock_not_running', '行政处罚法第六十条', '该期限未在计算中'));
          const bundle = await loadBundle(trx, c);
          const rule = factsOf(bundle, await calendarFor(trx, c), now()).clocks[input.clock];
          const ext = ruleOf(clock).extension;
          if (!ext) throw new Refused(refusal('extension_not_allowed', clock.basis, `${rule?.label ?? '该期限'}依法不得延长`));
          const mine = bundle.extensions.filter((e) => e.clock_id === clock.id);
          if (mine.some((e) => e.status === 'requested')) throw new Refused(refusal('extension_not_allowed', ext.basis, '已有待批准的延期申请'));
          if (mine.filter((e) => e.status === 'approved').length >= ext.max || input.amount > ext.maxAmount) throw new Refused(refusal('extension_not_allowed', ext.basis, `只能延长${ext.max}次，每次不超过${ext.maxAmount}${clock.unit === 'working_days' ? '个工作日' : '日'}`));
          const row = await repo.insertExtension(trx, { clock_id: clock.id, amount: input.amount, reason: input.reason, requested_by: caller.user.id, requested_at: now() });
          await ledgerRow(trx, caller, 'case_clock_extension', row, 'case_clock.extension_requested');
          await bump(trx, caller, c, 'case.extension_requested', { clock: input.clock, extensionId: row.id });
          return row;
        }),
      );
    },

    /** The unit head approves or refuses an extension (行政强制法 art. 25 ¶1: 经行政机关负责人批准). */
    async decideExtension(caller: Caller, caseId: string, extensionId: string, input: { approve: boolean; note?: string | null; expectedVersion: number }) {
      await deps.access.require(caller, 'case.approve', { kind: 'case', id: caseId });
      return withRefusals(deps.db, caller, { caseId, attempted: 'decide_extension' }, () => deps.db.transaction().execute(async (trx) => {
        const c = await locked(trx, caseId, input.expectedVersion);
        const where = await repo.clockOfExtension(trx, extensionId);
        if (!where || where.case_id !== caseId) throw new AppError('not_found', '');
        const row = await repo.decideExtension(trx, { id: extensionId, status: input.approve ? 'approved' : 'refused', by: caller.user.id, at: now(), note: input.note ?? null });
        if (!row) throw new AppError('conflict', 'case.extension_decided');
        await ledgerRow(trx, caller, 'case_clock_extension', row, input.approve ? 'case_clock.extension_approved' : 'case_clock.extension_refused');
        const clock = (await repo.clocks(trx, caseId)).find((k) => k.id === where.clock_id)!;
        const untilBefore = clock.due_at;
        await refreshClock(trx, caller, c, clock, 'case_clock.extended');
        const moved = await bump(trx, caller, c, input.approve ? 'case.extension_approved' : 'case.extension_refused', { extensionId });
        // A seizure extended is a stage with its written decision to the party (行政强制法 art. 25 ¶2).
        if (input.approve && clock.kind === 'seizure') {
          const fields = { days: row.amount, reasons: row.reason, originalUntil: untilBefore ? shanghaiDay(new Date(untilBefore)) : null, extensionId };
          const stage = await recordPlatformStage(trx, { case: moved, kind: 'seizure_extension', actorId: caller.user.id, fields, at: now() }, { actor: actorOf(caller), requestId: caller.requestId });
          await issueStageDocument(trx, deps.documents, caller, moved, stage, 'seizure_extension_decision');
        }
        return moved;
      }));
    },
  };
}
export type CaseStageService = ReturnType<typeof createCaseStageService>;

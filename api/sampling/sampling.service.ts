import type { Db } from '../../core/db/connect.js';
import type { SamplingItemResult, SamplingPlanRow } from '../../core/db/database.js';
import { AppError, type Issue } from '../../core/errors.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { appendLedger } from '../../core/ledger/append.js';
import { rolesWith } from '../../core/access/permissions.js';
import { checksFor, scoreOf, type CheckResult, type SampleKind } from '../../core/sampling/checklist.js';
import { DRAW_ALGORITHM, drawSample, populationDigest, sampleSizeOf, seedOf } from '../../core/sampling/draw.js';
import type { Access } from '../access/access.service.js';
import { covers } from '../access/scope.js';
import { actorOf, type Caller } from '../http/request-context.js';
import { samplingRepository as repo } from './sampling.repository.js';

export type PlanInput = { agencyId: string; title: string; kinds: SampleKind[]; periodFrom: string; periodTo: string; sampleSize: number | null; ratePercent: number | null; seedSource: string };
export type ReviewInput = { results: Record<string, { result: CheckResult; note?: string | null }>; note: string | null; expectedVersion: number };
export type FindingInput = { itemId: string; checkCode: string | null; description: string; ownerId: string; dueOn: string };

const invalid = (path: string, message: string): AppError => new AppError('validation_failed', '', [{ path: [path], message } satisfies Issue]);
/** Population keys: `case:<id>` and `recording:<deviceId>:<day>`. */
const parseKey = (key: string) => {
  const [kind, id, day] = key.split(':');
  return { kind: kind as SampleKind, id, day: day ?? null };
};

/**
 * Sampling audits of records (R13; 002-音像 §32–§34): plan, draw from a published seed, review
 * each sampled item with the checklist, score, findings with follow-ups tracked to closure.
 * Auditors and managers act within their agency subtree (`sampling.audit`); the owner of a
 * follow-up closes it (`sampling.follow_up`). Every change is ledgered in its transaction.
 */
export function createSamplingService({ db, access }: { db: Db; access: Access }) {
  /** The plan, if the caller may audit it (its agency in the caller's subtree), else 403/404. */
  const planFor = async (caller: Caller, id: string, trx: Db = db, lock = false) => {
    const scope = access.scope(caller, 'sampling.audit');
    const plan = await repo.plan(trx, id, lock);
    if (!plan) throw new AppError('not_found', '');
    if (!covers(scope, { businessId: null, agencyId: plan.agency_id, agencyPath: plan.agency_path })) throw new AppError('forbidden', '');
    return plan;
  };
  const ledger = (trx: Db, caller: Caller, action: string, entityType: string, entityId: string, state: unknown, agencyId: string, more: Record<string, unknown> = {}) =>
    appendLedger(trx, { actor: actorOf(caller.user), action, entityType, entityId, state, requestId: caller.requestId, context: { agencyId, ip: caller.ip, ...more } });
  /**
   * What the ledger records of a plan: the row but the population itself, which its SHA-256 in the
   * row anchors (core/ledger/entity-check.ts compares the rest with the latest entry).
   */
  const planState = (p: SamplingPlanRow) => ({ ...p, population: undefined });

  return {
    async plans(caller: Caller) {
      const scope = access.scope(caller, 'sampling.audit');
      return scope.kind === 'agency' ? repo.plans(db, scope.path) : [];
    },

    async createPlan(caller: Caller, input: PlanInput) {
      const scope = access.scope(caller, 'sampling.audit');
      const agency = await repo.agency(db, input.agencyId);
      if (!agency) throw invalid('agencyId', 'invalid_id');
      if (!covers(scope, { businessId: null, agencyId: agency.id, agencyPath: agency.path })) throw new AppError('forbidden', '');
      if (input.periodFrom > input.periodTo) throw invalid('periodTo', 'sampling.period_order');
      if ((input.sampleSize === null) === (input.ratePercent === null)) throw invalid('sampleSize', 'sampling.size_or_rate');
      return db.transaction().execute(async (trx) => {
        const row = await repo.insertPlan(trx, {
          agency_id: agency.id,
          title: input.title,
          kinds: [...new Set(input.kinds)].sort(),
          period_from: input.periodFrom,
          period_to: input.periodTo,
          sample_size: input.sampleSize,
          rate_percent: input.ratePercent,
          seed_source: input.seedSource,
          created_by: caller.user.id,
        });
        // The plan and where its public value will come from are published before that value exists.
        await ledger(trx, caller, 'sampling_plan.created', 'sampling_plan', row.id, planState(row), agency.id);
        return row;
      });
    },

    async plan(caller: Caller, id: string) {
      const plan = await planFor(caller, id);
      const [items, findings] = await Promise.all([repo.items(db, id), repo.findings(db, id)]);
      const score = scoreOf(items.flatMap((i) => Object.values(i.results ?? {}).map((r) => r.result)));
      return { plan, items, findings, score };
    },

    /**
     * Draws the sample: the public value (announced in `seed_source` when the plan was made) and
     * the plan's id make the seed; the population is computed now, sorted, hashed and stored with
     * the sample; the draw is never repeated (a trigger freezes it).
     */
    async draw(caller: Caller, id: string, input: { publicValue: string; expectedVersion: number }) {
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(caller, id, trx, true);
        if (plan.status !== 'planned') throw new AppError('conflict', 'sampling.already_drawn');
        if (plan.version !== input.expectedVersion) throw new AppError('version_conflict', '');
        const keys = [
          ...(plan.kinds.includes('case') ? await repo.casePopulation(trx, plan.agency_path, plan.period_from, plan.period_to) : []),
          ...(plan.kinds.includes('recording') ? await repo.recordingPopulation(trx, plan.agency_path, plan.period_from, plan.period_to) : []),
        ];
        const seed = seedOf(plan.id, input.publicValue);
        const size = sampleSizeOf(new Set(keys).size, { size: plan.sample_size, ratePercent: plan.rate_percent === null ? null : Number(plan.rate_percent) });
        const { population, sample } = drawSample(seed, keys, size);
        const parsed = sample.map(parseKey);
        const cases = new Map((await repo.caseLabels(trx, parsed.filter((k) => k.kind === 'case').map((k) => k.id))).map((c) => [c.id, c]));
        const devices = new Map((await repo.deviceLabels(trx, [...new Set(parsed.filter((k) => k.kind === 'recording').map((k) => k.id))])).map((d) => [d.id, d]));
        const items = await repo.insertItems(
          trx,
          parsed.map((k, i) => {
            const c = cases.get(k.id);
            const d = devices.get(k.id);
            const label = k.kind === 'case' ? { business: c?.business_name ?? null, cause: c?.cause ?? null, acceptedOn: c?.accepted_on ?? null, state: c?.state ?? null } : { business: d?.business_name ?? null, site: d?.site_name ?? null, device: d?.device_name ?? null };
            return { plan_id: plan.id, position: i + 1, item_key: sample[i], kind: k.kind, subject_id: k.id, day: k.day, label: JSON.stringify(label) };
          }),
        );
        const row = await repo.updatePlan(trx, plan.id, {
          status: 'drawn',
          public_value: input.publicValue.normalize('NFC').trim(),
          seed,
          algorithm: DRAW_ALGORITHM,
          population: JSON.stringify(population),
          population_size: population.length,
          population_sha256: populationDigest(population),
          drawn_by: caller.user.id,
          drawn_at: new Date(),
        });
        // The sample in draw order goes into the entry's context (hashed into the chain with it); each item gets its own entry.
        await ledger(trx, caller, 'sampling_plan.drawn', 'sampling_plan', row.id, planState(row), plan.agency_id, { sample });
        for (const item of items) await ledger(trx, caller, 'sampling_item.drawn', 'sampling_item', item.id, item, plan.agency_id);
        return { plan: row, items };
      });
    },

    /** Everything needed to redraw outside the platform (`npm run sample -- --draw file.json`). */
    async drawFile(caller: Caller, id: string) {
      const plan = await planFor(caller, id);
      if (!plan.seed || !plan.population) throw new AppError('conflict', 'sampling.not_drawn');
      const items = await repo.items(db, id);
      return {
        algorithm: plan.algorithm ?? DRAW_ALGORITHM,
        planId: plan.id,
        seedSource: plan.seed_source,
        publicValue: plan.public_value,
        seed: plan.seed,
        size: items.length,
        populationSize: plan.population_size,
        populationSha256: plan.population_sha256,
        population: plan.population,
        sample: items.map((i) => i.item_key),
      };
    },

    async review(caller: Caller, itemId: string, input: ReviewInput) {
      return db.transaction().execute(async (trx) => {
        const item = await repo.item(trx, itemId, true);
        if (!item) throw new AppError('not_found', '');
        const plan = await planFor(caller, item.plan_id, trx);
        if (plan.status !== 'drawn') throw new AppError('conflict', 'sampling.not_open');
        if (item.version !== input.expectedVersion) throw new AppError('version_conflict', '');
        const checks = checksFor(item.kind);
        const results: Record<string, SamplingItemResult> = {};
        for (const c of checks) {
          const r = input.results[c.code];
          if (!r) throw invalid(`results.${c.code}`, 'required');
          const note = r.note?.trim() || null;
          // A failed check says what is wrong (什么问题).
          if (r.result === 'fail' && !note) throw invalid(`results.${c.code}.note`, 'sampling.fail_needs_note');
          results[c.code] = { result: r.result, note };
        }
        const unknown = Object.keys(input.results).find((k) => !checks.some((c) => c.code === k));
        if (unknown) throw invalid(`results.${unknown}`, 'invalid_choice');
        const row = await repo.updateItem(trx, item.id, { results: JSON.stringify(results), note: input.note?.trim() || null, score: scoreOf(Object.values(results).map((r) => r.result)), reviewed_by: caller.user.id, reviewed_at: new Date() });
        await ledger(trx, caller, 'sampling_item.reviewed', 'sampling_item', row.id, row, plan.agency_id);
        return row;
      });
    },

    /** Who may own a follow-up of this plan: active staff of its agency subtree. */
    async owners(caller: Caller, planId: string) {
      const plan = await planFor(caller, planId);
      return repo.staffOf(db, plan.agency_path, rolesWith('sampling.follow_up'));
    },

    async addFinding(caller: Caller, planId: string, input: FindingInput) {
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(caller, planId, trx, true);
        if (plan.status === 'planned') throw new AppError('conflict', 'sampling.not_drawn');
        const item = await repo.item(trx, input.itemId);
        if (!item || item.plan_id !== plan.id) throw invalid('itemId', 'invalid_id');
        if (input.checkCode && !checksFor(item.kind).some((c) => c.code === input.checkCode)) throw invalid('checkCode', 'invalid_choice');
        const owner = await repo.staffUser(trx, input.ownerId);
        if (!owner || owner.status !== 'active' || !rolesWith('sampling.follow_up').includes(owner.role) || !owner.agency_path.startsWith(plan.agency_path)) throw invalid('ownerId', 'sampling.owner_out_of_scope');
        if (input.dueOn < shanghaiDay(new Date())) throw invalid('dueOn', 'sampling.due_in_past');
        const row = await repo.insertFinding(trx, { plan_id: plan.id, item_id: item.id, check_code: input.checkCode, description: input.description, owner_id: owner.id, due_on: input.dueOn, created_by: caller.user.id });
        await ledger(trx, caller, 'sampling_finding.created', 'sampling_finding', row.id, row, plan.agency_id);
        return row;
      });
    },

    /** Closes a follow-up with what was done: its owner, or an auditor/manager over the plan. */
    async closeFinding(caller: Caller, findingId: string, input: { note: string; expectedVersion: number }) {
      access.assert(caller, 'sampling.follow_up');
      return db.transaction().execute(async (trx) => {
        const f = await repo.finding(trx, findingId, true);
        if (!f) throw new AppError('not_found', '');
        const plan = await repo.plan(trx, f.plan_id);
        if (!plan) throw new AppError('not_found', '');
        const auditorOver = access.can(caller, 'sampling.audit') && covers(access.scope(caller, 'sampling.audit'), { businessId: null, agencyId: plan.agency_id, agencyPath: plan.agency_path });
        if (f.owner_id !== caller.user.id && !auditorOver) throw new AppError('forbidden', '');
        if (f.status === 'closed') throw new AppError('conflict', 'sampling.finding_closed');
        if (f.version !== input.expectedVersion) throw new AppError('version_conflict', '');
        const row = await repo.updateFinding(trx, f.id, { status: 'closed', closing_note: input.note.trim(), closed_by: caller.user.id, closed_at: new Date() });
        await ledger(trx, caller, 'sampling_finding.closed', 'sampling_finding', row.id, row, plan.agency_id);
        return row;
      });
    },

    /** Marks the review done once every sampled item is reviewed; the audit's score is recorded. */
    async complete(caller: Caller, planId: string, expectedVersion: number) {
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(caller, planId, trx, true);
        if (plan.status !== 'drawn') throw new AppError('conflict', 'sampling.not_open');
        if (plan.version !== expectedVersion) throw new AppError('version_conflict', '');
        const items = await repo.items(trx, planId);
        const open = items.filter((i) => !i.reviewed_at).length;
        if (open) throw new AppError('conflict', 'sampling.items_unreviewed');
        const score = scoreOf(items.flatMap((i) => Object.values(i.results ?? {}).map((r) => r.result)));
        const row = await repo.updatePlan(trx, planId, { status: 'completed', completed_by: caller.user.id, completed_at: new Date() });
        await ledger(trx, caller, 'sampling_plan.completed', 'sampling_plan', row.id, planState(row), plan.agency_id, { score });
        return { plan: row, score };
      });
    },

    /** The follow-ups the caller owns. */
    myFollowUps(caller: Caller) {
      access.assert(caller, 'sampling.follow_up');
      return repo.followUpsOf(db, caller.user.id);
    },
  };
}
export type SamplingService = ReturnType<typeof createSamplingService>;

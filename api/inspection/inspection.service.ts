import type { Db } from '../../core/db/connect.js';
import { BUSINESS_CATEGORIES, type BusinessCategory, type InspectionItemRow, type InspectionPlanRow, type InspectionRecusal, type InspectionResult } from '../../core/db/database.js';
import { AppError, type Issue } from '../../core/errors.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { appendLedger } from '../../core/ledger/append.js';
import { withChildren } from '../../core/ledger/entity-check.js';
import { rolesWith } from '../../core/access/permissions.js';
import { seedOf } from '../../core/sampling/draw.js';
import { stratumOf } from '../../core/inspection/frequency.js';
import { businessKey, drawInspection, officerKey, recusalKey, unpairable, type SizeRule } from '../../core/inspection/inspection-draw.js';
import type { CreditGradeSource, PublicationRequester } from '../../core/inspection/ports.js';
import { monthLoad, planRotation, rotationChanges } from '../../core/inspection/rotation.js';
import { RESULT_ZH } from '../../core/inspection/results.js';
import type { Access } from '../access/access.service.js';
import { covers } from '../access/scope.js';
import { actorOf, type Caller } from '../http/request-context.js';
import { inspectionRepository as repo } from './inspection.repository.js';

export type PlanInput = { agencyId: string; title: string; category: BusinessCategory | null; periodFrom: string; periodTo: string; sampleSize: number | null; ratePercent: number | null; seedSource: string; recusals: InspectionRecusal[] };
export type ResultInput = { result: InspectionResult; note: string | null; inspectedOn: string; selfReportId: string | null; expectedVersion: number };
export type Deps = { db: Db; access: Access; grades: CreditGradeSource; publish: PublicationRequester; today?: () => string };

/** A rotation's entries go into its ledger state as entity-check folds them (core/ledger/entity-check.ts TRACKED). */
const ROTATION_ENTRIES = { parent: 'rotation_id', order: 'business_id' };
const invalid = (path: string, message: string): AppError => new AppError('validation_failed', '', [{ path: [path], message } satisfies Issue]);
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** A plan's size rule for the draw: a size, a rate, or (neither) the visits its period owes by frequency. */
export function sizeRuleOf(p: Pick<InspectionPlanRow, 'sample_size' | 'rate_percent' | 'period_from' | 'period_to'>): SizeRule {
  if (p.sample_size !== null) return { size: p.sample_size };
  if (p.rate_percent !== null) return { ratePercent: Number(p.rate_percent) };
  return { periodDays: days(p.period_from, p.period_to) };
}

/**
 * Rotation and 双随机 random inspection (002 §5; issue 16 item 2). The unit head plans, commits the
 * population (its SHA-256 published before the public value exists), draws from the public value,
 * and publishes the results once the paired officers have recorded them all; the rotation plan is
 * recomputed as coverage changes, each revision kept. Every change is ledgered in its transaction.
 */
export function createInspectionService({ db, access, grades, publish, today = () => shanghaiDay(new Date()) }: Deps) {
  /** The plan, if the caller holds the permission over its agency (subtree), else 403/404. */
  const planFor = async (caller: Caller, id: string, permission: 'inspection.plan' | 'inspection.read', trx: Db = db, lock = false) => {
    const scope = access.scope(caller, permission);
    const plan = await repo.plan(trx, id, lock);
    if (!plan) throw new AppError('not_found', '');
    if (!covers(scope, { businessId: null, agencyId: plan.agency_id, agencyPath: plan.agency_path })) throw new AppError('forbidden', '');
    return plan;
  };
  const agencyFor = async (caller: Caller, agencyId: string, permission: 'inspection.plan' | 'inspection.read') => {
    const scope = access.scope(caller, permission);
    const agency = await repo.agency(db, agencyId);
    if (!agency) throw invalid('agencyId', 'invalid_id');
    // A plan or a rotation for another region is refused.
    if (!covers(scope, { businessId: null, agencyId: agency.id, agencyPath: agency.path })) throw new AppError('forbidden', '');
    return agency;
  };
  const ledger = (trx: Db, caller: Caller, action: string, entityType: string, entityId: string, state: unknown, agencyId: string, more: Record<string, unknown> = {}) =>
    appendLedger(trx, { actor: actorOf(caller.user), action, entityType, entityId, state, requestId: caller.requestId, context: { agencyId, ip: caller.ip, ...more } });
  /** The ledger keeps the plan but its population, which the SHA-256 in the row anchors. */
  const planState = (p: InspectionPlanRow) => ({ ...p, population: undefined });

  return {
    async plans(caller: Caller) {
      const scope = access.scope(caller, 'inspection.read');
      return scope.kind === 'agency' ? repo.plans(db, scope.path) : [];
    },

    async createPlan(caller: Caller, input: PlanInput) {
      const agency = await agencyFor(caller, input.agencyId, 'inspection.plan');
      if (input.periodFrom > input.periodTo) throw invalid('periodTo', 'inspection.period_order');
      if (input.sampleSize !== null && input.ratePercent !== null) throw invalid('sampleSize', 'inspection.size_or_rate');
      const seen = new Set<string>();
      for (const [i, r] of input.recusals.entries()) {
        if (seen.has(`${r.officerId}|${r.businessId}`)) throw invalid(`recusals.${i}`, 'inspection.recusal_twice');
        seen.add(`${r.officerId}|${r.businessId}`);
      }
      return db.transaction().execute(async (trx) => {
        const row = await repo.insertPlan(trx, {
          agency_id: agency.id,
          title: input.title,
          category: input.category,
          period_from: input.periodFrom,
          period_to: input.periodTo,
          sample_size: input.sampleSize,
          rate_percent: input.ratePercent,
          seed_source: input.seedSource,
          recusals: JSON.stringify(input.recusals),
          created_by: caller.user.id,
        });
        await ledger(trx, caller, 'inspection_plan.created', 'inspection_plan', row.id, planState(row), agency.id);
        return row;
      });
    },

    /** A plan of one's subtree — or one the caller is paired on (a district officer on a city plan). */
    async plan(caller: Caller, id: string) {
      let plan;
      try {
        plan = await planFor(caller, id, 'inspection.read');
      } catch (err) {
        const paired = err instanceof AppError && err.code === 'forbidden' && (await repo.items(db, id)).some((i) => i.officer_ids.includes(caller.user.id));
        if (!paired) throw err;
        plan = (await repo.plan(db, id))!;
      }
      const items = await repo.items(db, id);
      const officers = await repo.namesOfUsers(db, [...new Set([...items.flatMap((i) => i.officer_ids), ...plan.recusals.map((r) => r.officerId)])]);
      const businesses = await repo.namesOfBusinesses(db, [...new Set(plan.recusals.map((r) => r.businessId))]);
      return { plan, items, officers, businesses };
    },

    /**
     * Freezes the population: the active businesses of the subtree (and category) with their credit
     * stratum now, the officers who may be paired, the declared recusals; publishes its SHA-256.
     * Refused while a business could not be given two officers, or when there is nobody to inspect.
     */
    async commit(caller: Caller, id: string, expectedVersion: number) {
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(caller, id, 'inspection.plan', trx, true);
        if (plan.status !== 'planned') throw new AppError('conflict', 'inspection.already_committed');
        if (plan.version !== expectedVersion) throw new AppError('version_conflict', '');
        const businesses = await repo.businessesOf(trx, plan.agency_path, plan.category);
        if (!businesses.length) throw new AppError('conflict', 'inspection.population_empty');
        const graded = await grades(businesses.map((b) => b.id));
        const officers = await repo.officersOf(trx, plan.agency_path, rolesWith('inspection.record'));
        const inFrame = new Set([...businesses.map((b) => b.id), ...officers.map((o) => o.id)]);
        for (const [i, r] of plan.recusals.entries()) if (!inFrame.has(r.officerId) || !inFrame.has(r.businessId)) throw invalid(`recusals.${i}`, 'inspection.recusal_outside');
        const keys = [
          ...businesses.map((b) => businessKey({ id: b.id, stratum: stratumOf(graded.get(b.id)), agencyPath: b.agency_path })),
          ...officers.map((o) => officerKey({ id: o.id, agencyPath: o.agency_path })),
          ...plan.recusals.map((r) => recusalKey(r.officerId, r.businessId)),
        ];
        const short = unpairable(keys);
        if (short.length) {
          const names = businesses.filter((b) => short.includes(b.id)).map((b) => b.name).slice(0, 5);
          throw new AppError('conflict', `inspection.unpairable: fewer than two officers may inspect ${names.join('、')}${short.length > 5 ? ` (+${short.length - 5})` : ''}`);
        }
        // The draw itself checks the frame; done here so that nothing unusable is committed.
        const frame = drawInspection('commit-check', keys, { size: 0 });
        const population = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const row = await repo.updatePlan(trx, plan.id, { status: 'committed', population: JSON.stringify(population), population_size: frame.populationSize, population_sha256: frame.populationSha256, committed_by: caller.user.id, committed_at: new Date() });
        await ledger(trx, caller, 'inspection_plan.committed', 'inspection_plan', row.id, planState(row), plan.agency_id, { populationSha256: frame.populationSha256, counts: frame.counts });
        return row;
      });
    },

    /** The draw from the public value typed in: once, and only after the population was committed. */
    async draw(caller: Caller, id: string, input: { publicValue: string; expectedVersion: number }) {
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(caller, id, 'inspection.plan', trx, true);
        if (plan.status === 'planned') throw new AppError('conflict', 'inspection.not_committed');
        if (plan.status !== 'committed') throw new AppError('conflict', 'inspection.already_drawn');
        if (plan.version !== input.expectedVersion) throw new AppError('version_conflict', '');
        const publicValue = input.publicValue.normalize('NFC').trim();
        const seed = seedOf(plan.id, publicValue);
        const d = drawInspection(seed, plan.population!, sizeRuleOf(plan));
        if (d.populationSha256 !== plan.population_sha256) throw new AppError('internal', 'inspection population does not match its committed digest');
        const items = await repo.insertItems(
          trx,
          d.items.map((i) => ({ plan_id: plan.id, position: i.position, business_id: i.businessId, stratum: i.stratum, certain: i.certain, officer_ids: i.officerIds })),
        );
        const row = await repo.updatePlan(trx, plan.id, { status: 'drawn', public_value: publicValue, seed, algorithm: d.algorithm, random_size: d.randomSize, allocation: JSON.stringify(d.allocation), drawn_by: caller.user.id, drawn_at: new Date() });
        await ledger(trx, caller, 'inspection_plan.drawn', 'inspection_plan', row.id, planState(row), plan.agency_id, { list: d.items.map((i) => i.businessId) });
        for (const item of items) await ledger(trx, caller, 'inspection_item.drawn', 'inspection_item', item.id, item, plan.agency_id);
        return row;
      });
    },

    /** A paired officer records what the inspection found (only his own items, until the results are published). */
    async record(caller: Caller, itemId: string, input: ResultInput) {
      access.assert(caller, 'inspection.record');
      return db.transaction().execute(async (trx) => {
        const item = await repo.item(trx, itemId, true);
        if (!item) throw new AppError('not_found', '');
        if (!item.officer_ids.includes(caller.user.id)) throw new AppError('forbidden', 'inspection.not_your_item');
        const plan = await repo.plan(trx, item.plan_id);
        if (!plan) throw new AppError('not_found', '');
        if (plan.status !== 'drawn') throw new AppError('conflict', 'inspection.not_open');
        if (item.version !== input.expectedVersion) throw new AppError('version_conflict', '');
        const note = input.note?.trim() || null;
        // What was found is said (problems, the rectification ordered).
        if ((input.result === 'problems_found' || input.result === 'rectification_ordered') && !note) throw invalid('note', 'inspection.note_required');
        if (input.selfReportId && input.result !== 'document_review') throw invalid('selfReportId', 'inspection.self_report_only_for_document_review');
        // A document review (002 §14) names the business's own report, reviewed and accepted by an officer.
        if (input.selfReportId) {
          const report = await repo.selfReport(trx, input.selfReportId);
          if (!report || report.business_id !== item.business_id) throw invalid('selfReportId', 'inspection.self_report_not_of_business');
          if (report.status !== 'accepted') throw invalid('selfReportId', 'inspection.self_report_not_accepted');
        }
        if (input.inspectedOn > today()) throw invalid('inspectedOn', 'inspection.date_in_future');
        if (input.inspectedOn < plan.period_from) throw invalid('inspectedOn', 'inspection.date_before_period');
        const row = await repo.updateItem(trx, item.id, { result: input.result, result_note: note, self_report_id: input.selfReportId, inspected_on: input.inspectedOn, recorded_by: caller.user.id, recorded_at: new Date() });
        await ledger(trx, caller, 'inspection_item.recorded', 'inspection_item', row.id, row, plan.agency_id);
        return row;
      });
    },

    /**
     * Publishes the results (双随机一公开): every item's result goes to public disclosure through the
     * PublicationRequester (which masks, checks and asks approval). Refused until every result is recorded.
     */
    async publish(caller: Caller, id: string, expectedVersion: number) {
      return db.transaction().execute(async (trx) => {
        const plan = await planFor(caller, id, 'inspection.plan', trx, true);
        if (plan.status === 'published') throw new AppError('conflict', 'inspection.already_published');
        if (plan.status !== 'drawn') throw new AppError('conflict', 'inspection.not_drawn');
        if (plan.version !== expectedVersion) throw new AppError('version_conflict', '');
        const items = await repo.items(trx, plan.id);
        const open = items.filter((i) => !i.result).length;
        if (open) throw new AppError('conflict', `inspection.results_incomplete: ${open} of ${items.length} results not recorded`);
        const names = await repo.namesOfUsers(trx, [...new Set(items.flatMap((i) => i.officer_ids))]);
        for (const i of items) {
          const { id: publicationId } = await publish({
            kind: 'inspection_result',
            sourceId: i.id,
            agencyId: plan.agency_id,
            businessId: i.business_id,
            title: `${plan.title}：${i.business_name}`,
            body: resultText(i, plan.agency_name, i.officer_ids.map((o) => names.get(o) ?? o)),
            requestedBy: caller.user.id,
          });
          const row = await repo.updateItem(trx, i.id, { publication_id: publicationId });
          await ledger(trx, caller, 'inspection_item.publication_requested', 'inspection_item', row.id, row, plan.agency_id, { publicationId });
        }
        const row = await repo.updatePlan(trx, plan.id, { status: 'published', published_by: caller.user.id, published_at: new Date() });
        await ledger(trx, caller, 'inspection_plan.published', 'inspection_plan', row.id, planState(row), plan.agency_id);
        return row;
      });
    },

    /**
     * What anyone may see of a committed plan (no login): the frozen population and its SHA-256, where
     * the public value comes from, and once drawn the value, the seed and the list (officers by id);
     * results once published. `npm run inspection-draw -- file.json` redraws it. A plan still being
     * prepared (not committed) is not public: 404.
     */
    async publicPlan(id: string) {
      const plan = await repo.plan(db, id);
      if (!plan || plan.status === 'planned') throw new AppError('not_found', '');
      const items = plan.seed ? await repo.items(db, id) : [];
      const published = plan.status === 'published';
      return {
        algorithm: plan.algorithm,
        planId: plan.id,
        title: plan.title,
        agencyName: plan.agency_name,
        category: plan.category,
        periodFrom: plan.period_from,
        periodTo: plan.period_to,
        sizeRule: sizeRuleOf(plan),
        seedSource: plan.seed_source,
        committedAt: plan.committed_at ? new Date(plan.committed_at).toISOString() : null,
        populationSize: plan.population_size,
        populationSha256: plan.population_sha256,
        population: plan.population ?? [],
        publicValue: plan.public_value,
        seed: plan.seed,
        drawnAt: plan.drawn_at ? new Date(plan.drawn_at).toISOString() : null,
        list: items.map((i) => ({ position: i.position, businessId: i.business_id, businessName: i.business_name, stratum: i.stratum, certain: i.certain, officerIds: i.officer_ids, result: published ? i.result : null, inspectedOn: published ? i.inspected_on : null })),
      };
    },

    /** The public redraw: the list drawn again here from the published seed and population, compared with the platform's. */
    async verify(id: string) {
      const file = await this.publicPlan(id);
      if (!file.seed) throw new AppError('conflict', 'inspection.not_drawn');
      const redraw = drawInspection(file.seed, file.population, file.sizeRule);
      const platform = file.list.map((i) => ({ businessId: i.businessId, officerIds: i.officerIds }));
      const again = redraw.items.map((i) => ({ businessId: i.businessId, officerIds: i.officerIds }));
      return { planId: id, seed: file.seed, populationSha256: redraw.populationSha256, digestMatches: redraw.populationSha256 === file.populationSha256, listMatches: JSON.stringify(platform) === JSON.stringify(again), redrawn: redraw.items };
    },

    /** The officers a plan of this agency may pair (the frame the commit freezes): the recusal form's choices. */
    async officers(caller: Caller, agencyId: string) {
      const agency = await agencyFor(caller, agencyId, 'inspection.plan');
      return repo.officersOf(db, agency.path, rolesWith('inspection.record'));
    },

    myItems(caller: Caller) {
      access.assert(caller, 'inspection.record');
      return repo.itemsOf(db, caller.user.id);
    },

    /**
     * The latest rotation of a region, category and year (the calendar) and its revisions; with no
     * category, the latest of every category (each business with its own category's plan) together.
     */
    async rotation(caller: Caller, q: { agencyId: string; category: BusinessCategory | null; year: number }) {
      const agency = await agencyFor(caller, q.agencyId, 'inspection.read');
      const [latest, revisions] = await Promise.all([repo.latestRotations(db, agency.id, q.category, q.year), repo.revisions(db, agency.id, q.category, q.year)]);
      return { agency, latest, revisions };
    },

    /**
     * Recomputes the rotation from today's coverage and grades: a new revision, earlier ones kept.
     * A plan stays per category (002 第五条: "在同一类监管事项中"); with no category every category is
     * recomputed in one transaction (one revision and ledger entry each; a category with nothing to
     * plan and nothing planned before is skipped), and each category's new businesses fill the months
     * the region's other categories leave free (core/inspection/rotation.ts baseLoad).
     */
    async recomputeRotation(caller: Caller, q: { agencyId: string; category: BusinessCategory | null; year: number }) {
      const agency = await agencyFor(caller, q.agencyId, 'inspection.plan');
      return db.transaction().execute(async (trx) => {
        // One recompute at a time per region: the agency row is the lock.
        await trx.selectFrom('agencies').select('id').where('id', '=', agency.id).forUpdate().execute();
        const latest = await repo.latestRotations(trx, agency.id, null, q.year);
        const planned = new Map<BusinessCategory, { months: number[] }[]>(latest.map((l) => [l.rotation.category, l.entries]));
        const written = [];
        for (const category of q.category ? [q.category] : BUSINESS_CATEGORIES) {
          const previous = latest.find((l) => l.rotation.category === category) ?? null;
          const uncovered = await repo.uncoveredBusinesses(trx, agency.path, category);
          if (!q.category && !uncovered.length && !previous?.entries.length) continue;
          const graded = await grades(uncovered.map((b) => b.id));
          const before = new Map((previous?.entries ?? []).map((e) => [e.business_id, { visits: e.visits, months: e.months }]));
          const others = monthLoad([...planned].filter(([c]) => c !== category).flatMap(([, e]) => e));
          const { entries } = planRotation(
            uncovered.map((b) => ({ businessId: b.id, stratum: stratumOf(graded.get(b.id)) })),
            before,
            others,
          );
          const { joined, left } = rotationChanges([...before.keys()], entries.map((e) => e.businessId));
          const { row: rotation, entries: rows } = await repo.insertRotation(
            trx,
            { agency_id: agency.id, category, year: q.year, revision: (previous?.rotation.revision ?? 0) + 1, joined, left, computed_by: caller.user.id },
            entries.map((e) => ({ business_id: e.businessId, stratum: e.stratum, visits: e.visits, months: e.months })),
          );
          await ledger(trx, caller, 'inspection_rotation.computed', 'inspection_rotation', rotation.id, withChildren(rotation, 'entries', rows, ROTATION_ENTRIES), agency.id);
          planned.set(category, entries);
          written.push(rotation);
        }
        return written;
      });
    },
  };
}
export type InspectionService = ReturnType<typeof createInspectionService>;

/** The draft the publication request carries (disclosure masks names before anything is public). */
function resultText(i: InspectionItemRow & { business_name: string }, agencyName: string, officers: string[]): string {
  return [`检查对象：${i.business_name}`, `检查机关：${agencyName}`, `检查日期：${i.inspected_on}`, `检查结果：${RESULT_ZH[i.result!]}`, i.result_note ? `说明：${i.result_note}` : null, `执法人员：${officers.join('、')}`].filter(Boolean).join('\n');
}

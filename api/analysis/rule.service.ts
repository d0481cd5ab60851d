import type { z } from 'zod';
import { ZodError } from 'zod';
import { parseRuleDefinition, ZONED_KINDS, type RuleDefinition, type RuleKind } from '../../core/analysis/rule-definition.js';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { DeviceGuard } from './analysis.guard.js';
import { definitionIssues } from './analysis.http.js';
import type { ModelInfoSource } from './model-info.js';
import type { RuleRepository } from './rule.repository.js';
import type { RuleInput, RulePatch } from './rule.schemas.js';

function definitionFor(kind: RuleKind, input: unknown): RuleDefinition {
  try {
    return parseRuleDefinition(kind, input);
  } catch (err) {
    if (err instanceof ZodError) throw new AppError('validation_failed', '', definitionIssues(err));
    throw err;
  }
}

/**
 * A definition the caller sends: also refused when its kind names a place and no zone is drawn
 * (a restricted area without its area used to be saved as the whole picture). Rules stored before
 * this check still load and can be disabled; they must get a zone when their definition is edited.
 */
function givenDefinition(kind: RuleKind, input: unknown): RuleDefinition {
  const def = definitionFor(kind, input);
  if (ZONED_KINDS.includes(kind) && def.zone === null) throw new AppError('validation_failed', '', [{ path: ['definition', 'zone'], message: 'rule.zone_required' }]);
  return def;
}

const nameTaken = () => new AppError('validation_failed', '', [{ path: ['name'], message: 'rule.name_taken' }]);

/**
 * Per-device analysis rules (R4). Versioned: every change is a new analysis_rule_versions row,
 * so a flag names the version that fired; rules are disabled, never deleted. Each change is
 * ledgered (state = the full analysis_rules row) in its transaction.
 */
export function createRuleService(deps: { db: Db; repo: RuleRepository; deviceFor: DeviceGuard; model: ModelInfoSource }) {
  const { db, repo, deviceFor } = deps;

  /** A rule the caller may see, with its device checked against his scope. */
  async function ruleFor(caller: Caller, ruleId: string, opts: { forEdit?: boolean } = {}) {
    const rule = await repo.get(ruleId);
    if (!rule) throw new AppError('not_found', '');
    await deviceFor(caller, rule.device_id, opts);
    return rule;
  }

  return {
    async list(caller: Caller, deviceId: string) {
      await deviceFor(caller, deviceId);
      const [rules, model] = await Promise.all([repo.listByDevice(deviceId), deps.model()]);
      return { rules, model };
    },

    async create(caller: Caller, deviceId: string, input: z.infer<typeof RuleInput>) {
      await deviceFor(caller, deviceId, { forEdit: true });
      const definition = givenDefinition(input.kind, input.definition);
      const row = await db.transaction().execute(async (trx) => {
        if (await repo.nameTaken(trx, deviceId, input.name)) throw nameTaken();
        const rule = await repo.insert(trx, { deviceId, kind: input.kind, name: input.name, definition, enabled: input.enabled, userId: caller.user.id });
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'analysis_rule.created', entityType: 'analysis_rule', entityId: rule.id, state: rule, context: { deviceId, version: rule.version } });
        return rule;
      });
      return { ...row, updated_by_name: caller.user.displayName };
    },

    async update(caller: Caller, ruleId: string, patch: z.infer<typeof RulePatch>) {
      const current = await ruleFor(caller, ruleId, { forEdit: true });
      const definition = patch.definition === undefined ? definitionFor(current.kind, current.definition) : givenDefinition(current.kind, patch.definition);
      const row = await db.transaction().execute(async (trx) => {
        if (patch.name !== undefined && (await repo.nameTaken(trx, current.device_id, patch.name, ruleId))) throw nameTaken();
        const rule = await repo.update(trx, ruleId, patch.expectedVersion, { name: patch.name ?? current.name, definition, enabled: patch.enabled ?? current.enabled, userId: caller.user.id });
        if (!rule) throw new AppError('version_conflict', '');
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'analysis_rule.updated', entityType: 'analysis_rule', entityId: rule.id, state: rule, context: { deviceId: rule.device_id, version: rule.version, previousVersion: patch.expectedVersion } });
        return rule;
      });
      return { ...row, updated_by_name: caller.user.displayName };
    },

    async versions(caller: Caller, ruleId: string) {
      await ruleFor(caller, ruleId);
      return repo.versions(ruleId);
    },
  };
}
export type RuleService = ReturnType<typeof createRuleService>;

import { RULE_KINDS } from '../../core/analysis/rule-definition.js';
import { z } from '../http/openapi.js';

const name = z.string().trim().min(1).max(100);
/** Checked against the rule's kind by parseRuleDefinition (defaults filled per kind). */
const definition = z.unknown().openapi({ description: 'RuleDefinition (core/analysis/rule-definition.ts)', type: 'object' });

export const DeviceParam = z.object({ deviceId: z.uuid() });
export const RuleParam = z.object({ ruleId: z.uuid() });

export const RuleInput = z.strictObject({ kind: z.enum(RULE_KINDS), name, definition, enabled: z.boolean().default(true) });
export const RulePatch = z.strictObject({ name: name.optional(), definition: definition.optional(), enabled: z.boolean().optional(), expectedVersion: z.number().int().min(1) });
export const RelearnInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });

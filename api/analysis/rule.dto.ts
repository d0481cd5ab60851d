import { RULE_KINDS } from '../../core/analysis/rule-definition.js';
import type { AnalysisRuleRow } from '../../core/db/database.js';
import { z } from '../http/openapi.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const Person = z.object({ id: z.string(), displayName: z.string() }).nullable();
/** The definition as stored: validated by core/analysis/rule-definition.ts on the way in. */
const Definition = z.record(z.string(), z.unknown()).openapi({ description: 'RuleDefinition (core/analysis/rule-definition.ts)' });

export const RuleDto = z
  .object({
    id: z.string(),
    deviceId: z.string(),
    kind: z.enum(RULE_KINDS),
    name: z.string(),
    definition: Definition,
    enabled: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: Person,
  })
  .openapi('AnalysisRule');

export const RuleVersionDto = z
  .object({ version: z.number().int(), name: z.string(), kind: z.enum(RULE_KINDS), definition: Definition, enabled: z.boolean(), createdAt: z.string(), createdBy: Person })
  .openapi('AnalysisRuleVersion');

export const ModelDto = z.object({ name: z.string().nullable(), version: z.string().nullable(), labels: z.array(z.string()), cannotDetect: z.array(z.string()) }).openapi('AnalysisModel');

export function toRuleDto(r: AnalysisRuleRow & { updated_by_name?: string | null }): z.infer<typeof RuleDto> {
  return {
    id: r.id,
    deviceId: r.device_id,
    kind: r.kind,
    name: r.name,
    definition: r.definition as unknown as Record<string, unknown>,
    enabled: r.enabled,
    version: r.version,
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by ? { id: r.updated_by, displayName: r.updated_by_name ?? '' } : null,
  };
}

export function toRuleVersionDto(v: {
  version: number;
  name: string;
  kind: AnalysisRuleRow['kind'];
  definition: unknown;
  enabled: boolean;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
}): z.infer<typeof RuleVersionDto> {
  return {
    version: v.version,
    name: v.name,
    kind: v.kind,
    definition: v.definition as Record<string, unknown>,
    enabled: v.enabled,
    createdAt: iso(v.created_at),
    createdBy: v.created_by ? { id: v.created_by, displayName: v.created_by_name ?? '' } : null,
  };
}

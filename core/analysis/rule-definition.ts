import { z } from 'zod';

/**
 * Analysis rules (R4): what a device's picture must or must not show, and when. Shared by the
 * API (which validates and stores them, versioned) and the analyzer (which evaluates them).
 * Zones are polygons in coordinates relative to the picture (0–1, origin top left), so a rule
 * drawn on a snapshot survives a change of stream resolution.
 */
import { RULE_DEFAULTS, RULE_LABELS, type RuleKind } from './rule-kinds.js';

export { COUNTED_KINDS, ZONED_KINDS, FLAG_TYPE_ZH, FLAG_TYPES, RULE_DEFAULTS, RULE_KINDS, RULE_LABELS, SENSOR_FLAG_TYPES, TAMPER_TYPES } from './rule-kinds.js';
export type { FlagType, RuleKind, RuleLabel, SensorFlagType, TamperType } from './rule-kinds.js';

const point = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

export const scheduleSchema = z.object({
  /** always: at any time; inside: only within the windows; outside: only outside them. */
  mode: z.enum(['always', 'inside', 'outside']),
  /** Days 1 (Monday) … 7 (Sunday); a window with from > to runs past midnight. */
  windows: z.array(z.object({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: hhmm, to: hhmm })).max(14).default([]),
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const ruleDefinitionSchema = z
  .object({
    /** Polygon the object's foot point (bottom centre of its box) must be inside; absent: the whole picture. */
    zone: z.array(point).min(3).max(32).nullable().default(null),
    labels: z.array(z.enum(RULE_LABELS)).min(1).max(RULE_LABELS.length),
    minScore: z.number().min(0.1).max(0.99).default(0.4),
    /** The condition must hold this long before a flag is raised. */
    minDwellS: z.number().min(0).max(3600).default(3),
    /** overcrowding: most objects allowed; unattended_post: fewest required. */
    countLimit: z.number().int().min(0).max(500).nullable().default(null),
    schedule: scheduleSchema.default({ mode: 'always', windows: [], timeZone: 'Asia/Shanghai' }),
    /** A new event within this many seconds of the last one's end merges into it. */
    cooldownS: z.number().min(0).max(86400).default(60),
    /** Its flags need two different officers to confirm before the business is told (R5). */
    twoPerson: z.boolean().default(false),
  })
  .strict();
export type RuleDefinition = z.infer<typeof ruleDefinitionSchema>;

/** Validates a definition for a kind, filling the kind's defaults first; throws ZodError. */
export function parseRuleDefinition(kind: RuleKind, input: unknown): RuleDefinition {
  const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const def = ruleDefinitionSchema.parse({ ...RULE_DEFAULTS[kind], ...given });
  if ((kind === 'overcrowding' || kind === 'unattended_post') && def.countLimit === null) {
    throw new z.ZodError([{ code: 'custom', path: ['countLimit'], message: 'required for this kind', input: null }]);
  }
  return def;
}

import type { FlagDetail } from '../../core/analysis/flag-contract.js';
import { z } from '../http/openapi.js';
import type { FlagListRow } from './flag.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What every flag listing says of a flag: what, where, and whose (the review queue adds its own). */
export const FlagCoreFields = {
  id: z.string(),
  type: z.string(),
  source: z.enum(['rule', 'tamper', 'sensor']),
  state: z.enum(['active', 'ended']),
  deviceId: z.string(),
  deviceName: z.string(),
  siteName: z.string(),
  businessId: z.string(),
  businessName: z.string(),
};

export const FlagListItemDto = z
  .object({
    ...FlagCoreFields,
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    peakScore: z.number().nullable(),
    evidenceStatus: z.enum(['pending', 'ready', 'unavailable']),
    reviewStatus: z.string(),
    hasSnapshot: z.boolean(),
    ruleName: z.string().nullable(),
  })
  .openapi('FlagListItem');

export const FlagPageDto = z.object({ items: z.array(FlagListItemDto), nextCursor: z.string().nullable(), counts: z.object({ active: z.number().int(), ended: z.number().int() }) });

/** One version of a flag's evidence clip and what it covers. */
export const FlagClipDto = z
  .object({
    version: z.number().int(),
    sha256: z.string(),
    /** The time of the clip's first and last picture (it starts on the key frame at or before the window). */
    from: z.string(),
    to: z.string(),
    durationMs: z.number().int(),
    /** When it was cut: the event still going on (a longer version follows), the event over, or the clip at its maximum length (the event may go on). */
    coverage: z.enum(['event_ongoing', 'event_ended', 'max_length']),
    /** The last version: no other follows. */
    final: z.boolean(),
    createdAt: z.string(),
    url: z.string(),
  })
  .openapi('FlagClip');

export type FlagClipRow = { version: number; blob_sha256: string; covers_from: Date; covers_to: Date; duration_ms: number; coverage: 'event_ongoing' | 'event_ended' | 'max_length'; final: boolean; created_at: Date };

export const FlagDetailDto = FlagListItemDto.extend({
  detail: z.record(z.string(), z.unknown()).openapi({ description: 'FlagDetail (core/analysis/flag-contract.ts)' }),
  rule: z.object({ id: z.string(), version: z.number().int(), kind: z.string(), name: z.string(), definition: z.record(z.string(), z.unknown()) }).nullable(),
  model: z.object({ name: z.string(), version: z.string(), sha256: z.string() }).nullable(),
  analyzer: z.string(),
  peakAt: z.string().nullable(),
  segments: z.array(z.object({ id: z.string(), startedAt: z.string(), endedAt: z.string(), sha256: z.string() })),
  clip: z.object({ sha256: z.string(), provenance: z.record(z.string(), z.unknown()).nullable() }).nullable(),
  clips: z
    .array(FlagClipDto)
    .openapi({ description: 'Versions of the evidence clip, oldest first; the last is the newest (the one `clip` names). An event still going on gets a first clip and longer versions; none is ever changed.' }),
}).openapi('Flag');

export function toFlagListItem(f: FlagListRow): z.infer<typeof FlagListItemDto> {
  return {
    id: f.id,
    type: f.type,
    source: f.source,
    state: f.state,
    deviceId: f.device_id,
    deviceName: f.device_name,
    siteName: f.site_name,
    businessId: f.business_id,
    businessName: f.business_name,
    startedAt: iso(f.started_at)!,
    endedAt: iso(f.ended_at),
    peakScore: f.peak_score,
    evidenceStatus: f.evidence_status,
    reviewStatus: f.review_status,
    hasSnapshot: f.snapshot_sha256 !== null,
    ruleName: f.rule_name,
  };
}

export function toFlagDetail(
  f: FlagListRow,
  rule: { rule_id: string; version: number; kind: string; name: string; definition: unknown } | null,
  segments: { id: string; started_at: Date; ended_at: Date; blob_sha256: string }[],
  clips: FlagClipRow[] = [],
): z.infer<typeof FlagDetailDto> {
  const detail: FlagDetail = f.detail ?? {};
  return {
    ...toFlagListItem(f),
    detail: detail as Record<string, unknown>,
    rule: rule ? { id: rule.rule_id, version: rule.version, kind: rule.kind, name: rule.name, definition: rule.definition as Record<string, unknown> } : null,
    model: f.model ?? null,
    analyzer: f.analyzer,
    peakAt: iso(f.peak_at),
    segments: segments.map((s) => ({ id: s.id, startedAt: iso(s.started_at)!, endedAt: iso(s.ended_at)!, sha256: s.blob_sha256 })),
    clip: f.clip_sha256 ? { sha256: f.clip_sha256, provenance: f.clip_provenance ?? null } : null,
    clips: clips.map((c) => ({
      version: c.version,
      sha256: c.blob_sha256,
      from: iso(c.covers_from)!,
      to: iso(c.covers_to)!,
      durationMs: c.duration_ms,
      coverage: c.coverage,
      final: c.final,
      createdAt: iso(c.created_at)!,
      url: `/api/flags/${f.id}/clip.mp4?version=${c.version}`,
    })),
  };
}

/** Opaque to clients: base64url of `<created_at to the µs>|<id>`. */
export function encodeCursor(row: { cursor_at: string; id: string }): string {
  return Buffer.from(`${row.cursor_at}|${row.id}`).toString('base64url');
}
export function decodeCursor(s: string): { at: string; id: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(s, 'base64url').toString());
  return m ? { at: m[1], id: m[2] } : null;
}

import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { loadPublicKey } from '../../core/ledger/signer.js';
import { deletionMessage, ordinaryDays, type RetentionPolicy } from '../../core/retention/recording-retention.js';
import { retentionOf, type RetentionKind } from '../../core/retention/retention-of.js';
import type { Access } from '../access/access.service.js';
import type { Resource } from '../access/access.repository.js';
import type { Caller } from '../http/request-context.js';
import { holdView } from '../holds/hold.service.js';
import type { HoldRepository } from '../holds/hold.repository.js';
import type { RetentionRepository } from './retention.repository.js';

const RESOURCE: Record<RetentionKind, Resource['kind']> = { segment: 'segment', recording: 'device', flag_clip: 'flag', flag_snapshot: 'flag', document_pdf: 'document', case: 'case' };
export const FORECAST_MAX_DAYS = 366;

/**
 * Retention shown on records (GET /api/retention/:kind/:id) and the purge report (保存与销毁; R11):
 * what the purge will delete when (its own query, core/retention purgeableSegments), what it
 * deleted (the signed deletion records, each checked against the ledger key) and the holds in force.
 */
export function createRetentionService(deps: { db: Db; access: Access; repo: RetentionRepository; holds: HoldRepository; policy: RetentionPolicy; ledgerPublicKeyPem?: string; now?: () => Date }) {
  const { db, access, repo, policy } = deps;
  const now = deps.now ?? (() => new Date());
  const key = deps.ledgerPublicKeyPem ? loadPublicKey({ publicKeyPem: deps.ledgerPublicKeyPem }) : null;

  return {
    /** The retention of a record the caller may see. */
    async of(caller: Caller, kind: RetentionKind, id: string, window?: { from: Date; to: Date } | null) {
      const resource = { kind: RESOURCE[kind], id };
      try {
        await access.require(caller, 'retention.read', resource);
      } catch (err) {
        // Outside his scope, whoever reads the record under an approved grant (调用单) sees its retention too.
        const granted = err instanceof AppError && err.code === 'forbidden' && caller.user.role !== 'business' && (resource.kind === 'device' || resource.kind === 'case' || resource.kind === 'document') && (await repo.hasGrant(caller.user.id, resource.kind, id, now()));
        if (!granted) throw err;
      }
      const r = await retentionOf(db, policy, { kind, id, window });
      if (!r) throw new AppError('not_found', '');
      return r;
    },

    /** The purge report over the caller's agency subtree, forecasting `days` ahead. */
    async report(caller: Caller, days: number) {
      const scope = access.scope(caller, 'retention.report');
      if (scope.kind !== 'agency') throw new AppError('forbidden', '');
      const at = now();
      const d = Math.min(Math.max(Math.trunc(days), 1), FORECAST_MAX_DAYS);
      const until = new Date(at.getTime() + d * 86400_000);
      const forecast = (await repo.forecast(policy, until, scope.path)).map((r) => ({ day: r.day, business: { id: r.business_id, name: r.business_name }, device: { id: r.device_id, name: r.device_name }, segments: Number(r.segments), bytes: Number(r.bytes) }));
      const deletions = (await repo.deletions(scope.path, 500)).map((x) => ({
        sha256: x.sha256,
        size: Number(x.size),
        rule: x.rule,
        subject: x.subject as Record<string, unknown>,
        deletedAt: new Date(x.deleted_at).toISOString(),
        business: x.business_name,
        device: x.device_name,
        keyId: x.key_id,
        signature: Buffer.from(x.signature).toString('base64'),
        // Checked against the ledger key as verify does (core/ledger/verify-blobs.ts); null when the API has no key.
        signatureValid: key ? x.key_id === key.keyId && key.verify(deletionMessage({ sha256: x.sha256, size: x.size, rule: x.rule, subject: x.subject, deletedAt: x.deleted_at }), Buffer.from(x.signature)) : null,
      }));
      const holds = (await deps.holds.forUnit(scope.path, false)).filter((h) => h.status === 'in_force').map((h) => holdView(h, at));
      return {
        generatedAt: at.toISOString(),
        days: d,
        policy: { ordinaryDays: policy.ordinaryDays, byCategory: Object.fromEntries(['medical', 'public_place', 'school_canteen', 'water_supply', 'other'].map((c) => [c, ordinaryDays(policy, c)])) },
        forecast,
        totals: { segments: forecast.reduce((n, r) => n + r.segments, 0), bytes: forecast.reduce((n, r) => n + r.bytes, 0) },
        deletions,
        holds,
      };
    },
  };
}
export type RetentionService = ReturnType<typeof createRetentionService>;

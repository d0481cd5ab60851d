import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import type { ConsentRow } from '../../core/db/database.js';
import { placementDigest, snapshotOf } from '../../core/consent/placement.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessRepository } from '../registry/business.repository.js';
import type { Access } from '../access/access.service.js';
import { can } from '../../core/access/permissions.js';
import { scopeOf } from '../access/scope.js';
import type { AnalysisCapabilities } from '../../core/analysis/capabilities.js';
import { currentTemplate, templateOf } from './consent-template.js';
import type { ConsentView } from './consent.dto.js';
import type { ConsentRepository } from './consent.repository.js';
import type { ConsentInput } from './consent.schemas.js';

export const sha256Hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

const EDITOR_ACTIONS = ['propose', 'withdraw', 'suspend', 'resume', 'revoke', 'amend'];
const BUSINESS_ACTIONS = ['sign', 'suspend', 'resume', 'revoke', 'upload_photo'];

/** Whether the caller's role may ever do this (else a refusal is a denial, not a bad moment). */
export function mayEver(caller: Caller, action: string): boolean {
  return (can(caller, 'consent.edit') && EDITOR_ACTIONS.includes(action)) || (can(caller, 'consent.party') && BUSINESS_ACTIONS.includes(action));
}

/** What the caller may do with this consent now. */
export function actionsFor(caller: Caller, c: Pick<ConsentRow, 'status' | 'suspended_by_party'>): string[] {
  if (can(caller, 'consent.edit')) {
    if (c.status === 'draft') return ['propose', 'withdraw'];
    if (c.status === 'proposed') return ['withdraw'];
    if (c.status === 'active') return ['suspend', 'revoke', 'amend'];
    if (c.status === 'suspended') return ['resume', 'revoke', 'amend'];
    return [];
  }
  if (can(caller, 'consent.party')) {
    if (c.status === 'proposed') return ['sign'];
    if (c.status === 'active') return ['suspend', 'revoke', 'upload_photo'];
    if (c.status === 'suspended') return [...(c.suspended_by_party === 'business' ? ['resume'] : []), 'revoke', 'upload_photo'];
  }
  return [];
}

/** Drafting, proposing and withdrawing consents (officer side), and reading them. */
export function createConsentService(deps: {
  db: Db;
  repo: ConsentRepository;
  businesses: BusinessRepository;
  access: Access;
  events: EventBus;
  /** What the analysis can do now (rule kinds × the model's manifest): the 分析内容 clause of new consents. */
  capabilities: () => Promise<AnalysisCapabilities>;
}) {
  const { db, repo, businesses, access, events } = deps;

  async function load(caller: Caller, id: string): Promise<ConsentView> {
    await access.require(caller, 'consent.read', { kind: 'consent', id });
    const c = await repo.get(scopeOf(caller.user), id);
    if (!c) throw new AppError('forbidden', ''); // in scope, but not visible to this caller (e.g. a draft)
    return c;
  }

  return {
    load,

    /** The template a consent drafted now would use, and its derived analysis clause (for the drafting form). */
    async currentTemplate() {
      const t = currentTemplate(await deps.capabilities());
      return { templateId: t.id, templateVersion: t.version, analysis: t.analysis!('zh-CN'), analysisEn: t.analysis!('en'), capabilities: t.capabilities! };
    },

    async draft(caller: Caller, input: z.infer<typeof ConsentInput>) {
      const owner = await access.require(caller, 'consent.edit', { kind: 'site', id: input.siteId });
      const site = await db.selectFrom('sites').selectAll().where('id', '=', input.siteId).executeTakeFirstOrThrow();
      const business = (await businesses.byId(owner.businessId!))!;
      if (business.status !== 'active' || site.status !== 'active') throw new AppError('conflict', 'consent.site_archived');
      const template = currentTemplate(await deps.capabilities());
      const analysis = template.analysis!('zh-CN');
      const ref = await repo.nextRef();
      const id = await db.transaction().execute(async (trx) => {
        // One open proposal per site, and a site with a consent in force is changed by amendment.
        const open = await trx.selectFrom('consents').select(['id', 'status', 'ref']).where('site_id', '=', site.id).where('status', 'in', ['draft', 'proposed', 'active', 'suspended']).forUpdate().execute();
        if (open.some((c) => c.status === 'draft' || c.status === 'proposed')) throw new AppError('conflict', 'consent.site_has_open');
        const inForce = open.find((c) => c.status === 'active' || c.status === 'suspended');
        if (inForce && input.amendsId !== inForce.id) throw new AppError('conflict', 'consent.must_amend');
        if (!inForce && input.amendsId) throw new AppError('conflict', 'consent.nothing_to_amend');
        const devices = await trx.selectFrom('devices').selectAll().where('id', 'in', input.deviceIds).execute();
        if (devices.length !== input.deviceIds.length || devices.some((d) => d.site_id !== site.id)) {
          throw new AppError('validation_failed', '', [{ path: ['deviceIds'], message: 'consent.device_not_at_site' }]);
        }
        if (devices.some((d) => d.status === 'retired')) throw new AppError('validation_failed', '', [{ path: ['deviceIds'], message: 'consent.device_retired' }]);
        const ordered = input.deviceIds.map((id) => devices.find((d) => d.id === id)!);
        const rendered = template.render(
          {
            ref,
            agencyName: business.agency_name,
            businessName: business.name,
            creditCode: business.credit_code,
            siteName: site.name,
            siteAddress: site.address,
            devices: ordered.map(snapshotOf),
            purpose: input.purpose,
            analysis,
            retention: input.retention,
            viewers: input.viewers,
            extraTerms: input.extraTerms,
            validFrom: input.validFrom,
            validUntil: input.validUntil,
            amendsRef: inForce?.ref ?? null,
          },
          'zh-CN',
        );
        const row = await trx
          .insertInto('consents')
          .values({
            ref,
            business_id: business.id,
            site_id: site.id,
            agency_id: business.agency_id,
            amends_id: input.amendsId,
            purpose: input.purpose,
            analysis,
            analysis_capabilities: JSON.stringify(template.capabilities),
            retention: input.retention,
            viewers: input.viewers,
            extra_terms: input.extraTerms,
            valid_from: input.validFrom,
            valid_until: input.validUntil,
            template_id: template.id,
            template_version: template.version,
            rendered_text: rendered.text,
            statements: JSON.stringify(rendered.statements),
            text_sha256: sha256Hex(rendered.text),
            created_by: caller.user.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const cds = ordered.map((d, position) => ({ consent_id: row.id, device_id: d.id, position, snapshot: JSON.stringify(snapshotOf(d)), placement_sha256: placementDigest(d) }));
        await trx.insertInto('consent_devices').values(cds).execute();
        await appendLedger(trx, {
          actor: actorOf(caller.user),
          requestId: caller.requestId,
          action: 'consent.drafted',
          entityType: 'consent',
          entityId: row.id,
          state: row,
          context: { devices: cds.map((d) => ({ deviceId: d.device_id, placementSha256: d.placement_sha256 })) },
        });
        return row.id;
      });
      events.emit('consent:changed', { id, status: 'draft' });
      return load(caller, id);
    },

    /** The text in another language, for reading only: the zh-CN text is what is signed. */
    async text(caller: Caller, id: string, lang: 'zh-CN' | 'en') {
      const c = await load(caller, id);
      if (lang === 'zh-CN' || !c.rendered_text) return { lang: 'zh-CN', text: c.rendered_text ?? '', statements: c.statements };
      const devices = await repo.devices(id);
      const rendered = templateOf(c.template_id, c.template_version, c.analysis_capabilities as AnalysisCapabilities | null).render(
        {
          ref: c.ref,
          agencyName: c.agency_name,
          businessName: c.business_name,
          creditCode: c.credit_code,
          siteName: c.site_name,
          siteAddress: c.site_address,
          devices: devices.map((d) => d.snapshot),
          purpose: c.purpose,
          analysis: c.analysis,
          retention: c.retention,
          viewers: c.viewers,
          extraTerms: c.extra_terms,
          validFrom: c.valid_from,
          validUntil: c.valid_until,
          amendsRef: c.amends_ref,
        },
        'en',
      );
      return { lang, ...rendered };
    },
  };
}
export type ConsentService = ReturnType<typeof createConsentService>;

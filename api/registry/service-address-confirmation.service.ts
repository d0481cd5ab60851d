import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import type { ConfirmationTick, ConfirmedAddress, ServiceAddressConfirmationRow } from '../../core/db/database.js';
import { SERVICE_ADDRESS_STATEMENTS_V1, SERVICE_BASIS, SERVICE_SCOPE_DOCUMENTS, serviceAddressConfirmationV1, serviceTermsBlocks, type ServiceAddressConfirmationFields } from '../../core/documents/service-address-confirmation.v1.js';
import type { DocumentService } from '../../core/documents/template.js';
import { AppError, type Issue } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessRepository } from './business.repository.js';
import type { SignConfirmationInput } from './service-address-confirmation.schemas.js';
import { addressesForConfirmation, confirmationById, confirmationHistory, insertConfirmation, lockBusiness, lockCurrentConfirmation } from './service-address-confirmation.repository.js';

const TEMPLATE = serviceAddressConfirmationV1;
const STATEMENTS = SERVICE_ADDRESS_STATEMENTS_V1;
const refuse = (issues: Issue[]) => new AppError('validation_failed', '', issues);

/**
 * The business's 送达地址确认书 (issue 14 item 1). The business signs it online: it chooses among
 * its proven e-mail and SMS addresses (and its portal account), reads the terms, ticks each
 * statement and signs; the PDF is issued into the document register (numbered, hashed, ledgered)
 * and the signed confirmation recorded with its ledger entry, all in one transaction. A change of
 * addresses is a new confirmation that supersedes the old one (kept as it was signed).
 */
export function createServiceAddressConfirmationService(deps: { db: Db; repo: BusinessRepository; access: Access; events: EventBus; documents: Pick<DocumentService, 'issue'> }) {
  const { db, repo, access, events } = deps;

  async function business(caller: Caller, permission: 'business.read' | 'service_address.confirm', businessId: string) {
    await access.require(caller, permission, { kind: 'business', id: businessId });
    const b = await repo.byId(businessId);
    if (!b) throw new AppError('not_found', '');
    return b;
  }

  return {
    /** The current confirmation, every earlier one, and the terms a new one would say (for the review before signing). */
    async overview(caller: Caller, businessId: string) {
      const b = await business(caller, 'business.read', businessId);
      const history = await confirmationHistory(db, businessId);
      return {
        business: b,
        history,
        terms: { templateVersion: TEMPLATE.version, basis: SERVICE_BASIS, blocks: serviceTermsBlocks(b.agency_name), scope: [...SERVICE_SCOPE_DOCUMENTS], statements: STATEMENTS.map(({ key, text }) => ({ key, text })) },
        canSign: access.can(caller, 'service_address.confirm') && b.status === 'active',
      };
    },

    /** One confirmation, for its PDF: the caller must see its business. */
    async load(caller: Caller, id: string): Promise<ServiceAddressConfirmationRow> {
      await access.require(caller, 'business.read', { kind: 'service_address_confirmation', id });
      const row = await confirmationById(db, id);
      if (!row) throw new AppError('not_found', '');
      return row;
    },

    async sign(caller: Caller, businessId: string, input: z.infer<typeof SignConfirmationInput>, client: { userAgent: string | null }) {
      const b = await business(caller, 'service_address.confirm', businessId);
      if (b.status !== 'active') throw new AppError('conflict', 'service_address_confirmation.business_archived');
      const ids = [...new Set(input.addressIds)];
      if (ids.length === 0 && !input.portal) throw refuse([{ path: ['addressIds'], message: 'service_address_confirmation.empty' }]);
      const ticks = new Map<string, number>();
      for (const t of input.confirmed) if (!ticks.has(t.key)) ticks.set(t.key, t.msBeforeSign);
      if (STATEMENTS.some((s) => !ticks.has(s.key))) throw refuse([{ path: ['confirmed'], message: 'service_address_confirmation.statements_missing' }]);

      const actor = actorOf(caller.user);
      const row = await db.transaction().execute(async (trx) => {
        await lockBusiness(trx, businessId);
        const current = await lockCurrentConfirmation(trx, businessId);
        // Signed on the confirmation the page showed: a second signing of the same base finds a newer one.
        if ((current?.version ?? 0) !== input.basedOnVersion) throw new AppError('conflict', 'service_address_confirmation.stale');
        const found = await addressesForConfirmation(trx, businessId, ids);
        const issues: Issue[] = [];
        ids.forEach((id, i) => {
          const a = found.find((x) => x.id === id);
          if (!a) issues.push({ path: ['addressIds', i], message: 'service_address_confirmation.unknown_address' });
          else if (a.method !== 'email' && a.method !== 'sms') issues.push({ path: ['addressIds', i], message: 'service_address_confirmation.not_electronic', params: { address: a.address } });
          else if (a.status !== 'verified') issues.push({ path: ['addressIds', i], message: 'service_address_confirmation.unproven', params: { address: a.address } });
        });
        if (issues.length) throw refuse(issues);

        const signedAt = new Date();
        const addresses: ConfirmedAddress[] = ids.map((id) => {
          const a = found.find((x) => x.id === id)!;
          return { serviceAddressId: a.id, method: a.method as 'email' | 'sms', address: a.address, verifiedAt: a.updated_at.toISOString() };
        });
        // Each statement with when it was ticked: the signing time less how long before signing the page saw the tick.
        const confirmations: ConfirmationTick[] = STATEMENTS.map((s) => ({ key: s.key, text: s.text, confirmedAt: new Date(signedAt.getTime() - ticks.get(s.key)!).toISOString() }));
        const id = randomUUID();
        const version = (current?.version ?? 0) + 1;
        const fields: ServiceAddressConfirmationFields = {
          businessName: b.name,
          creditCode: b.credit_code,
          businessAddress: b.address,
          version,
          supersedesNumber: current ? (current.number ?? `第 ${current.version} 版`) : null,
          addresses: addresses.map((a) => ({ method: a.method, address: a.address, verifiedAt: new Date(a.verifiedAt) })),
          portal: input.portal,
          portalAccount: caller.user.username,
          statements: confirmations.map((c) => ({ ...c, confirmedAt: new Date(c.confirmedAt) })),
          signerName: input.signerName,
          signerRole: input.signerRole,
          signedAt,
          signIp: caller.ip,
        };
        const doc = await deps.documents.issue(trx, {
          kind: TEMPLATE.kind,
          templateVersion: TEMPLATE.version,
          agencyId: b.agency_id,
          subject: { type: 'service_address_confirmation', id },
          category: '综', // a 编号 has no enforcement category
          fields,
          signers: [{ userId: caller.user.id, name: input.signerName, certificateNo: null, role: `签署人（${input.signerRole}）` }],
          actor,
          requestId: caller.requestId,
        });
        const row = await insertConfirmation(trx, {
          id,
          business_id: businessId,
          agency_id: b.agency_id,
          version,
          supersedes: current?.id ?? null,
          template_version: TEMPLATE.version,
          addresses: JSON.stringify(addresses),
          portal: input.portal,
          confirmations: JSON.stringify(confirmations),
          signer_user_id: caller.user.id,
          signer_name: input.signerName,
          signer_role: input.signerRole,
          signed_at: signedAt,
          sign_ip: caller.ip,
          sign_user_agent: client.userAgent?.slice(0, 500) ?? null,
          document_id: doc.id,
          number: doc.number,
          pdf_sha256: doc.sha256,
        });
        await appendLedger(trx, {
          actor,
          requestId: caller.requestId,
          action: 'service_address_confirmation.signed',
          entityType: 'service_address_confirmation',
          entityId: id,
          state: row,
          context: { documentId: doc.id, number: doc.number, sha256: doc.sha256, supersedes: current?.id ?? null, confirmed: STATEMENTS.map((s) => s.key) },
        });
        // The old version stays as it was signed; its entry says from when and by which it no longer applies.
        if (current)
          await appendLedger(trx, { actor, requestId: caller.requestId, action: 'service_address_confirmation.superseded', entityType: 'service_address_confirmation', entityId: current.id, state: null, context: { by: id, version, at: signedAt.toISOString() } });
        return row;
      });
      events.emit('registry:changed', { entity: 'business', id: businessId });
      return row;
    },
  };
}
export type ServiceAddressConfirmationService = ReturnType<typeof createServiceAddressConfirmationService>;

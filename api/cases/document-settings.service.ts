import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { documentSettingsRepository as repo, type DocumentSettingsRow } from './document-settings.repository.js';

/** The settings as the API shows them (money in fen; null = not set). */
export type DocumentSettingsInput = {
  reconsiderationBody: string | null;
  court: string | null;
  paymentPayee: string | null;
  paymentAccount: string | null;
  paymentChannel: string | null;
  contactAddress: string | null;
  contactPhone: string | null;
  largeAmountPersonFen: number | null;
  largeAmountOrganisationFen: number | null;
  statementDays: number;
};
export type DocumentSettingsView = DocumentSettingsInput & { agencyId: string; agencyName: string; version: number; updatedAt: string | null; missing: string[] };

/** What a decision needs from the agency, by the name the officer and the administrator see. */
export const SETTING_LABELS: Record<keyof Omit<DocumentSettingsInput, 'statementDays' | 'paymentAccount'>, string> = {
  reconsiderationBody: '行政复议机关',
  court: '管辖人民法院',
  paymentPayee: '罚款收款单位（代收银行）',
  paymentChannel: '罚款缴纳方式（指定银行或电子支付系统）',
  contactAddress: '机关联系地址',
  contactPhone: '机关联系电话',
  largeAmountPersonFen: '较大数额罚款标准（个人）',
  largeAmountOrganisationFen: '较大数额罚款标准（单位）',
};

export function settingsOf(row: DocumentSettingsRow | undefined): DocumentSettingsInput {
  return {
    reconsiderationBody: row?.reconsideration_body ?? null,
    court: row?.court ?? null,
    paymentPayee: row?.payment_payee ?? null,
    paymentAccount: row?.payment_account ?? null,
    paymentChannel: row?.payment_channel ?? null,
    contactAddress: row?.contact_address ?? null,
    contactPhone: row?.contact_phone ?? null,
    largeAmountPersonFen: row?.large_amount_person_fen ?? null,
    largeAmountOrganisationFen: row?.large_amount_organisation_fen ?? null,
    statementDays: row?.statement_days ?? 3,
  };
}

export const missingSettings = (s: DocumentSettingsInput) => (Object.keys(SETTING_LABELS) as (keyof typeof SETTING_LABELS)[]).filter((k) => s[k] === null).map((k) => SETTING_LABELS[k]);

/**
 * The administrator's settings of what every document of an agency prints besides the case
 * (settings.admin). Each change is ledgered with the row's new state.
 */
export function createDocumentSettingsService(deps: { db: Db; access: Access }) {
  async function view(agencyId: string): Promise<DocumentSettingsView> {
    const agency = await repo.agency(deps.db, agencyId);
    if (!agency) throw new AppError('not_found', '');
    const row = await repo.get(deps.db, agencyId);
    const s = settingsOf(row);
    return { ...s, agencyId, agencyName: agency.name, version: row?.version ?? 0, updatedAt: row ? new Date(row.updated_at).toISOString() : null, missing: missingSettings(s) };
  }
  return {
    async get(caller: Caller, agencyId: string) {
      deps.access.assert(caller, 'settings.admin');
      return view(agencyId);
    },
    async put(caller: Caller, agencyId: string, input: DocumentSettingsInput) {
      deps.access.assert(caller, 'settings.admin');
      if (!(await repo.agency(deps.db, agencyId))) throw new AppError('not_found', '');
      await deps.db.transaction().execute(async (trx) => {
        const row = await repo.put(trx, {
          agency_id: agencyId,
          reconsideration_body: input.reconsiderationBody,
          court: input.court,
          payment_payee: input.paymentPayee,
          payment_account: input.paymentAccount,
          payment_channel: input.paymentChannel,
          contact_address: input.contactAddress,
          contact_phone: input.contactPhone,
          large_amount_person_fen: input.largeAmountPersonFen,
          large_amount_organisation_fen: input.largeAmountOrganisationFen,
          statement_days: input.statementDays,
          updated_by: caller.user.id,
        });
        await appendLedger(trx, { actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, action: 'agency_document_settings.updated', entityType: 'agency_document_settings', entityId: agencyId, state: row });
      });
      return view(agencyId);
    },
  };
}
export type DocumentSettingsService = ReturnType<typeof createDocumentSettingsService>;

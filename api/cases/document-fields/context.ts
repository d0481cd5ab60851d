import type { Kysely } from 'kysely';
import { shanghaiDay } from '../../../core/calendar/calendar.js';
import type { Penalty as CasePenalty } from '../../../core/cases/major.js';
import type { CaseOfficer, Contact, Database } from '../../../core/db/database.js';
import type { Penalty } from '../../../core/documents/case-templates/fields.js';
import type { Caller } from '../../http/request-context.js';
import { caseRepository as repo, type CaseDocumentRow, type CaseRow, type EvidenceRow, type StageRow } from '../case.repository.js';
import { documentSettingsRepository } from '../document-settings.repository.js';
import { settingsOf, type DocumentSettingsInput } from '../document-settings.service.js';

/**
 * Everything a stage's document is made from (issue 13 item 5): the case, the party as the
 * business registry holds it, the case's evidence, its earlier stages and documents, the people
 * named (with their certificate numbers), and the agency's document settings.
 */
export type DocumentContext = {
  caller: Caller;
  case: CaseRow;
  stage: StageRow;
  /** The stage's fields as recorded (money in fen). */
  input: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  party: Record<string, unknown>;
  agency: { name: string; phone: string | null };
  settings: DocumentSettingsInput;
  stages: StageRow[];
  evidence: EvidenceRow[];
  documents: CaseDocumentRow[];
  users: Map<string, { name: string; certificateNo: string | null; role: string }>;
};

/** A legal representative or person in charge from the business's contacts (the registry has no field of its own for it). */
const REPRESENTATIVE = /法定代表人|负责人|法人|经营者|业主|院长|店长/;

export function partyOf(c: CaseRow, b: { name: string; credit_code: string; address: string; contacts: Contact[] } | undefined): Record<string, unknown> {
  if (!b) return {};
  const contacts = Array.isArray(b.contacts) ? b.contacts : [];
  const rep = contacts.find((x) => REPRESENTATIVE.test(x.role)) ?? contacts[0];
  if (c.party_kind === 'person') return { type: 'person', name: b.name, address: b.address, phone: rep?.phone || undefined };
  return { type: 'organisation', name: b.name, creditCode: b.credit_code || undefined, legalRepresentative: rep?.name, address: b.address, phone: rep?.phone || undefined };
}

export async function loadDocumentContext(trx: Kysely<Database>, caller: Caller, c: CaseRow, stage: StageRow): Promise<DocumentContext> {
  const [business, agency, settings, stages, evidence, documents] = await Promise.all([
    repo.business(trx, c.business_id),
    documentSettingsRepository.agency(trx, c.agency_id),
    documentSettingsRepository.get(trx, c.agency_id),
    repo.stages(trx, c.id),
    repo.evidence(trx, c.id),
    repo.documents(trx, c.id),
  ]);
  const ids = new Set<string>([caller.user.id, ...stages.map((s) => s.actor_id)]);
  for (const s of stages) for (const k of ['chairId', 'headId'] as const) if (typeof s.fields[k] === 'string') ids.add(s.fields[k] as string);
  const head = (c.source_record as { headId?: unknown }).headId;
  if (typeof head === 'string') ids.add(head);
  const users = new Map((await repo.users(trx, [...ids])).map((u) => [u.id, { name: u.display_name, certificateNo: u.certificate_no, role: u.role }]));
  return {
    caller,
    case: c,
    stage,
    input: stage.fields as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    party: partyOf(c, business as never),
    agency: { name: agency?.name ?? '', phone: agency?.phone ?? null },
    settings: settingsOf(settings),
    stages: stages.some((s) => s.id === stage.id) ? stages : [...stages, stage],
    evidence,
    documents,
    users,
  };
}

// ---- helpers the builders share ----

export const day = (at: Date | string) => shanghaiDay(new Date(at));
/** An instant in China's offset, e.g. 2026-09-23T09:30:00+08:00. */
export const instant = (at: Date | string) => `${new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
export const nameOf = (x: DocumentContext, id: string | null | undefined) => (id ? x.users.get(id)?.name : undefined);
export const latest = (x: DocumentContext, kind: string) => [...x.stages].reverse().find((s) => s.kind === kind && s.id !== x.stage.id) ?? null;
export const latestDocument = (x: DocumentContext, kind: string) => [...x.documents].reverse().find((d) => d.kind === kind) ?? null;

/** The acting officers with their certificates: the stage's, else the case's investigators. */
export function officersOf(x: DocumentContext, list: CaseOfficer[] = x.stage.officers): { name: string; certificateNo: string | undefined }[] {
  const os = list.length ? list : x.case.investigators;
  return os.map((o) => ({ name: o.name, certificateNo: o.certificateNo ?? undefined }));
}

/** 案件来源 as the documents name it. */
export const sourceOf = (c: CaseRow) => (c.source === 'flags' ? 'device_flag' : c.source);

const EVIDENCE_KIND: Record<EvidenceRow['kind'], string> = { finding: '电子数据', business_answer: '当事人的陈述', snapshot: '电子数据', clip: '视听资料', segments: '视听资料', upload: '书证', entry: '书证' };

/** The evidence list (行政处罚法 art. 46 kinds): the stage's chosen items, else the whole case file. */
export function evidenceOf(x: DocumentContext) {
  const chosen = new Set(x.stage.evidence_ids);
  const rows = chosen.size ? x.evidence.filter((e) => chosen.has(e.id)) : x.evidence;
  return rows.map((e) => {
    const desc = (e.source as { description?: unknown }).description;
    return { kind: EVIDENCE_KIND[e.kind], name: e.title, proves: typeof desc === 'string' && desc.trim() ? desc.trim().slice(0, 500) : `证明当事人${x.case.cause}的事实` };
  });
}

/** The penalty the rules read (kinds + fen) as the templates print it, with what a non-money penalty names. */
export function penaltiesOf(p: CasePenalty | null | undefined, detail: { licence?: string; period?: string } = {}): Penalty[] | undefined {
  if (!p) return undefined;
  const d = detail ?? {};
  return p.kinds.map((k) => {
    switch (k) {
      case 'warning':
        return { kind: 'warning' };
      case 'fine':
        return { kind: 'fine', amountFen: p.fineFen ?? undefined };
      case 'confiscation':
        return { kind: 'confiscate_gains', amountFen: p.confiscationFen ?? undefined };
      case 'licence_suspension':
        return { kind: 'suspend_licence', licence: d.licence, period: d.period };
      case 'business_suspension':
        return { kind: 'suspend_business', period: d.period };
      case 'licence_revocation':
        return { kind: 'revoke_licence', licence: d.licence };
    }
  }) as Penalty[];
}

/** Where the party may seek remedies; blank settings stay blank so the template names what is missing. */
export const remediesOf = (x: DocumentContext) => ({ reconsiderationBody: x.settings.reconsiderationBody ?? undefined, court: x.settings.court ?? undefined });
export const paymentOf = (x: DocumentContext) =>
  x.settings.paymentPayee || x.settings.paymentChannel ? { payee: x.settings.paymentPayee ?? undefined, account: x.settings.paymentAccount ?? undefined, channel: x.settings.paymentChannel ?? undefined } : undefined;
/** The agency's contact for statements and questions: the first investigator at the agency's address and phone. */
export const contactOf = (x: DocumentContext) => ({ name: x.case.investigators[0]?.name, phone: x.settings.contactPhone ?? x.agency.phone ?? undefined, address: x.settings.contactAddress ?? undefined });
/** Provisions as the officer listed them, else the one free-text basis as a single entry. */
export const provisionsOf = (list: unknown, fallback?: unknown): string[] | undefined =>
  Array.isArray(list) && list.length ? (list as string[]) : typeof fallback === 'string' && fallback.trim() ? [fallback.trim()] : undefined;

import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/database.js';
import type { Actor } from '../ledger/append.js';
import type { DocumentBody } from './document-body.js';

/** Every kind of generated document. Case documents (R8) and the consent documents (R1). */
export const CASE_DOCUMENT_KINDS = [
  'case_acceptance', // 案件受理记录
  'filing_report', // 立案报告 (立案审批)
  'on_site_record', // 现场笔录
  'inquiry_record', // 询问笔录
  'evidence_preservation_decision', // 证据先行登记保存决定书
  'seizure_decision', // 查封扣押决定书 (with its 物品清单)
  'seizure_extension_decision', // 延长查封扣押期限决定书 (行政强制法 art. 25 ¶2: in writing, with reasons)
  'investigation_end_report', // 案件调查终结报告
  'panel_discussion_record', // 合议记录
  'legal_review_opinion', // 法制审核意见书
  'collective_discussion_record', // 集体讨论记录
  'prior_notice', // 行政处罚事先告知书
  'hearing_notice', // 听证通知书
  'hearing_record', // 听证笔录
  'penalty_decision', // 行政处罚决定书 (行政处罚法 art. 59)
  'on_the_spot_decision', // 当场行政处罚决定书 (simple procedure, 行政处罚法 art. 52)
  'reminder', // 催告书 (行政强制法 art. 35)
  'closing_report', // 结案报告
  'service_certificate', // 送达回证 / 电子送达凭证 (民诉法 art. 87; 在线诉讼规则 art. 31)
] as const;
export type CaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];
export type DocumentKind = CaseDocumentKind | 'consent_confirmation' | 'site_notice' | 'service_address_confirmation';

/**
 * How a document is numbered (DOMAIN.md, 卫生行政执法文书规范): a 文号 is
 * "area abbreviation + 卫 + enforcement category + nature + 〔year〕 + sequence + 号"
 * (e.g. 婺卫医罚〔2026〕12号); a 编号 is "year + sequence" (e.g. 2026-0012). Each (agency, year,
 * series) has its own sequence with no duplicates and no gaps.
 */
export type NumberingScheme =
  | { scheme: 'wenhao'; /** The nature character(s), e.g. 罚 (decision), 告 (prior notice), 听 (hearing). */ nature: string }
  | { scheme: 'serial' }
  | { scheme: 'none' };

/** What a template's body may use besides its fields. */
export type BodyContext = {
  /** The agency's full name, e.g. 金华市婺城区卫生健康局. */
  agencyName: string;
  /** The document's number (文号 or 编号); null when the template has none. */
  number: string | null;
  issuedAt: Date;
};

/**
 * One version of a document template. A template is never edited: a change is a new version, and
 * every issued document names the version it was made from.
 */
export interface DocumentTemplate<F = unknown> {
  kind: DocumentKind;
  version: number;
  /** The document's Chinese name, e.g. 行政处罚决定书; and an English one for the UI. */
  title: string;
  titleEn: string;
  numbering: NumberingScheme;
  /** Bears the agency's seal (an electronic seal + PAdES signature), e.g. the decision (行政处罚法 art. 59). */
  sealed: boolean;
  /** The fields, validated before anything is numbered or drawn; messages name the field in Chinese. */
  fields: z.ZodType<F>;
  /** The document's text from its fields. Pure. */
  body(fields: F, ctx: BodyContext): DocumentBody;
}

/** An officer (or other person) who signs a document as one of its actors. */
export type DocumentSigner = { userId: string | null; name: string; certificateNo: string | null; role: string };

/** The enforcement category in a 文号 (医 medical, 公 public places, 水 drinking water, 学 schools …). */
export type EnforcementCategory = string;

export type IssueDocumentInput = {
  kind: DocumentKind;
  /** Latest version when absent. */
  templateVersion?: number;
  agencyId: string;
  /** What the document belongs to, e.g. { type: 'case', id }. */
  subject: { type: string; id: string };
  /** The enforcement category of the 文号; ignored by templates without one. */
  category: EnforcementCategory;
  fields: unknown;
  signers: DocumentSigner[];
  actor: Actor;
  requestId?: string | null;
};

export type IssuedDocument = {
  id: string;
  kind: DocumentKind;
  templateVersion: number;
  /** 1 for the original; a correction is the next version of the same document (same number). */
  version: number;
  number: string | null;
  sha256: string;
  sealed: boolean;
  issuedAt: Date;
  /** The code on the public verify page (QR). */
  publicRef: string;
};

/**
 * Issues documents in the caller's transaction: validates the fields, takes the next number,
 * renders the PDF (sealed and signed when the template says so), stores it write-once, and
 * appends its ledger entry — all or nothing with the caller's state change.
 */
export interface DocumentService {
  issue(trx: Kysely<Database>, input: IssueDocumentInput): Promise<IssuedDocument>;
  /** A correction: a new version with new fields and the reason; the old one stays as it was. */
  correct(trx: Kysely<Database>, input: { documentId: string; fields: unknown; reason: string; signers: DocumentSigner[]; actor: Actor; requestId?: string | null }): Promise<IssuedDocument>;
}

/**
 * What a generated enforcement document says, as blocks (R8; 卫生行政执法文书规范): a template turns
 * its fields into these, and the one PDF renderer lays them out — the agency's full name on every
 * page, the number, the verify QR code, signatures and the seal. Templates never draw.
 */
export type SignatureLine = {
  /** e.g. 执法人员, 被询问人, 记录人, 听证主持人, 当事人 */
  role: string;
  name: string;
  /** 执法证号 of an officer (the law wants two officers with their certificates where it says so). */
  certificateNo?: string | null;
  /** When signed; null → a blank line to sign on paper (a party who refused is recorded in a paragraph). */
  signedAt?: Date | null;
};

export type Block =
  /** The document's name, large and centred, e.g. 行政处罚决定书. */
  | { kind: 'title'; text: string }
  /** A heading inside the document, e.g. 一、违法事实. */
  | { kind: 'heading'; text: string }
  /** Running text; `indent` → first line indented two characters (正文). */
  | { kind: 'paragraph'; text: string; indent?: boolean }
  /** Label–value rows (当事人, 地址, 统一社会信用代码 …). An empty value prints a blank to fill. */
  | { kind: 'fields'; rows: { label: string; value: string }[] }
  /** A table, e.g. the 物品清单 of a seizure or the evidence list of a filing report. */
  | { kind: 'table'; columns: string[]; rows: string[][] }
  /** Signatures of the people who acted, each with certificate number and time where known. */
  | { kind: 'signatures'; lines: SignatureLine[] }
  /**
   * The agency's sign-off at the end: its full name and the date, where the seal goes. When the
   * template is `sealed` the renderer places the agency's electronic seal over it.
   */
  | { kind: 'issuer'; date: Date }
  /** Small print (e.g. the rights to reconsideration and litigation, or where to pay). */
  | { kind: 'note'; text: string };

export type DocumentBody = Block[];

/**
 * A body as it is printed: a full stop the user typed at the end of a sentence the template also
 * ends (责令你单位立即整改。 + 。) is printed once. Nothing else is changed.
 */
export function tidyBody(body: DocumentBody): DocumentBody {
  const tidy = (s: string) => s.replace(/。[。.]+/g, '。');
  return body.map((b) => (b.kind === 'paragraph' || b.kind === 'note' ? { ...b, text: tidy(b.text) } : b));
}

/**
 * Masking of texts published to the public (R15; issue 16 item 5). Pure: no I/O.
 *
 * What is published and what is not:
 * - 行政处罚法 art. 48 ¶1: penalty decisions are published according to law; art. 50: state secrets,
 *   trade secrets and personal privacy learnt in enforcement are kept confidential;
 * - seed 004 附表2 第六条: everything is published "除涉及国家秘密、商业秘密和个人隐私的信息不予公开外",
 *   including (十三) 行政执法决定书等行政执法结果;
 * - so an organisation's name and its unified social credit code stay (they identify the party of a
 *   public act, and the credit code is itself public under 企业信息公示暂行条例, which 004 names);
 *   the names of individuals (a person party, a legal representative, contacts, witnesses,
 *   people questioned), ID-card numbers, mobile numbers, personal addresses, bank accounts and the
 *   trade secrets an officer marks are masked.
 *
 * maskText() masks what it knows; checkText() is the check the approval runs again on the final
 * text (after any edit): it returns the spans still in it, and the text is refused when there is one.
 */

export type Known = {
  /** Full names of the individuals known in the matter. */
  names: readonly string[];
  /** Addresses of individuals (a person party's home), masked to their district. */
  addresses?: readonly string[];
  /** Passages an officer marked as trade secrets. */
  secrets?: readonly string[];
};

export type SpanKind = 'name' | 'id_number' | 'mobile' | 'bank_account' | 'address' | 'secret';
export type Span = { kind: SpanKind; start: number; end: number; text: string };

export const SPAN_ZH: Record<SpanKind, string> = { name: '个人姓名', id_number: '身份证号码', mobile: '手机号码', bank_account: '银行账号', address: '个人住址', secret: '商业秘密' };

/** Two-character surnames (复姓) common enough to matter: 欧阳娜娜 → 欧阳某. */
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '端木', '南宫', '独孤', '西门', '澹台'];

export const SECRET_MARK = '（涉及商业秘密，不予公开）';

/** 张三 → 张某; 欧阳娜娜 → 欧阳某 (the form Chinese authorities publish). */
export function maskName(name: string): string {
  const n = name.trim();
  const surname = COMPOUND_SURNAMES.find((s) => n.startsWith(s) && n.length > s.length) ?? n.slice(0, 1);
  return `${surname}某`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Whether an 18-character string is a resident ID number (GB 11643: birth date and check digit). */
export function isIdNumber(s: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17].toUpperCase();
}

/** Whether a run of digits passes the Luhn check bank cards use. */
function luhn(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Runs not inside a longer run of letters/digits (a credit code, a document number, a longer digit string).
const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])/g;
const BANK_RE = /(?<![0-9A-Za-z])\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])/g;

function* literal(text: string, needle: string): Generator<[number, number]> {
  if (!needle) return;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) yield [at, at + needle.length];
}

/** The personal data still in a text, in order (overlaps resolved to the earliest, then longest). */
export function checkText(text: string, known: Known): Span[] {
  const spans: Span[] = [];
  const add = (kind: SpanKind, start: number, end: number) => spans.push({ kind, start, end, text: text.slice(start, end) });
  for (const s of known.secrets ?? []) for (const [a, b] of literal(text, s.trim())) add('secret', a, b);
  for (const s of known.addresses ?? []) for (const [a, b] of literal(text, s.trim())) add('address', a, b);
  for (const n of usableNames(known.names)) for (const [a, b] of literal(text, n)) add('name', a, b);
  for (const m of text.matchAll(ID_RE)) if (isIdNumber(m[0])) add('id_number', m.index, m.index + m[0].length);
  for (const m of text.matchAll(MOBILE_RE)) add('mobile', m.index, m.index + m[0].length);
  for (const m of text.matchAll(BANK_RE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 16 && digits.length <= 19 && luhn(digits) && !isIdNumber(digits)) add('bank_account', m.index, m.index + m[0].length);
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) if (!out.length || s.start >= out[out.length - 1].end) out.push(s);
  return out;
}

/** Names worth looking for: at least two characters, longest first (王建国 before 王建). */
function usableNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
}

/** 330702199001011234 → 330702************; mobiles → 138****5678; bank accounts → 6222 **** 1234. */
function replacement(s: Span): string {
  switch (s.kind) {
    case 'name':
      return maskName(s.text);
    case 'id_number':
      return `${s.text.slice(0, 6)}${'*'.repeat(12)}`;
    case 'mobile': {
      const d = s.text.replace(/\D/g, '').slice(-11);
      return `${d.slice(0, 3)}****${d.slice(-4)}`;
    }
    case 'bank_account': {
      const d = s.text.replace(/\D/g, '');
      return `${d.slice(0, 4)}${'*'.repeat(d.length - 8)}${d.slice(-4)}`;
    }
    case 'address':
      return maskAddress(s.text);
    case 'secret':
      return SECRET_MARK;
  }
}

/** A personal address kept to its county or district: 浙江省金华市婺城区八一北街1号 → 浙江省金华市婺城区****. */
export function maskAddress(address: string): string {
  const county = Math.max(address.lastIndexOf('区'), address.lastIndexOf('县'), address.lastIndexOf('旗'));
  const city = address.indexOf('市');
  const cut = county > 0 && county < address.length - 1 ? county + 1 : city > 0 && city < address.length - 1 ? city + 1 : 0;
  return `${address.slice(0, cut)}****`;
}

/** The text with every span checkText() finds replaced: names 张某, numbers partly starred, secrets marked. */
export function maskText(text: string, known: Known): string {
  let out = '';
  let at = 0;
  for (const s of checkText(text, known)) {
    out += text.slice(at, s.start) + replacement(s);
    at = s.end;
  }
  return out + text.slice(at);
}

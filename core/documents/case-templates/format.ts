/**
 * How case documents print money and dates. Money is kept as integer fen (分) everywhere and
 * printed as decisions print it: the amount in Chinese capital numerals (大写, as 《支付结算办法》
 * writes amounts: 壹万零伍佰元整) followed by the figure in yuan with two decimals
 * (人民币贰万元整（¥20,000.00）). Dates are the day in Asia/Shanghai (UTC+8 all year), 2026年10月8日.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿', '万亿'];
/** 9,999,999,999,999,999 fen: beyond any fine, still a safe integer. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error(`an amount in fen must be a non-negative whole number, got ${fen}`);
}

/** The yuan part of an amount in capitals, without 元: 10500 → 壹万零伍佰. */
function integerCapitals(yuan: number): string {
  const digits = String(yuan);
  let out = '';
  let zeroPending = false;
  for (let i = 0; i < digits.length; i++) {
    const place = digits.length - 1 - i;
    const d = Number(digits[i]);
    if (d === 0) {
      if (out) zeroPending = true;
    } else {
      if (zeroPending) out += '零';
      zeroPending = false;
      out += DIGITS[d] + SMALL_UNITS[place % 4];
    }
    if (place % 4 === 0 && place > 0) {
      // The 万/亿 of a group is written when any of its four digits is not zero; a zero right
      // after it is only written when a non-zero digit follows (壹佰万壹仟, 壹万零伍佰).
      const group = digits.slice(Math.max(0, i - 3), i + 1);
      if (Number(group) !== 0) {
        out += GROUP_UNITS[place / 4];
        zeroPending = false;
      }
    }
  }
  return out;
}

/**
 * An amount in Chinese capital numerals: 2000000 fen → 贰万元整, 1050050 → 壹万零伍佰元伍角整,
 * 100005 → 壹仟元零伍分, 5 → 伍分. 整 closes an amount with no 分 (《支付结算办法》附件一).
 */
export function capitalAmount(fen: number): string {
  assertFen(fen);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cent = fen % 10;
  if (fen === 0) return '零元整';
  let out = yuan > 0 ? `${integerCapitals(yuan)}元` : '';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (cent > 0 && yuan > 0) out += '零';
  if (cent > 0) out += `${DIGITS[cent]}分`;
  else out += '整';
  return out;
}

/** An amount in yuan with two decimals and thousands separators: 2000000 fen → 20,000.00. */
export function yuanFigure(fen: number): string {
  assertFen(fen);
  const yuan = Math.floor(fen / 100).toLocaleString('en-US');
  return `${yuan}.${String(fen % 100).padStart(2, '0')}`;
}

/** As decisions print an amount: 人民币贰万元整（¥20,000.00）. */
export function printAmount(fen: number): string {
  return `人民币${capitalAmount(fen)}（¥${yuanFigure(fen)}）`;
}

const SHANGHAI_MS = 8 * 3600_000;

function shanghaiParts(at: Date): { y: number; m: number; d: number; h: number; min: number } {
  const t = new Date(at.getTime() + SHANGHAI_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), min: t.getUTCMinutes() };
}

function toDate(at: Date | string): Date {
  const d = typeof at === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T12:00:00+08:00` : at) : at;
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${String(at)}`);
  return d;
}

/** The Shanghai day of an instant (or a 'YYYY-MM-DD' day), as documents print it: 2026年10月8日. */
export function printDate(at: Date | string): string {
  const { y, m, d } = shanghaiParts(toDate(at));
  return `${y}年${m}月${d}日`;
}

/** An instant in Shanghai time to the minute: 2026年10月8日14时05分. */
export function printDateTime(at: Date | string): string {
  const { y, m, d, h, min } = shanghaiParts(toDate(at));
  return `${y}年${m}月${d}日${h}时${String(min).padStart(2, '0')}分`;
}

/** A span on one day or across days: 2026年9月23日9时30分至10时45分. */
export function printSpan(from: Date | string, to: Date | string): string {
  const a = printDateTime(from);
  const b = printDateTime(to);
  const sameDay = printDate(from) === printDate(to);
  return `${a}至${sameDay ? b.slice(printDate(to).length) : b}`;
}

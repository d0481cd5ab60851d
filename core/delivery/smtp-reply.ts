/**
 * What an SMTP server's final reply says (RFC 5321 §4.2): its code and, for an accepted message,
 * the queue id the server gave it — the proof that the message reached the recipient's system
 * (民诉法第九十条第二款). Servers word it differently: Postfix "250 2.0.0 Ok: queued as 4C2B1",
 * Exim "250 OK id=1rXyZa-0001Ab-2C", Exchange "250 2.6.0 <id@host> Queued mail for delivery",
 * Gmail "250 2.0.0 OK  1733350000 a1b2c3d4-gsmtp". Pure.
 */
export type SmtpReply = { code: number | null; enhanced: string | null; text: string; queueId: string | null };

const QUEUE_ID: RegExp[] = [
  /queued as\s+([A-Za-z0-9][\w.@<>:-]{2,})/i,
  /\bid=([\w.-]{3,})/i,
  /<([^<>\s]{3,})>\s+queued/i,
  /\bOK\s+\d{6,}\s+([\w.-]{3,})/i,
];

export function parseSmtpReply(line: string | null | undefined): SmtpReply {
  const text = (line ?? '').trim();
  const m = /^(\d{3})(?:[\s-]+(\d\.\d{1,3}\.\d{1,3}))?/.exec(text);
  let queueId: string | null = null;
  for (const re of QUEUE_ID) {
    const q = re.exec(text);
    if (q) {
      queueId = q[1].replace(/[.,;]$/, '');
      break;
    }
  }
  return { code: m ? Number(m[1]) : null, enhanced: m?.[2] ?? null, text, queueId };
}

/** 2xx: the server took responsibility for the message. */
export const accepted = (r: SmtpReply) => r.code !== null && r.code >= 200 && r.code < 300;
/** 5xx: a permanent refusal (no retry helps). 4xx and no reply at all are temporary. */
export const permanent = (r: SmtpReply) => r.code !== null && r.code >= 500;

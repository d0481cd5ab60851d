import nodemailer from 'nodemailer';
import type { MailTransport } from './notify.types.js';

/**
 * Real SMTP through nodemailer, from a URL (smtp://user:pass@host:587, smtps://…:465). Short
 * timeouts: a dead mail server gives a clear failure in seconds, never a hung request.
 */
export function createSmtpTransport(url: string): MailTransport {
  const u = new URL(url);
  const transporter = nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // A loopback or internal relay may offer no TLS; STARTTLS is used when offered.
    ignoreTLS: u.searchParams.get('tls') === 'off',
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10000,
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({ ...mail, textEncoding: 'base64' });
      const list = (xs: unknown) => (Array.isArray(xs) ? xs.map((x) => (typeof x === 'string' ? x : String((x as { address?: string }).address ?? x))) : []);
      return { messageId: String(info.messageId ?? ''), response: String(info.response ?? ''), accepted: list(info.accepted), rejected: list(info.rejected) };
    },
    close: () => transporter.close(),
  };
}

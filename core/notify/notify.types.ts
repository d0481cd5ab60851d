/** A message the platform sends: one-time codes, notices. Every one is kept in outbox_messages. */
export type OutgoingMessage = {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  body: string;
  purpose: string;
  /** E-mail only: an HTML alternative and files (the outbox keeps the text body and file names). */
  html?: string;
  attachments?: MailAttachment[];
};
/** cid: referenced from the HTML as <img src="cid:…"> (inline). */
export type MailAttachment = { filename: string; content: Buffer; contentType: string; cid?: string };
/** not_configured: the channel has no way out of this machine (no SMTP_URL outside the demo). */
export type SendResult = {
  outboxId: string;
  status: 'sent' | 'captured' | 'failed';
  error?: string;
  reason?: 'not_configured';
  /** E-mail: what the SMTP server answered — its final reply line (with the queue id) and the recipients it took or refused. */
  relay?: MailRelay;
  /** E-mail that failed: the server's reply when there was one (4xx/5xx), else null (connection, timeout). */
  reply?: { responseCode: number | null; response: string | null; code: string | null };
};
/** nodemailer's info: `response` is the server's reply to the end of DATA, e.g. "250 2.0.0 Ok: queued as 4C2B1A". */
export type MailRelay = { messageId: string; response: string; accepted: string[]; rejected: string[] };

/**
 * How a channel's messages leave this machine: delivered (a real SMTP server or SMS gateway),
 * captured (the demo only: kept here and shown in the demo mailbox), or not_configured (nothing
 * can be sent; a send is a recorded failure, and the user is told so).
 */
export type DeliveryMode = 'delivered' | 'captured' | 'not_configured';
export type DeliveryModes = Record<'email' | 'sms', DeliveryMode>;

/** An SMS gateway. The development adapter only records the message in the outbox. */
export interface SmsAdapter {
  name: string;
  send(to: string, body: string): Promise<{ providerId: string | null; captured: boolean }>;
}

/** Sends one e-mail over SMTP; resolves with the server's message id and reply (rejects with nodemailer's error: responseCode, response). */
export interface MailTransport {
  send(mail: { from: string; to: string; subject: string; text: string; html?: string; attachments?: MailAttachment[]; headers: Record<string, string> }): Promise<MailRelay>;
  close(): void;
}

import net from 'node:net';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { startCaptureSmtp } from '../../core/notify/capture-smtp.js';
import { createSmtpTransport } from '../../core/notify/mailer.js';
import { createNotifier, createNotifierFromConfig } from '../../core/notify/notifier.js';
import { listCaptured } from '../../core/notify/outbox.repository.js';
import { outboxSmsAdapter } from '../../core/notify/sms-outbox.adapter.js';
import { createTestApi } from '../support/api-client.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const log = createLogger('silent');
let t: TestDatabase;
let smtp: SmtpCapture;
let smtpPort: number;
let received: ParsedMail[];
let onMail: (() => void) | null = null;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpCapture(() => onMail?.());
  ({ port: smtpPort, received } = smtp);
});
afterAll(async () => {
  await smtp.stop();
  await t.destroy();
});

const outbox = (id: string) => t.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const count = async () => Number((await t.db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('notifier', () => {
  it('sends e-mail through a real SMTP conversation and records it as sent', async () => {
    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`);
    const n = createNotifier({ db: t.db, mail: { transport, from: 'Vigil 非现场监管 <no-reply@vigil.local>' }, sms: outboxSmsAdapter, log });
    const got = new Promise<void>((r) => (onMail = r));
    const res = await n.send({ channel: 'email', to: 'hosp@example.cn', subject: '签署验证码 123456', body: '验证码：123456，10 分钟内有效', purpose: 'consent.sign' });
    await got;
    transport.close();
    expect(res.status).toBe('sent');
    const mail = received.at(-1)!;
    expect(mail.subject).toBe('签署验证码 123456');
    expect(mail.text).toContain('验证码：123456');
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).toBe('hosp@example.cn');
    expect(mail.headers.get('x-vigil-outbox-id')).toBe(res.outboxId);
    const row = await outbox(res.outboxId);
    expect(row).toMatchObject({ status: 'sent', purpose: 'consent.sign', to_address: 'hosp@example.cn' });
    expect(row.provider_id).toBeTruthy();
  });

  it('in demo mode with no SMTP_URL, mail goes over SMTP to the loopback capture server and is kept for the demo mailbox', async () => {
    const mail = await createNotifierFromConfig(loadConfig({}, ['--demo']), t.db, log);
    try {
      expect(mail.captured).toBe(true);
      expect(mail.modes).toEqual({ email: 'captured', sms: 'captured' });
      const res = await mail.notifier.send({ channel: 'email', to: 'demo@example.cn', subject: '通知', body: '您有一份待签署的确认书', purpose: 'consent.proposed' });
      expect(res.status).toBe('captured');
      const list = await listCaptured(t.db, 'demo@example.cn');
      expect(list.map((m) => m.body)).toEqual(['您有一份待签署的确认书']);
    } finally {
      await mail.stop();
    }
  });

  it('without --demo and without SMTP_URL nothing is captured: each send is a recorded not_configured failure, and health and the mailbox say so', async () => {
    const mail = await createNotifierFromConfig(loadConfig({}, []), t.db, log);
    try {
      expect(mail.captured).toBe(false);
      expect(mail.modes).toEqual({ email: 'not_configured', sms: 'not_configured' });
      for (const [channel, to] of [['email', 'nobody@example.cn'], ['sms', '13900001111']] as const) {
        const res = await mail.notifier.send({ channel, to, subject: '通知', body: '验证码：111111', purpose: 'consent.sign' });
        expect(res).toMatchObject({ status: 'failed', reason: 'not_configured' });
        expect(await outbox(res.outboxId)).toMatchObject({ status: 'failed', to_address: to });
        expect(await listCaptured(t.db, to)).toEqual([]);
      }
      // The app as api/start.ts wires it: no demo mailbox (404), and health shows mail not_configured.
      const api = await createTestApi(t, { notifier: mail.notifier, mailCaptured: mail.captured });
      const biz = await api.login('biz.hosp');
      expect((await biz.get('/api/dev/mailbox')).status).toBe(404);
      expect((await api.app.request('/api/dev/mailbox')).status).toBe(404);
      const health = (await (await api.app.request('/api/health')).json()) as { mail: unknown };
      expect(health.mail).toEqual({ status: 'not_configured', sms: 'not_configured' });
      // Where a user would have mail sent: a clear 503, nothing pretended.
      const pending = (await (await biz.post(`/api/businesses/${biz.user.businessId}/service-addresses`, { method: 'email', address: 'biz.hosp@example.cn', agreedAt: '2026-12-01' })).json()) as { id: string };
      const refused = await biz.post(`/api/service-addresses/${pending.id}/code`);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { message: string }).message).toMatch(/未配置邮件服务/);
    } finally {
      await mail.stop();
    }
  });

  it('the capture SMTP server listens on loopback only and refuses mail without its generated credentials', async () => {
    const capture = await startCaptureSmtp({ db: t.db, log });
    try {
      expect(capture.host).toBe('127.0.0.1');
      const before = await count();
      for (const url of [`smtp://127.0.0.1:${capture.port}?tls=off`, `smtp://vigil:guess@127.0.0.1:${capture.port}?tls=off`]) {
        const transport = createSmtpTransport(url);
        await expect(transport.send({ from: 'x@vigil.local', to: 'hosp@example.cn', subject: '冒充', text: '验证码：000000', headers: {} })).rejects.toThrow(/auth|535|530/i);
        transport.close();
      }
      expect(await count()).toBe(before);
      const own = createSmtpTransport(capture.url);
      await own.send({ from: 'x@vigil.local', to: 'own@example.cn', subject: 's', text: 'kept', headers: {} });
      own.close();
      expect((await listCaptured(t.db, 'own@example.cn')).map((m) => m.body.trim())).toEqual(['kept']);
    } finally {
      await capture.stop();
    }
  });

  it('SMS goes to the outbox through the development adapter', async () => {
    const n = createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`), from: 'x <x@vigil.local>' }, sms: outboxSmsAdapter, log });
    const res = await n.send({ channel: 'sms', to: '13812340000', body: '验证码 654321', purpose: 'consent.sign' });
    expect(res.status).toBe('captured');
    expect(await outbox(res.outboxId)).toMatchObject({ channel: 'sms', status: 'captured', body: '验证码 654321' });
  });

  it('a dead mail server is a recorded failure within seconds, not a hang or a crash', async () => {
    const closed = await new Promise<number>((r) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const n = createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${closed}`), from: 'x <x@vigil.local>' }, sms: outboxSmsAdapter, log });
    const t0 = Date.now();
    const res = await n.send({ channel: 'email', to: 'a@example.cn', subject: 's', body: 'b', purpose: 'test' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(res.status).toBe('failed');
    const row = await outbox(res.outboxId);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('a malformed address is refused before anything is written', async () => {
    const n = createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`), from: 'x <x@vigil.local>' }, sms: outboxSmsAdapter, log });
    const before = await count();
    await expect(n.send({ channel: 'email', to: 'not-an-address', body: 'b', purpose: 'test' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(n.send({ channel: 'sms', to: '12345', body: 'b', purpose: 'test' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await count()).toBe(before);
  });
});

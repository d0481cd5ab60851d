import net from 'node:net';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createSmtpTransport } from '../../core/notify/mailer.js';
import { createNotifier, createNotifierFromConfig } from '../../core/notify/notifier.js';
import { listCaptured } from '../../core/notify/outbox.repository.js';
import { outboxSmsAdapter } from '../../core/notify/sms-outbox.adapter.js';
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

  it('with no SMTP_URL, mail goes over SMTP to the loopback capture server and is kept for the demo mailbox', async () => {
    const mail = await createNotifierFromConfig(loadConfig({}, []), t.db, log);
    try {
      expect(mail.captured).toBe(true);
      const res = await mail.notifier.send({ channel: 'email', to: 'demo@example.cn', subject: '通知', body: '您有一份待签署的确认书', purpose: 'consent.proposed' });
      expect(res.status).toBe('captured');
      const list = await listCaptured(t.db, 'demo@example.cn');
      expect(list.map((m) => m.body)).toEqual(['您有一份待签署的确认书']);
    } finally {
      await mail.stop();
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

import type net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * How the server answers, as a recipient's mail server (MX) would: 550 for an unknown user
 * (`reject`), 451 "try again later" for a busy one (`busy`), and a queue id in its 250 reply to
 * the message (`queueId(n)` for the n-th message, from 1). Addresses are compared in lower case.
 */
export type SmtpAnswers = { reject?: string[]; busy?: string[]; queueId?: (n: number) => string };

/** A real SMTP server on loopback, as a mail relay would be, keeping every message it is given. */
export async function startSmtpCapture(onMail?: (mail: ParsedMail) => void, answers: SmtpAnswers = {}) {
  const received: ParsedMail[] = [];
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _s, cb) {
      const to = address.address.toLowerCase();
      if (answers.reject?.includes(to)) return cb(Object.assign(new Error(`5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table`), { responseCode: 550 }));
      if (answers.busy?.includes(to)) return cb(Object.assign(new Error(`4.7.1 <${to}>: Recipient address rejected: try again later`), { responseCode: 451 }));
      cb();
    },
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => {
        received.push(m);
        onMail?.(m);
        n += 1;
        if (answers.queueId) cb(null, `2.0.0 Ok: queued as ${answers.queueId(n)}`);
        else cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, received, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;

/** The loopback server answering as a recipient's MX: 250 with a queue id, 550 for `reject`, 451 for `busy`. */
export const startRecipientSmtp = (answers: SmtpAnswers & { queueId: (n: number) => string }) => startSmtpCapture(undefined, answers);

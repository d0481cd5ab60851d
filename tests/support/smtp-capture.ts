import type net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback, as a mail relay would be, keeping every message it is given. */
export async function startSmtpCapture(onMail?: (mail: ParsedMail) => void) {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => {
        received.push(m);
        onMail?.(m);
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, received, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;

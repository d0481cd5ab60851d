import { route } from '../access/access.route.js';
import { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';

const MailboxDto = z.object({ items: z.array(z.object({ id: z.string(), channel: z.string(), to: z.string(), subject: z.string(), body: z.string(), createdAt: z.string() })) }).openapi('DemoMailbox');

/**
 * The demo mailbox at /api/dev/mailbox: when no SMTP server is configured, mail is captured on
 * this machine, and each user can read what was sent to his own addresses (and his business's).
 * Absent (404) when mail is really delivered.
 */
export function mailboxRoutes(deps: { db: Db; enabled: boolean }) {
  const { db } = deps;
  const app = router();
  app.openapi(route('mailbox.read', { method: 'get', path: '/mailbox', tags: ['demo'], responses: { 200: json(MailboxDto), ...errorResponses } }), async (c) => {
    if (!deps.enabled) throw new AppError('not_found', '');
    const { user } = callerOf(c);
    const me = await db.selectFrom('users').select(['email', 'phone']).where('id', '=', user.id).executeTakeFirstOrThrow();
    const addresses = [me.email, me.phone].filter((a): a is string => !!a);
    if (user.businessId) {
      const rows = await db.selectFrom('service_addresses').select('address').where('business_id', '=', user.businessId).where('method', 'in', ['email', 'sms']).execute();
      addresses.push(...rows.map((r) => r.address));
    }
    if (!addresses.length) return c.json({ items: [] }, 200);
    const rows = await db
      .selectFrom('outbox_messages')
      .select(['id', 'channel', 'to_address', 'subject', 'body', 'created_at'])
      .where('to_address', 'in', addresses)
      .where('status', '=', 'captured')
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    return c.json({ items: rows.map((r) => ({ id: r.id, channel: r.channel, to: r.to_address, subject: r.subject, body: r.body, createdAt: r.created_at.toISOString() })) }, 200);
  });
  return app;
}

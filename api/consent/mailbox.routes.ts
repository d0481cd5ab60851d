import { route } from '../access/access.route.js';
import { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import { listCapturedTo } from '../../core/notify/outbox.repository.js';
import { errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { addressesInForce } from '../registry/service-address.repository.js';

const MailboxDto = z.object({ items: z.array(z.object({ id: z.string(), channel: z.string(), to: z.string(), subject: z.string(), body: z.string(), createdAt: z.string() })) }).openapi('DemoMailbox');

/**
 * The demo mailbox at /api/dev/mailbox, mounted only in demo mode (--demo) with mail captured on
 * this machine. It stands in for the user's real mailboxes, so it shows only mail sent to
 * addresses proven to be his: his account e-mail and phone, and his business's service addresses
 * verified with a code that went to them. An address merely typed in as the business's shows
 * nothing (it may be another business's, whose codes and links must stay there). Admins too see
 * only their own: a one-time code in someone else's mail would let the reader sign as him.
 */
export function mailboxRoutes(deps: { db: Db }) {
  const { db } = deps;
  const app = router();
  app.openapi(route('mailbox.read', { method: 'get', path: '/mailbox', tags: ['demo'], responses: { 200: json(MailboxDto), ...errorResponses } }), async (c) => {
    const { user } = callerOf(c);
    const me = await db.selectFrom('users').select(['email', 'phone']).where('id', '=', user.id).executeTakeFirstOrThrow();
    const addresses = [me.email, me.phone].filter((a): a is string => !!a);
    if (user.businessId) addresses.push(...(await addressesInForce(db, user.businessId)).map((a) => a.address));
    const rows = await listCapturedTo(db, addresses);
    return c.json({ items: rows.map((r) => ({ id: r.id, channel: r.channel, to: r.to_address, subject: r.subject, body: r.body, createdAt: r.created_at.toISOString() })) }, 200);
  });
  return app;
}

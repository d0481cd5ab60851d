import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { OutgoingMessage } from './notify.types.js';

/** outbox_messages: every message sent, with its outcome. Rows are never deleted. */
export function queueMessage(db: Kysely<Database>, m: OutgoingMessage): Promise<{ id: string }> {
  return db
    .insertInto('outbox_messages')
    .values({ channel: m.channel, to_address: m.to, subject: m.subject ?? '', body: m.body, purpose: m.purpose })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function markMessage(db: Kysely<Database>, id: string, outcome: { status: 'sent' | 'captured' | 'failed'; providerId?: string | null; error?: string | null }): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ status: outcome.status, provider_id: outcome.providerId ?? null, error: outcome.error ?? null, sent_at: outcome.status === 'failed' ? null : new Date() })
    .where('id', '=', id)
    .execute();
}

/** Captured (not delivered) messages to an address, newest first. */
export function listCaptured(db: Kysely<Database>, toAddress: string, limit = 20) {
  return db.selectFrom('outbox_messages').selectAll().where('to_address', '=', toAddress).where('status', '=', 'captured').orderBy('created_at', 'desc').limit(limit).execute();
}

/** Captured (not delivered) messages to any of these addresses (case-insensitive), newest first. */
export function listCapturedTo(db: Kysely<Database>, addresses: string[], limit = 50) {
  const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  if (!wanted.length) return Promise.resolve([]);
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'channel', 'to_address', 'subject', 'body', 'created_at'])
    .where(sql<string>`lower(to_address)`, 'in', wanted)
    .where('status', '=', 'captured')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

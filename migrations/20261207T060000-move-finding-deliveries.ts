import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Issue 14 item 2 (last sentence): a finding's notices are deliveries of the delivery module.
// Every finding_deliveries row moves into it: one delivery per notice (finding and purpose:
// 'finding.notice' / 'finding.decision', subject 'finding_notice'), one delivery_channels row per
// old row (status, attempts, outbox message and open-pixel token kept), and the evidence events
// rebuilt from the old row's times — submission_accepted (created_at), delivered_to_portal,
// relay_accepted (an e-mail the SMTP server took; the old table kept no reply or queue id),
// notification_sent (an SMS, or a message only captured on this machine), relay_failed (failed,
// or queued with an error), notification_opened (opened_at) — in time order, hash-chained as
// core/delivery/evidence.ts v1 does, and a service_completed once nothing is pending (the portal
// message's arrival). Each new row is ledgered ('delivery.migrated', 'delivery_channel.migrated'
// naming the old row, 'delivery_event.<kind>'), in this transaction.
//
// content_sha256 of a moved notice: the old table kept no text, so it is the SHA-256 of the
// canonical JSON {findingId, purpose, source: 'finding_deliveries', rows: [old ids]} — it names
// what was moved, not a text (new notices hash their canonical text).
//
// The old table stays, read-only (a trigger refuses inserts and updates; deletes were already
// refused): the ledger's finding_delivery entries keep the rows they recorded, so the entity
// check still proves they were not altered, and each moved channel's ledger entry points to one.
// Channels still queued get their 'delivery.send' job when the API starts (api/delivery/delivery-resume.ts).
const MIGRATION = '20261207T060000-move-finding-deliveries';
const NOTICE_RULE = { rule: '发现事项告知到达受告知人（通知，不属于法律意义上的送达，不出具送达回证）', basis: '非现场监管发现事项告知（R6）' };

/** The ledger's canonical JSON as of this migration: sorted keys, Dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) if ((value as Record<string, unknown>)[k] !== undefined) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
const json = (v: unknown) => JSON.stringify(canonical(v));
const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');

type Old = {
  id: string; finding_id: string; purpose: 'notice' | 'decision'; channel: 'email' | 'sms' | 'portal'; address: string; service_address_id: string | null; outbox_id: string | null; open_token: string | null;
  status: 'queued' | 'sent' | 'captured' | 'failed'; error: string | null; attempts: number; sent_at: Date | null; delivered_at: Date | null; opened_at: Date | null; created_at: Date; updated_at: Date;
  business_id: string; agency_id: string; created_by: string | null;
};
type Ev = { kind: string; channelId: string | null; channel: string | null; at: Date; detail: Record<string, unknown>; order: number };

async function ledger(db: Kysely<unknown>, action: string, entityType: string, row: { id: string }, context: Record<string, unknown>) {
  const state = json(row);
  await sql`
    INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest, context)
    VALUES ('system', 'migration', ${action}, ${entityType}, ${row.id}, ${state}::json, ${createHash('sha256').update(state).digest()}, ${json({ migration: MIGRATION, ...context })}::jsonb)`.execute(db);
}

/** The channel's status in the delivery module. */
function channelStatus(o: Old): string {
  if (o.status === 'queued') return 'queued';
  if (o.status === 'failed') return 'failed';
  if (o.channel === 'portal') return 'delivered';
  return o.channel === 'email' && o.status === 'sent' ? 'relayed' : 'notified';
}

/** The evidence an old row stands for, with its original times. */
function eventsOf(o: Old, channelId: string): Omit<Ev, 'order'>[] {
  const base = { channelId, channel: o.channel };
  const address = o.channel === 'portal' ? null : o.address;
  const out: Omit<Ev, 'order'>[] = [{ ...base, kind: 'submission_accepted', at: o.created_at, detail: { address, migratedFrom: o.id } }];
  if (o.channel === 'portal') out.push({ ...base, kind: 'delivered_to_portal', at: o.delivered_at ?? o.sent_at ?? o.created_at, detail: { migratedFrom: o.id } });
  else if (o.status === 'sent' && o.channel === 'email') out.push({ ...base, kind: 'relay_accepted', at: o.sent_at ?? o.updated_at, detail: { address, attempt: o.attempts, outboxId: o.outbox_id, response: null, queueId: null, migratedFrom: o.id } });
  else if (o.status === 'sent' || o.status === 'captured') out.push({ ...base, kind: 'notification_sent', at: o.sent_at ?? o.updated_at, detail: { address, attempt: o.attempts, outboxId: o.outbox_id, captured: o.status === 'captured', migratedFrom: o.id } });
  else if (o.status === 'failed' || o.error) out.push({ ...base, kind: 'relay_failed', at: o.updated_at, detail: { address, attempt: o.attempts, final: o.status === 'failed', reason: (o.error ?? '').slice(0, 300), migratedFrom: o.id } });
  if (o.opened_at) out.push({ ...base, kind: 'notification_opened', at: o.opened_at, detail: { via: o.channel === 'portal' ? 'finding_page' : 'pixel', migratedFrom: o.id } });
  return out;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<Old>`
    SELECT fd.*, f.business_id, f.agency_id,
           CASE WHEN fd.purpose = 'decision'
                THEN (SELECT d.decided_by FROM finding_decisions d WHERE d.finding_id = f.id AND d.kind IN ('accept', 'uphold') LIMIT 1)
                ELSE f.confirmed_by END AS created_by
    FROM finding_deliveries fd JOIN findings f ON f.id = fd.finding_id
    ORDER BY fd.finding_id, fd.purpose, fd.created_at, array_position(ARRAY['portal', 'email', 'sms'], fd.channel), fd.id`.execute(db);
  const groups = new Map<string, Old[]>();
  for (const r of rows) groups.set(`${r.finding_id}:${r.purpose}`, [...(groups.get(`${r.finding_id}:${r.purpose}`) ?? []), r]);

  for (const olds of groups.values()) {
    const first = olds[0];
    const contentSha256 = sha256hex(json({ findingId: first.finding_id, purpose: first.purpose, source: 'finding_deliveries', rows: olds.map((o) => o.id).sort() }));
    const createdAt = new Date(Math.min(...olds.map((o) => o.created_at.getTime())));
    const { rows: [d] } = await sql<{ id: string }>`
      INSERT INTO deliveries (business_id, agency_id, case_id, subject_kind, finding_id, content_sha256, purpose, created_by, created_at, updated_at)
      VALUES (${first.business_id}, ${first.agency_id}, NULL, 'finding_notice', ${first.finding_id}, ${contentSha256}, ${`finding.${first.purpose}`}, ${first.created_by}, ${createdAt}, ${createdAt})
      RETURNING id`.execute(db);

    const events: Ev[] = [];
    const channels: { id: string; channel: string; address: string; status: string }[] = [];
    for (const o of olds) {
      const { rows: [ch] } = await sql<{ id: string; channel: string; address: string; status: string }>`
        INSERT INTO delivery_channels (delivery_id, channel, address, service_address_id, status, attempts, outbox_id, open_token, created_at, updated_at)
        VALUES (${d.id}, ${o.channel}, ${o.address}, ${o.service_address_id}, ${channelStatus(o)}, ${o.attempts}, ${o.outbox_id}, ${o.open_token}, ${o.created_at}, ${o.updated_at})
        RETURNING *`.execute(db);
      await ledger(db, 'delivery_channel.migrated', 'delivery_channel', ch, { findingDeliveryId: o.id, deliveryId: d.id });
      channels.push(ch);
      for (const e of eventsOf(o, ch.id)) events.push({ ...e, order: events.length });
    }

    // Settled (nothing queued): the earliest arrival is the portal message's (the old e-mails kept no queue id).
    const settled = !channels.some((c) => c.status === 'queued');
    const arrival = events.filter((e) => e.kind === 'delivered_to_portal').sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
    if (settled && arrival) {
      const portal = channels.find((c) => c.id === arrival.channelId)!;
      events.push({ kind: 'service_completed', channelId: portal.id, channel: 'portal', at: events[events.length - 1].at, detail: { servedAt: arrival.at.toISOString(), channel: 'portal', address: portal.address, ...NOTICE_RULE }, order: events.length });
    }

    let prev: { seq: number; hash: string } | null = null;
    for (const e of events) {
      const seq: number = (prev?.seq ?? 0) + 1;
      const prevHash: string | null = prev?.hash ?? null;
      const hash = sha256hex(json({ v: 1, deliveryId: d.id, seq, kind: e.kind, channel: e.channel, at: e.at, documentSha256: contentSha256, detail: e.detail, prevHash }));
      const { rows: [row] } = await sql<{ id: string }>`
        INSERT INTO delivery_events (delivery_id, channel_id, seq, kind, channel, at, content_sha256, detail, prev_hash, hash, actor_type, actor_id)
        VALUES (${d.id}, ${e.channelId}, ${seq}, ${e.kind}, ${e.channel}, ${e.at}, ${contentSha256}, ${JSON.stringify(canonical(e.detail))}::jsonb, ${prevHash}, ${hash}, 'system', 'migration')
        RETURNING *`.execute(db);
      await ledger(db, `delivery_event.${e.kind}`, 'delivery_event', row, { deliveryId: d.id, seq, hash });
      prev = { seq, hash };
    }

    const final =
      settled && arrival
        ? sql`UPDATE deliveries SET status = 'served', served_at = ${arrival.at}, served_channel_id = ${arrival.channelId}, service_rule = ${NOTICE_RULE.rule}, service_basis = ${NOTICE_RULE.basis} WHERE id = ${d.id} RETURNING *`
        : settled
          ? sql`UPDATE deliveries SET status = 'not_served' WHERE id = ${d.id} RETURNING *`
          : sql`SELECT * FROM deliveries WHERE id = ${d.id}`;
    const { rows: [delivery] } = await final.execute(db) as { rows: { id: string }[] };
    await ledger(db, 'delivery.migrated', 'delivery', delivery, { findingId: first.finding_id, purpose: first.purpose, findingDeliveryIds: olds.map((o) => o.id) });
  }

  await sql`
    CREATE FUNCTION finding_deliveries_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'finding_deliveries is read-only: finding notices are deliveries (migration 20261207T060000)' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER finding_deliveries_read_only BEFORE INSERT OR UPDATE ON finding_deliveries FOR EACH ROW EXECUTE FUNCTION finding_deliveries_read_only();
    CREATE INDEX deliveries_finding_idx ON deliveries (finding_id) WHERE finding_id IS NOT NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('delivery evidence is never rolled back');
}

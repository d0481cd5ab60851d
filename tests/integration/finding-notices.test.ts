import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveCode, refusal } from '../../api/consent/one-time-code.store.js';
import { createDeliveryCompletion } from '../../api/delivery/delivery-completion.js';
import { resumeQueuedChannels } from '../../api/delivery/delivery-resume.js';
import { createDeliverySender } from '../../api/delivery/delivery-sender.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { deliveryDeadWorker, deliverySendWorker } from '../../api/jobs/delivery.worker.js';
import { addressCodeKey, issueAddressCode, markAddressVerified } from '../../api/registry/service-address-proof.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { verifyChain, type ChainedEvent, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createSmtpTransport } from '../../core/notify/mailer.js';
import { createNotifier } from '../../core/notify/notifier.js';
import { outboxSmsAdapter } from '../../core/notify/sms-outbox.adapter.js';
import { startQueue, type Queue } from '../../core/queue.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { deliveryEvents, noticeChannels } from '../support/finding-notices.js';
import { insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { startRecipientSmtp, type SmtpCapture } from '../support/smtp-capture.js';
import { waitFor } from '../support/wait.js';
import { ownerHandlers } from '../support/queue-handlers.js';

// Issue 14 item 2, last sentence: a finding's notices go through the delivery module like a case
// document — confirming a flag enqueues one 'delivery.send' job per e-mail/SMS channel in the
// confirming transaction; the job sends the finding's own texts over real SMTP (to a loopback
// server that answers as a recipient's MX: 250 with a queue id, 550 for one address, 451 for
// another) and records the reply as chained evidence; a 550 is rejected and never retried; a 4xx
// is retried by the queue and dead-lettered; the notice's arrival is recorded (the portal, at
// once) and no case is touched; the officer's decision is told the same way.
const REJECT = 'reject@example.cn';
const BUSY = 'busy@example.cn';
const log = createLogger('silent');
let t: TestDatabase;
let api: TestApi;
let dir: string;
let blobs: BlobStore;
let queue: Queue;
let smtp: SmtpCapture;
let officer: Session;
let biz: Session;
let sender: ReturnType<typeof createDeliverySender>;

/** A verified e-mail service address of the business, proven by its code like the demo's. */
async function verifiedEmail(businessId: string, address: string) {
  await t.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('service_addresses').values({ business_id: businessId, method: 'email', address, agreed_at: new Date(), status: 'pending_verification' }).returningAll().executeTakeFirstOrThrow();
    const by = { actor: { type: 'user' as const, id: officer.user.id }, userId: officer.user.id };
    const { codeId, code } = await issueAddressCode(trx, row, by);
    const live = await liveCode(trx, addressCodeKey(row.id));
    if (live?.id !== codeId || refusal(live, code)) throw new Error('code did not verify');
    await markAddressVerified(trx, row, codeId, { ...by, userId: null });
  });
}

/** The officer confirms a new flag of the hospital through the review API (open, then confirm): the finding opens. */
async function confirmedFinding(): Promise<{ findingId: string; flagId: string }> {
  const dev = await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
  const [flag] = await insertFlags(t.db, dev.id, [{}]);
  const opened = await officer.post(`/api/flags/${flag.id}/open`, {});
  expect(opened.status, await opened.clone().text()).toBe(200);
  const { reviewVersion } = (await opened.json()) as { reviewVersion: number };
  const res = await officer.post(`/api/flags/${flag.id}/confirm`, { expectedVersion: reviewVersion });
  expect(res.status, await res.clone().text()).toBe(200);
  const f = await t.db.selectFrom('findings').select('id').where('flag_id', '=', flag.id).executeTakeFirstOrThrow();
  return { findingId: f.id, flagId: flag.id };
}

const chained = (rows: Awaited<ReturnType<typeof deliveryEvents>>): ChainedEvent[] =>
  rows.map((e) => ({ deliveryId: e.delivery_id, seq: e.seq, kind: e.kind as DeliveryEventKind, channel: e.channel as DeliveryChannel | null, at: new Date(e.at), documentSha256: e.content_sha256, detail: e.detail, prevHash: e.prev_hash, hash: e.hash }));

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-finding-notices-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  smtp = await startRecipientSmtp({ reject: [REJECT], busy: [BUSY], queueId: (n) => `F${n}B9C1` });
  const notifier = createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}?tls=off`), from: 'Vigil <no-reply@vigil.local>' }, sms: outboxSmsAdapter, log });
  sender = createDeliverySender({ db: t.db, notifier, blobs, publicBaseUrl: 'http://127.0.0.1:3000', log, completion: createDeliveryCompletion({ documents: null }) });
  queue = await startQueue({
    url: t.appUrl,
    owner: 'api',
    handlers: ownerHandlers('api', { 'delivery.send': deliverySendWorker(sender), 'delivery.dead': deliveryDeadWorker(sender) }),
    log,
  });
  api = await createTestApi(t, { blobs, notifier, enqueueDelivery: (trx, channelId, correlationId) => queue.sendInTransaction(trx as never, 'delivery.send', { channelId, correlationId }) });
  officer = await api.login('officer.wc');
  biz = await api.login('biz.hosp');
}, 120_000);
afterAll(async () => {
  await queue?.stop();
  await smtp?.stop();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('finding notices on the delivery module (issue 14 item 2)', () => {
  it("confirming a flag enqueues the notice's e-mail in the same transaction; the job relays it with the server's queue id as a chained event; its arrival is recorded and no case is touched", async () => {
    const { findingId } = await confirmedFinding();
    const [portal, email] = await noticeChannels(t.db, findingId);
    expect([portal.channel, email.channel]).toEqual(['portal', 'email']);
    // One job per e-mail/SMS channel, enqueued with the rows (pg-boss's table, in the same commit).
    const jobs = await sql<{ n: string }>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'delivery.send' AND data->>'channelId' = ${email.id}`.execute(t.db);
    expect(Number(jobs.rows[0].n)).toBe(1);

    const relayed = await waitFor('the notice e-mail relayed', async () => {
      const c = (await noticeChannels(t.db, findingId)).find((x) => x.id === email.id)!;
      return c.status === 'relayed' && c.delivery_status === 'served' ? c : null;
    });
    const mail = smtp.received.find((m) => m.text?.includes(`/portal/findings/${findingId}`))!;
    expect(mail.subject).toContain('请于');
    expect(mail.html).toContain(`/api/deliveries/open/${relayed.open_token}.gif`);
    const events = await deliveryEvents(t.db, relayed.delivery_id);
    const relay = events.find((e) => e.kind === 'relay_accepted')!;
    expect(relay.detail).toMatchObject({ address: 'hosp@example.cn', queueId: expect.stringMatching(/^F\d+B9C1$/), response: expect.stringContaining('250') });
    expect(events.map((e) => e.kind)).toEqual(['submission_accepted', 'delivered_to_portal', 'submission_accepted', 'relay_accepted', 'service_completed']);
    expect(verifyChain(chained(events), events[0].content_sha256)).toEqual([]);
    // The notice's hash is that of its canonical text, which its first event keeps.
    const { createHash } = await import('node:crypto');
    const text = String((events[0].detail as { notice: string }).notice);
    expect(text).toContain('摄像头被遮挡');
    expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(events[0].content_sha256);

    const d = await t.db.selectFrom('deliveries').selectAll().where('id', '=', relayed.delivery_id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ subject_kind: 'finding_notice', finding_id: findingId, purpose: 'finding.notice', case_id: null, certificate_id: null, served_channel_id: portal.id });
    expect(d.service_rule).toContain('不属于法律意义上的送达');
    expect(events.at(-1)).toMatchObject({ kind: 'service_completed', channel: 'portal' });
    // Completed as a notice: ledgered as its arrival, never as service.
    const actions = (await t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', d.id).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['delivery.created', 'delivery.notice_arrived']);

    // The business sees it on its finding page: sent, reached its mail server (the queue id), opened by the pixel.
    expect((await api.app.request(`/api/deliveries/open/${relayed.open_token}.gif`)).status).toBe(200);
    const page = (await (await biz.get(`/api/portal/findings/${findingId}`)).json()) as { deliveries: { channel: string; status: string; queueId: string | null; deliveredAt: string | null; openedAt: string | null; chainOk: boolean }[] };
    expect(page.deliveries.find((x) => x.channel === 'email')).toMatchObject({ status: 'sent', queueId: expect.stringMatching(/^F\d+B9C1$/), deliveredAt: expect.any(String), openedAt: expect.any(String), chainOk: true });
  });

  it('a channel left queued without a job (opened outside the API, or moved by the migration) gets its job at start-up, once', async () => {
    const dev = await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
    const [flag] = await insertFlags(t.db, dev.id, [{}]);
    const { findingId } = await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
    const email = (await noticeChannels(t.db, findingId)).find((c) => c.channel === 'email')!;
    expect(email.status).toBe('queued');
    expect(await resumeQueuedChannels(t.db, queue, log)).toBeGreaterThanOrEqual(1);
    // Its job is pending or done now: a second start adds none for it.
    const jobs = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'delivery.send' AND data->>'channelId' = ${email.id}`.execute(t.db)).rows[0].n);
    expect(await jobs()).toBe(1);
    await resumeQueuedChannels(t.db, queue, log);
    expect(await jobs()).toBe(1);
    await waitFor('the resumed e-mail relayed', async () => (await noticeChannels(t.db, findingId)).find((c) => c.id === email.id && c.status === 'relayed'));
  });

  it("the officer's decision on a dispute is a second notice through the same jobs", async () => {
    const { findingId } = await confirmedFinding();
    expect((await biz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'dispute', statement: '当时设备检修,已报备。', expectedVersion: 1 })).status).toBe(200);
    const reply = '经核实,检修报备晚于发现时间,维持原认定。';
    expect((await officer.post(`/api/findings/${findingId}/uphold`, { reason: reply, expectedVersion: 2 })).status).toBe(200);
    const mail = await waitFor('the decision e-mail', async () => smtp.received.find((m) => m.subject?.includes('异议复核结果') && m.text?.includes(`/portal/findings/${findingId}`)));
    expect(mail.text).toContain(reply);
    const decision = (await noticeChannels(t.db, findingId)).filter((c) => c.purpose === 'finding.decision');
    expect(decision.map((c) => c.channel).slice(0, 2)).toEqual(['portal', 'email']);
    const events = await deliveryEvents(t.db, decision[0].delivery_id);
    expect(String((events[0].detail as { notice: string }).notice)).toContain(reply);
  });

  it('a 550 is recorded as rejected and never retried; a 4xx is retried by the queue, then its dead letter marks it failed; the notice completes by the portal; every row matches its ledger', async () => {
    await verifiedEmail(biz.user.businessId!, REJECT);
    await verifiedEmail(biz.user.businessId!, BUSY);
    const { findingId } = await confirmedFinding();
    const channels = await noticeChannels(t.db, findingId);
    expect(channels.map((c) => c.address).slice(1).sort()).toEqual([BUSY, REJECT, 'hosp@example.cn'].sort());
    const rejected = channels.find((c) => c.address === REJECT)!;
    const busy = channels.find((c) => c.address === BUSY)!;

    const settled = await waitFor('the 550 refused and the 451 tried once', async () => {
      const now = await noticeChannels(t.db, findingId);
      const r = now.find((c) => c.id === rejected.id)!;
      const b = now.find((c) => c.id === busy.id)!;
      const others = now.filter((c) => c.id !== busy.id && c.channel !== 'portal');
      return r.status === 'rejected' && b.attempts >= 1 && others.every((c) => c.status !== 'queued') ? { r, b } : null;
    });
    expect(settled.r.attempts).toBe(1);
    expect(settled.b.status).toBe('queued');
    const events = await deliveryEvents(t.db, rejected.delivery_id);
    expect(events.find((e) => e.kind === 'relay_rejected' && e.channel_id === rejected.id)!.detail).toMatchObject({ responseCode: 550, final: true });
    expect(events.find((e) => e.kind === 'relay_failed' && e.channel_id === busy.id)!.detail).toMatchObject({ responseCode: 451, final: false });
    // The 550's job is done (never retried); the 451's waits in the queue for its retry.
    const jobs = await sql<{ channel: string; state: string }>`SELECT data->>'channelId' AS channel, state FROM pgboss.job WHERE name = 'delivery.send' AND data->>'channelId' IN (${rejected.id}, ${busy.id})`.execute(t.db);
    expect(jobs.rows.find((j) => j.channel === rejected.id)!.state).toBe('completed');
    expect(['retry', 'created', 'active']).toContain(jobs.rows.find((j) => j.channel === busy.id)!.state);
    const q = await sql<{ retry_limit: number; dead_letter: string }>`SELECT retry_limit, dead_letter FROM pgboss.queue WHERE name = 'delivery.send'`.execute(t.db);
    expect(q.rows[0]).toMatchObject({ retry_limit: 5, dead_letter: 'delivery.dead' });
    expect((await deliveryEvents(t.db, rejected.delivery_id)).some((e) => e.kind === 'service_completed')).toBe(false); // still pending on the 451

    // What pg-boss does after the last retry: the job lands in 'delivery.dead'.
    await deliveryDeadWorker(sender)({ channelId: busy.id });
    const done = await noticeChannels(t.db, findingId);
    expect(done.find((c) => c.id === busy.id)!.status).toBe('failed');
    expect(done[0].delivery_status).toBe('served');
    const all = await deliveryEvents(t.db, rejected.delivery_id);
    expect(all.filter((e) => e.channel_id === rejected.id).map((e) => e.kind)).toEqual(['submission_accepted', 'relay_rejected']);
    expect(all.filter((e) => e.kind === 'relay_failed' && e.channel_id === busy.id).at(-1)!.detail).toMatchObject({ final: true });
    expect(all.at(-1)).toMatchObject({ kind: 'service_completed', channel: 'portal' });
    expect(verifyChain(chained(all), all[0].content_sha256)).toEqual([]);
    const page = (await (await biz.get(`/api/portal/findings/${findingId}`)).json()) as { deliveries: { address: string; status: string; error: string | null }[] };
    expect(page.deliveries.find((x) => x.address === REJECT)).toMatchObject({ status: 'rejected', error: expect.stringContaining('550') });
    expect(page.deliveries.find((x) => x.address === BUSY)).toMatchObject({ status: 'failed' });
    // Every delivery row, channel and event matches its latest ledger entry.
    const { problems } = await checkEntities(t.db);
    expect(problems).toEqual([]);
  });
});

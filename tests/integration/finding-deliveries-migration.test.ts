import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeQueuedChannels } from '../../api/delivery/delivery-resume.js';
import { recordPixelOpen } from '../../api/delivery/portal-events.js';
import { noticeChannels } from '../../api/findings/finding-notice-view.js';
import { createFindingRepository } from '../../api/findings/finding.repository.js';
import { seedDemo } from '../../api/demo/demo.seed.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { verifyChain, type ChainedEvent, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { createLogger } from '../../core/log.js';
import { insertFlags } from '../support/review-flags.js';
import { createDatabaseMigratedTo, type MigratingDatabase } from '../support/migrate-to.js';

// Issue 14 item 2, last sentence: an installation from before finding notices were deliveries. Its
// finding_deliveries rows (portal and e-mail sent and opened, an SMS only captured, an e-mail that
// failed for good, one still queued after a 4xx; a first notice and a decision notice) move into
// the delivery tables with their original times, chained and ledgered; the old table is then
// read-only; every row matches its ledger and the whole ledger verifies (what `npm run verify`
// checks); the queued e-mail gets its job at start-up and its old open pixel still works.
const BEFORE = '20261207T050000-create-case-party-files';
let m: MigratingDatabase;
let db: Db;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-fd-migration-'));
  m = await createDatabaseMigratedTo(BEFORE);
  db = m.db;
});
afterAll(async () => {
  await m?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const at = (base: number, minutes: number) => new Date(base + minutes * 60_000);
const chained = (rows: { delivery_id: string; seq: number; kind: string; channel: string | null; at: Date; content_sha256: string; detail: unknown; prev_hash: string | null; hash: string }[]): ChainedEvent[] =>
  rows.map((e) => ({ deliveryId: e.delivery_id, seq: e.seq, kind: e.kind as DeliveryEventKind, channel: e.channel as DeliveryChannel | null, at: new Date(e.at), documentSha256: e.content_sha256, detail: e.detail as Record<string, unknown>, prevHash: e.prev_hash, hash: e.hash }));

describe('migration: finding notices move onto the delivery module', () => {
  it('old rows become deliveries, channels and chained events with their times, each ledgered; the old table is read-only; the ledger verifies; queued channels resume', async () => {
    await seedDemo(db);
    const officer = await db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
    const bizUser = await db.selectFrom('users').select(['id', 'business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
    const dev = await db.selectFrom('devices').select(['id', 'site_id']).where('business_id', '=', bizUser.business_id!).orderBy('created_at').executeTakeFirstOrThrow();
    const biz = await db.selectFrom('businesses').select('agency_id').where('id', '=', bizUser.business_id!).executeTakeFirstOrThrow();
    const [flag] = await insertFlags(db, dev.id, [{}]);
    const t0 = Date.now() - 3 * 86400_000;
    const finding = await m.ledgered('findings', 'finding', {
      flag_id: flag.id, business_id: bizUser.business_id, site_id: dev.site_id, device_id: dev.id, agency_id: biz.agency_id,
      confirmed_by: officer.id, confirmed_at: at(t0, 0), respond_by: at(t0, 5 * 1440), status: 'upheld', statement: '已报备', responded_by: bizUser.id, responded_at: at(t0, 60),
    });
    await m.ledgered('finding_decisions', 'finding_decision', { finding_id: finding.id, kind: 'uphold', reason: '维持原认定。', from_status: 'disputed', decided_by: officer.id, decided_at: at(t0, 120) });
    const token = () => randomBytes(24).toString('base64url');
    const portal = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, purpose: 'notice', channel: 'portal', address: `business:${bizUser.business_id}`, status: 'sent', sent_at: at(t0, 0), delivered_at: at(t0, 0), opened_at: at(t0, 30), created_at: at(t0, 0), updated_at: at(t0, 30) });
    const email = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, purpose: 'notice', channel: 'email', address: 'hosp@example.cn', status: 'sent', attempts: 1, sent_at: at(t0, 1), opened_at: at(t0, 20), open_token: token(), created_at: at(t0, 0), updated_at: at(t0, 20) });
    const sms = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, purpose: 'notice', channel: 'sms', address: '13800138000', status: 'captured', attempts: 1, sent_at: at(t0, 1), created_at: at(t0, 0), updated_at: at(t0, 1) });
    const dPortal = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, purpose: 'decision', channel: 'portal', address: `business:${bizUser.business_id}`, status: 'sent', sent_at: at(t0, 120), delivered_at: at(t0, 120), created_at: at(t0, 120), updated_at: at(t0, 120) });
    const dFailed = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, purpose: 'decision', channel: 'email', address: 'gone@example.cn', status: 'failed', attempts: 5, error: '550 5.1.1 User unknown', open_token: token(), created_at: at(t0, 120), updated_at: at(t0, 130) });
    const dQueued = await m.ledgered('finding_deliveries', 'finding_delivery', { finding_id: finding.id, purpose: 'decision', channel: 'email', address: 'hosp@example.cn', status: 'queued', attempts: 2, error: '451 4.7.1 try again later', open_token: token(), created_at: at(t0, 120), updated_at: at(t0, 125) });

    await m.migrateRest();

    // One delivery per notice, subject finding_notice, the finding and the purpose recorded.
    const deliveries = await db.selectFrom('deliveries').selectAll().where('finding_id', '=', finding.id).orderBy('created_at').execute();
    expect(deliveries.map((d) => [d.subject_kind, d.purpose, d.status, d.case_id])).toEqual([
      ['finding_notice', 'finding.notice', 'served', null],
      ['finding_notice', 'finding.decision', 'serving', null],
    ]);
    const [notice, decision] = deliveries;
    expect(notice.served_at).toEqual(at(t0, 0)); // the portal message's arrival
    expect(notice.service_rule).toContain('不属于法律意义上的送达');
    expect(notice.created_by).toBe(officer.id);
    expect(notice.certificate_id).toBeNull();

    // One channel per old row, each with its ledger entry naming the old row.
    const channels = await db.selectFrom('delivery_channels').selectAll().where('delivery_id', 'in', [notice.id, decision.id]).execute();
    const moved = await db.selectFrom('ledger_entries').select(['entity_id', 'context']).where('action', '=', 'delivery_channel.migrated').execute();
    const byOld = new Map(moved.map((m) => [(m.context as { findingDeliveryId: string }).findingDeliveryId, channels.find((c) => c.id === m.entity_id)!]));
    expect([...byOld.keys()].sort()).toEqual([portal, email, sms, dPortal, dFailed, dQueued].map((r) => r.id).sort());
    expect(byOld.get(email.id)).toMatchObject({ channel: 'email', status: 'relayed', open_token: email.open_token, attempts: 1 });
    expect(byOld.get(sms.id)).toMatchObject({ channel: 'sms', status: 'notified' });
    expect(byOld.get(dFailed.id)).toMatchObject({ status: 'failed', attempts: 5 });
    expect(byOld.get(dQueued.id)).toMatchObject({ status: 'queued', attempts: 2 });
    const deliveryEntries = await db.selectFrom('ledger_entries').select(['entity_id', 'context']).where('action', '=', 'delivery.migrated').execute();
    expect(deliveryEntries.map((e) => e.entity_id).sort()).toEqual([notice.id, decision.id].sort());

    // The evidence, rebuilt with the original times, in order and chained.
    const events = await db.selectFrom('delivery_events').selectAll().where('delivery_id', '=', notice.id).orderBy('seq').execute();
    expect(verifyChain(chained(events), notice.content_sha256)).toEqual([]);
    expect(events.map((e) => [e.kind, e.channel, new Date(e.at).toISOString()])).toEqual([
      ['submission_accepted', 'portal', at(t0, 0).toISOString()],
      ['delivered_to_portal', 'portal', at(t0, 0).toISOString()],
      ['submission_accepted', 'email', at(t0, 0).toISOString()],
      ['submission_accepted', 'sms', at(t0, 0).toISOString()],
      ['relay_accepted', 'email', at(t0, 1).toISOString()],
      ['notification_sent', 'sms', at(t0, 1).toISOString()],
      ['notification_opened', 'email', at(t0, 20).toISOString()],
      ['notification_opened', 'portal', at(t0, 30).toISOString()],
      ['service_completed', 'portal', at(t0, 30).toISOString()],
    ]);
    const eventEntries = await db.selectFrom('ledger_entries').select('entity_id').where('entity_type', '=', 'delivery_event').where('actor_id', '=', 'migration').execute();
    const allEvents = await db.selectFrom('delivery_events').select(['id', 'delivery_id', 'seq', 'kind', 'channel', 'at', 'content_sha256', 'detail', 'prev_hash', 'hash']).where('delivery_id', 'in', [notice.id, decision.id]).orderBy('delivery_id').orderBy('seq').execute();
    expect(eventEntries.map((e) => e.entity_id).sort()).toEqual(allEvents.map((e) => e.id).sort());
    const decisionEvents = allEvents.filter((e) => e.delivery_id === decision.id);
    expect(verifyChain(chained(decisionEvents), decision.content_sha256)).toEqual([]);
    expect(decisionEvents.filter((e) => e.kind === 'relay_failed').map((e) => e.detail)).toEqual(
      expect.arrayContaining([expect.objectContaining({ final: true, reason: '550 5.1.1 User unknown' }), expect.objectContaining({ final: false, reason: '451 4.7.1 try again later' })]),
    );

    // What the finding page shows, from the delivery tables.
    const shown = noticeChannels(await createFindingRepository(db).notices(finding.id), finding.responded_at as Date);
    expect(shown.find((c) => c.id === byOld.get(portal.id)!.id)).toMatchObject({ purpose: 'notice', status: 'sent', openedAt: at(t0, 30).toISOString(), answeredAt: at(t0, 60).toISOString(), chainOk: true });
    expect(shown.find((c) => c.id === byOld.get(sms.id)!.id)).toMatchObject({ status: 'captured', sentAt: at(t0, 1).toISOString() });
    expect(shown.find((c) => c.id === byOld.get(dFailed.id)!.id)).toMatchObject({ purpose: 'decision', status: 'failed', error: '550 5.1.1 User unknown' });

    // The old table is kept, read-only: its ledger entries keep their rows.
    await expect(db.updateTable('finding_deliveries').set({ status: 'failed' }).where('id', '=', dQueued.id).execute()).rejects.toThrow(/read-only/);
    await expect(db.insertInto('finding_deliveries').values({ finding_id: finding.id, channel: 'sms', address: '13900139000' }).execute()).rejects.toThrow(/read-only/);

    // Every row matches its latest ledger entry; sealed, the whole ledger verifies (npm run verify's platform check).
    const { problems } = await checkEntities(db);
    expect(problems, JSON.stringify(problems)).toEqual([]);
    const signer = loadOrCreateSigner(path.join(dir, 'keys'));
    const sealer = createSealer({ db, log: createLogger('silent'), signer, intervalMs: 20, checkpointIntervalMs: 60_000, checkpointEveryEntries: 100_000 });
    await sealer.sealOnce();
    await sealer.checkpointNow();
    await sealer.stop();
    const v = await verifyLedger({ db, publicKeyPem: signer.publicKeyPem, blobStore: createFsBlobStore(path.join(dir, 'blobs')) });
    expect(v.problems, JSON.stringify(v.problems.slice(0, 5))).toEqual([]);

    // At start-up the still-queued e-mail gets its 'delivery.send' job (none for what a job already holds).
    const sent: unknown[] = [];
    const queue = { pending: async () => new Set<string>(), send: async (_n: string, p: unknown) => (sent.push(p), 'job') };
    expect(await resumeQueuedChannels(db, queue as never, createLogger('silent'))).toBe(1);
    expect(sent).toEqual([{ channelId: byOld.get(dQueued.id)!.id }]);
    const held = { pending: async (n: string) => new Set(n === 'delivery.send' ? [byOld.get(dQueued.id)!.id] : []), send: queue.send };
    expect(await resumeQueuedChannels(db, held as never, createLogger('silent'))).toBe(0);

    // An e-mail sent before the move: its pixel opens the moved channel, once.
    expect(await recordPixelOpen(db, dQueued.open_token as string, '203.0.113.9')).toBe(true);
    expect(await recordPixelOpen(db, dQueued.open_token as string, '203.0.113.9')).toBe(false);
    expect(await recordPixelOpen(db, email.open_token as string, '203.0.113.9')).toBe(false); // opened before the move
    const after = await db.selectFrom('delivery_events').select(['kind', 'seq', 'at', 'delivery_id', 'channel', 'content_sha256', 'detail', 'prev_hash', 'hash']).where('delivery_id', '=', decision.id).orderBy('seq').execute();
    expect(verifyChain(chained(after), decision.content_sha256)).toEqual([]);
  });
});

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { createDeliveryCompletion } from '../../api/delivery/delivery-completion.js';
import { createDeliverySender } from '../../api/delivery/delivery-sender.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createSmtpTransport } from '../../core/notify/mailer.js';
import { createNotifier } from '../../core/notify/notifier.js';
import { outboxSmsAdapter } from '../../core/notify/sms-outbox.adapter.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { noticeChannels, sendQueuedNotices } from '../support/finding-notices.js';
import { insertFlags } from '../support/review-flags.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 12 item 4: a dispute is no dead end. The officer accepts it (the finding is withdrawn and
// the business told), upholds the finding with a reply the business reads, or refers it for case
// filing; each action has its own permission, needs a reason, is ledgered in its transaction,
// announced live and shown in the trail of both sides; a closed finding takes no second action.
const log = createLogger('silent');
let t: TestDatabase;
let api: TestApi;
let smtp: SmtpCapture;
let received: ParsedMail[];
let biz: Session;
let officer: Session;
let officerJd: Session;
let legal: Session;
let manager: Session;
const blobs = createFsBlobStore(mkdtempSync(path.join(os.tmpdir(), 'vigil-decisions-blobs-')));

const notifier = () => createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`), from: 'Vigil <no-reply@vigil.local>' }, sms: outboxSmsAdapter, log });
const sender = () => createDeliverySender({ db: t.db, notifier: notifier(), blobs, publicBaseUrl: 'http://127.0.0.1:3000', log, completion: createDeliveryCompletion({ documents: null }) });
const decisionNotices = async (findingId: string) => (await noticeChannels(t.db, findingId)).filter((c) => c.purpose === 'finding.decision');

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpCapture();
  received = smtp.received;
  api = await createTestApi(t, { blobs, notifier: notifier() });
  biz = await api.login('biz.hosp');
  officer = await api.login('officer.wc');
  officerJd = await api.login('officer.jd');
  legal = await api.login('legal.jh');
  manager = await api.login('manager.jh');
});
afterAll(async () => {
  await smtp.stop();
  await t.destroy();
});

type Detail = {
  id: string;
  status: string;
  version: number;
  reviewBy: string | null;
  decision: { kind: string; reply: string; decidedBy: string | null } | null;
  referral: { referredAt: string; referredBy: string | null; reason: string | null } | null;
  steps: { kind: string; by: string; name: string | null; note: string | null }[];
  decisionsAllowed: string[];
  deliveries: { purpose: string; channel: string; sentAt: string | null }[];
};

/** A finding on the hospital's camera, notified and, unless told otherwise, disputed by the business. */
async function finding(opts: { dispute?: boolean } = {}) {
  const dev = await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
  const [flag] = await insertFlags(t.db, dev.id, [{}]);
  const { findingId } = await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  if (opts.dispute !== false) {
    const res = await biz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'dispute', statement: '当时设备检修,已向执法机构报备。', expectedVersion: 1 });
    expect(res.status).toBe(200);
  }
  return { findingId, flagId: flag.id };
}

const staffView = async (s: Session, flagId: string) => (await (await s.get(`/api/flags/${flagId}/finding`)).json()) as Detail;
const portalView = async (id: string) => (await (await biz.get(`/api/portal/findings/${id}`)).json()) as Detail;
const ledgerOf = (entityId: string) => t.db.selectFrom('ledger_entries').select(['action', 'txid', 'actor_id', 'context']).where('entity_id', '=', entityId).orderBy('id').execute();

describe('the officer acts on a disputed finding', () => {
  it('the wrong role is refused each action (403, ledgered as a denial), and another district may not touch it', async () => {
    const { findingId, flagId } = await finding();
    for (const [who, s] of [
      ['legal reviewer', legal],
      ['business', biz],
    ] as const) {
      for (const p of ['accept-dispute', 'uphold', 'refer']) {
        const res = await s.post(`/api/findings/${findingId}/${p}`, { reason: '理由', expectedVersion: 2 });
        expect(res.status, `${who} ${p}`).toBe(403);
      }
    }
    const denials = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'access.denied').where('actor_id', 'in', [legal.user.id, biz.user.id]).execute();
    expect(denials.length).toBe(6);
    // Jindong's officer holds the permission, but the finding is Wucheng's.
    expect((await officerJd.post(`/api/findings/${findingId}/uphold`, { reason: '维持', expectedVersion: 2 })).status).toBe(403);
    const row = await t.db.selectFrom('findings').select(['status', 'version']).where('id', '=', findingId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disputed', version: 2 });
    // What each may do is in the view: the officer all three; the legal reviewer reads only.
    expect((await staffView(officer, flagId)).decisionsAllowed).toEqual(['accept', 'uphold', 'refer']);
    expect((await staffView(legal, flagId)).decisionsAllowed).toEqual([]);
    expect((await portalView(findingId)).decisionsAllowed).toEqual([]);
  });

  it('a reason is required, and an answer at a stale version is refused', async () => {
    const { findingId } = await finding();
    const blank = await officer.post(`/api/findings/${findingId}/uphold`, { reason: '   ', expectedVersion: 2 });
    expect(blank.status).toBe(400);
    const body = (await blank.json()) as { issues: { path: string[]; message: string }[] };
    expect(body.issues[0].path).toEqual(['reason']);
    expect(body.issues[0].message).toBe('请填写理由');
    expect((await officer.post(`/api/findings/${findingId}/uphold`, { reason: '维持', expectedVersion: 1 })).status).toBe(409);
    expect((await t.db.selectFrom('findings').select('status').where('id', '=', findingId).executeTakeFirstOrThrow()).status).toBe('disputed');
  });

  it('uphold: the business reads the reply in the portal, in its trail and by e-mail; ledgered in one transaction; announced live', async () => {
    const { findingId, flagId } = await finding();
    const events: string[] = [];
    const off = api.events.on('finding:changed', (p) => events.push(`${p.id}:${p.status}`));
    const reply = '经调取设备运行记录,检修报备时间为次日,与发现时间不符,维持原认定。';
    const res = await officer.post(`/api/findings/${findingId}/uphold`, { reason: reply, expectedVersion: 2 });
    off();
    expect(res.status).toBe(200);
    const d = (await res.json()) as Detail;
    expect(d).toMatchObject({ status: 'upheld', version: 3, decision: { kind: 'uphold', reply, decidedBy: '张伟(婺城执法)' }, decisionsAllowed: ['refer'] });
    expect(events).toEqual([`${findingId}:upheld`]);

    // The decision row, the finding's entry and the decision notices commit together.
    const decision = await t.db.selectFrom('finding_decisions').selectAll().where('finding_id', '=', findingId).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ kind: 'uphold', reason: reply, from_status: 'disputed', decided_by: officer.user.id });
    const findingEntries = await ledgerOf(findingId);
    const upheld = findingEntries.find((e) => e.action === 'finding.upheld')!;
    expect(upheld.actor_id).toBe(officer.user.id);
    const decisionEntry = (await ledgerOf(decision.id))[0];
    expect(decisionEntry.action).toBe('finding_decision.uphold');
    expect(decisionEntry.txid).toBe(upheld.txid);
    const notices = await decisionNotices(findingId);
    expect(notices.map((n) => n.channel).sort()).toEqual(['email', 'portal']);
    for (const n of notices) expect((await ledgerOf(n.id))[0].txid).toBe(upheld.txid);
    expect((await ledgerOf(notices[0].delivery_id))[0]).toMatchObject({ action: 'delivery.created', txid: upheld.txid });

    // By e-mail, over SMTP, with the reply.
    expect(await sendQueuedNotices(t.db, sender(), findingId)).toBe(2); // the first notice (no queue here) and the decision
    const mail = received.find((m) => m.subject?.includes('异议复核结果') && m.text?.includes(`/portal/findings/${findingId}`));
    expect(mail, 'the decision e-mail').toBeTruthy();
    expect(mail!.subject).toContain('维持原认定');
    expect(mail!.text).toContain(reply);

    // In the portal: the reply, the trail step with it, the decision notice in the notice trail.
    const p = await portalView(findingId);
    expect(p.status).toBe('upheld');
    expect(p.decision).toEqual({ kind: 'uphold', reply, decidedAt: expect.any(String), decidedBy: null });
    expect(p.steps.map((s) => s.kind)).toEqual(['opened', 'disputed', 'upheld']);
    expect(p.steps[2]).toMatchObject({ by: 'officer', name: null, note: reply });
    expect(p.deliveries.filter((x) => x.purpose === 'decision').map((x) => x.channel).sort()).toEqual(['email', 'portal']);
    // Opening the portal opened the decision's portal message too.
    const portalMsg = (await decisionNotices(findingId)).find((c) => c.channel === 'portal')!;
    const opened = await t.db.selectFrom('delivery_events').select(['kind', 'detail']).where('channel_id', '=', portalMsg.id).where('kind', '=', 'notification_opened').execute();
    expect(opened).toEqual([{ kind: 'notification_opened', detail: expect.objectContaining({ via: 'finding_page', userId: biz.user.id }) }]);
    // The officer sees the same trail, with names.
    const s = await staffView(officer, flagId);
    expect(s.steps.find((x) => x.kind === 'upheld')).toMatchObject({ by: 'officer', name: '张伟(婺城执法)', note: reply });
    expect(s.steps.find((x) => x.kind === 'disputed')).toMatchObject({ by: 'business' });

    // A dispute is answered once.
    for (const p2 of ['uphold', 'accept-dispute']) {
      const again = await officer.post(`/api/findings/${findingId}/${p2}`, { reason: '再次', expectedVersion: 3 });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { code: string; message: string }).message).toContain('不在待处理异议状态');
    }
  });

  it('refer an upheld finding: state referred with who/when/why for staff; the business sees the step, not the internal reason; closed after', async () => {
    const { findingId, flagId } = await finding();
    expect((await officer.post(`/api/findings/${findingId}/uphold`, { reason: '维持原认定。', expectedVersion: 2 })).status).toBe(200);
    const why = '异议不成立,证据符合立案标准,移送立案审查。';
    const res = await manager.post(`/api/findings/${findingId}/refer`, { reason: why, expectedVersion: 3 });
    expect(res.status).toBe(200);
    const s = await staffView(officer, flagId);
    expect(s).toMatchObject({ status: 'referred', referral: { referredBy: '周强(负责人)', reason: why }, decisionsAllowed: [] });
    const ref = await t.db.selectFrom('finding_decisions').selectAll().where('finding_id', '=', findingId).where('kind', '=', 'refer').executeTakeFirstOrThrow();
    expect(ref).toMatchObject({ from_status: 'upheld', decided_by: manager.user.id, reason: why });
    expect((await ledgerOf(findingId)).map((e) => e.action)).toEqual(['finding.opened', 'finding.disputed', 'finding.upheld', 'finding.referred']);
    // No notice for a referral: the case's documents will be served.
    expect(await decisionNotices(findingId)).toHaveLength(2);

    const p = await portalView(findingId);
    expect(p.status).toBe('referred');
    expect(p.referral).toEqual({ referredAt: expect.any(String), referredBy: null, reason: null });
    expect(p.steps.find((x) => x.kind === 'referred')).toMatchObject({ by: 'officer', note: null });

    // Closed: every further action is refused, and nothing changes.
    for (const p2 of ['accept-dispute', 'uphold', 'refer']) {
      const again = await officer.post(`/api/findings/${findingId}/${p2}`, { reason: '再次处理', expectedVersion: 4 });
      expect(again.status, p2).toBe(409);
      expect(((await again.json()) as { message: string }).message).toContain('已办结');
    }
    expect((await t.db.selectFrom('finding_decisions').select('id').where('finding_id', '=', findingId).execute()).length).toBe(2);
  });

  it('accept: the finding is withdrawn, the business told by portal and e-mail, and a withdrawn finding takes no further action', async () => {
    const { findingId } = await finding();
    const why = '经核实,当日确有设备检修报备,异议成立。';
    const res = await officer.post(`/api/findings/${findingId}/accept-dispute`, { reason: why, expectedVersion: 2 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Detail).status).toBe('withdrawn');
    expect((await ledgerOf(findingId)).map((e) => e.action)).toEqual(['finding.opened', 'finding.disputed', 'finding.withdrawn']);
    expect(await sendQueuedNotices(t.db, sender(), findingId)).toBe(2); // the first notice (no queue here) and the decision
    const mail = received.find((m) => m.subject?.includes('异议成立') && m.text?.includes(`/portal/findings/${findingId}`));
    expect(mail!.text).toContain('该事项已撤销');
    expect(mail!.text).toContain(why);
    const p = await portalView(findingId);
    expect(p).toMatchObject({ status: 'withdrawn', decision: { kind: 'accept', reply: why } });
    expect(p.steps.at(-1)).toMatchObject({ kind: 'withdrawn', note: why });
    for (const p2 of ['refer', 'uphold']) {
      const again = await officer.post(`/api/findings/${findingId}/${p2}`, { reason: '再次处理', expectedVersion: 3 });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { message: string }).message).toContain('已办结');
    }
  });

  it('a finding the business may still answer cannot be referred; one it left unanswered past the deadline can', async () => {
    const { findingId } = await finding({ dispute: false });
    const early = await officer.post(`/api/findings/${findingId}/refer`, { reason: '移送', expectedVersion: 1 });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { message: string }).message).toContain('答复期限内');
    const dev = await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
    const [flag] = await insertFlags(t.db, dev.id, [{}]);
    const day = 86400_000;
    const { findingId: late } = await t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id, confirmedAt: new Date(Date.now() - 8 * day), respondBy: new Date(Date.now() - day) }));
    const { expireDueFindings } = await import('../../api/findings/finding-expiry.js');
    await expireDueFindings(t.db, api.events);
    const res = await officer.post(`/api/findings/${late}/refer`, { reason: '逾期未答复,移送立案审查。', expectedVersion: 2 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Detail).status).toBe('referred');
  });

  it('the worklist: disputes awaiting the officer with their deadline, unanswered findings; scoped to the agency subtree', async () => {
    const { findingId: disputed } = await finding();
    const { findingId: open } = await finding({ dispute: false });
    type List = { items: { id: string; status: string; reviewBy: string | null; respondBy: string; businessName: string }[]; counts: { disputed: number; unanswered: number } };
    const list = async (s: Session, queue: string) => (await (await s.get(`/api/findings/worklist?queue=${queue}`)).json()) as List;
    const d = await list(officer, 'disputed');
    const item = d.items.find((i) => i.id === disputed)!;
    expect(item).toMatchObject({ status: 'disputed', businessName: expect.any(String) });
    // Five working days after the dispute came in, on the holiday calendar.
    expect(new Date(item.reviewBy!).getTime()).toBeGreaterThan(Date.now() + 4 * 86400_000);
    expect(d.items.every((i) => i.status === 'disputed')).toBe(true);
    expect(d.counts.disputed).toBe(d.items.length);
    const u = await list(officer, 'unanswered');
    expect(u.items.map((i) => i.id)).toContain(open);
    expect(u.items.every((i) => i.status === 'notified' || i.status === 'expired')).toBe(true);
    // Ordered by the business's deadline, nearest first.
    const due = u.items.map((i) => Date.parse(i.respondBy));
    expect([...due].sort((a, b) => a - b)).toEqual(due);
    // The city's manager sees Wucheng's; Jindong's officer sees none of them; a business may not list.
    expect((await list(manager, 'disputed')).items.map((i) => i.id)).toContain(disputed);
    const jd = await list(officerJd, 'disputed');
    expect(jd.items.map((i) => i.id)).not.toContain(disputed);
    expect((await list(officerJd, 'unanswered')).items.map((i) => i.id)).not.toContain(open);
    expect((await biz.get('/api/findings/worklist?queue=disputed')).status).toBe(403);
    expect((await officer.get('/api/findings/worklist?queue=closed')).status).toBe(400);
  });

  it('every finding, delivery and decision matches its latest ledger entry; decisions are append-only', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems).toEqual([]);
    await expect(t.db.updateTable('finding_decisions').set({ reason: 'x' }).execute()).rejects.toThrow(/append-only/);
  });
});

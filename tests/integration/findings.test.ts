import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { createDeliveryCompletion } from '../../api/delivery/delivery-completion.js';
import { createDeliverySender } from '../../api/delivery/delivery-sender.js';
import { expireDueFindings } from '../../api/findings/finding-expiry.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createSmtpTransport } from '../../core/notify/mailer.js';
import { createNotifier } from '../../core/notify/notifier.js';
import { outboxSmsAdapter } from '../../core/notify/sms-outbox.adapter.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { deliveryEvents, noticeChannels, sendQueuedNotices } from '../support/finding-notices.js';
import { insertFlags } from '../support/review-flags.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { servedRead } from '../support/record-reads.js';

const log = createLogger('silent');
// A tiny but real JPEG header is enough for a mail attachment; the bytes are compared exactly.
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('vigil-test-snapshot'), Buffer.from([0xff, 0xd9])]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('vigil-test-attachment')]);

let t: TestDatabase;
let api: TestApi;
let smtp: SmtpCapture;
let smtpPort: number;
let received: ParsedMail[];
let biz: Session;
let otherBiz: Session;
let officer: Session;
const blobs = createFsBlobStore(mkdtempSync(path.join(os.tmpdir(), 'vigil-findings-blobs-')));

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpCapture();
  ({ port: smtpPort, received } = smtp);
  api = await createTestApi(t, { blobs, notifier: notifier() });
  biz = await api.login('biz.hosp');
  otherBiz = await api.login('biz.hotel');
  officer = await api.login('officer.wc');
});
afterAll(async () => {
  await smtp.stop();
  await t.destroy();
});

/** A flag on the hospital's first camera with a snapshot, inserted and ledgered as the analyzer does. */
async function hospitalFlag() {
  const dev = await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
  const blob = await blobs.put(JPEG, 'image/jpeg');
  await recordBlob(t.db, { ...blob, mediaType: 'image/jpeg' });
  const [flag] = await insertFlags(t.db, dev.id, [{ snapshot_sha256: blob.sha256 }]);
  return flag;
}

async function confirm(flagId: string, opts: { confirmedAt?: Date; respondBy?: Date } = {}) {
  return t.db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId, confirmedBy: officer.user.id, requestId: 'test-confirm', ...opts }));
}

const notifier = () => createNotifier({ db: t.db, mail: { transport: createSmtpTransport(`smtp://127.0.0.1:${smtpPort}`), from: 'Vigil <no-reply@vigil.local>' }, sms: outboxSmsAdapter, log });
const sender = () => createDeliverySender({ db: t.db, notifier: notifier(), blobs, publicBaseUrl: 'http://127.0.0.1:3000', log, completion: createDeliveryCompletion({ documents: null }) });

const channelsOf = (findingId: string) => noticeChannels(t.db, findingId);
const eventsOf = (deliveryId: string) => deliveryEvents(t.db, deliveryId);
const sendQueued = (findingId: string) => sendQueuedNotices(t.db, sender(), findingId);

describe('findings (R6): notify and confirm', () => {
  let findingId: string;
  let flagId: string;

  it('a confirmed flag opens one finding and e-mails the business over real SMTP with the snapshot attached and the portal link', async () => {
    const flag = await hospitalFlag();
    flagId = flag.id;
    const first = await confirm(flag.id);
    const again = await confirm(flag.id);
    expect(again.findingId).toBe(first.findingId);
    findingId = first.findingId;
    const deliveries = await channelsOf(findingId);
    expect(deliveries.map((d) => d.channel).sort()).toEqual(['email', 'portal']);
    expect(deliveries.every((d) => d.subject_kind === 'finding_notice' && d.purpose === 'finding.notice')).toBe(true);
    expect(deliveries.find((d) => d.channel === 'email')!.status).toBe('queued');

    expect(await sendQueued(findingId)).toBe(1);
    const mail = received.find((m) => m.text?.includes(`/portal/findings/${findingId}`));
    expect(mail, 'a mail with the portal link').toBeTruthy();
    expect((Array.isArray(mail!.to) ? mail!.to[0] : mail!.to)?.text).toBe('hosp@example.cn');
    expect(mail!.subject).toContain('请于');
    expect(mail!.text).toContain('摄像头被遮挡');
    const att = mail!.attachments.find((a) => a.filename === 'snapshot.jpg');
    expect(att?.contentType).toBe('image/jpeg');
    expect(Buffer.compare(att!.content, JPEG)).toBe(0);
    const email = (await channelsOf(findingId)).find((c) => c.channel === 'email')!;
    expect(email.status).toBe('relayed'); // the relay answered 250 (this capture server gives no queue id)
    expect(email.outbox_id).toBeTruthy();
    // The job running again sends nothing again.
    await sender().send(email.id);
    expect(received.filter((m) => m.text?.includes(`/portal/findings/${findingId}`))).toHaveLength(1);
    // Nothing pending: the notice's arrival is recorded (the portal, at once), and its chain holds.
    expect(email.delivery_status).toBe('served');
    const kinds = (await eventsOf(email.delivery_id)).map((e) => [e.kind, e.channel]);
    expect(kinds).toEqual([['submission_accepted', 'portal'], ['delivered_to_portal', 'portal'], ['submission_accepted', 'email'], ['relay_accepted', 'email'], ['service_completed', 'portal']]);

    // The open pixel in the HTML part records the e-mail as opened, once.
    expect(mail!.html).toContain(`/api/deliveries/open/${email.open_token}.gif`);
    for (let i = 0; i < 2; i++) {
      const px = await api.app.request(`/api/deliveries/open/${email.open_token}.gif`);
      expect(px.status).toBe(200);
      expect(px.headers.get('content-type')).toBe('image/gif');
    }
    const opened = (await eventsOf(email.delivery_id)).filter((e) => e.kind === 'notification_opened');
    expect(opened.map((e) => [e.channel_id, e.detail])).toEqual([[email.id, expect.objectContaining({ via: 'pixel' })]]);
  });

  it('the business sees only its own findings; another business gets 403; staff of the subtree read it', async () => {
    const mine = (await (await biz.get('/api/portal/findings')).json()) as { items: { id: string; status: string }[] };
    expect(mine.items.map((i) => i.id)).toContain(findingId);
    const theirs = (await (await otherBiz.get('/api/portal/findings')).json()) as { items: { id: string }[] };
    expect(theirs.items.map((i) => i.id)).not.toContain(findingId);
    expect((await otherBiz.get(`/api/portal/findings/${findingId}`)).status).toBe(403);
    // Its notice is a delivery of the business's own: another business cannot read it; the business's inbox of case documents does not list it.
    const notice = (await channelsOf(findingId))[0].delivery_id;
    expect((await otherBiz.get(`/api/portal/deliveries/${notice}`)).status).toBe(403);
    expect((await biz.get(`/api/portal/deliveries/${notice}`)).status).toBe(404);
    expect(((await (await biz.get('/api/portal/deliveries')).json()) as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(notice);
    expect((await otherBiz.get(`/api/portal/findings/${findingId}/snapshot.jpg`)).status).toBe(403);
    expect((await otherBiz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'confirm', statement: '', expectedVersion: 1 })).status).toBe(403);
    expect((await officer.get(`/api/portal/findings/${findingId}`)).status).toBe(200);
  });

  it('opening it in the portal records the portal message as opened; the snapshot is served and its view logged', async () => {
    const res = await biz.get(`/api/portal/findings/${findingId}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as { canRespond: boolean; snapshotUrl: string; deliveries: { channel: string; openedAt: string | null }[] };
    expect(d.canRespond).toBe(true);
    expect(d.deliveries.find((x) => x.channel === 'portal')!.openedAt).toBeTruthy();
    const pic = await biz.get(d.snapshotUrl);
    expect(pic.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await pic.arrayBuffer()), JPEG)).toBe(0);
    // Through the read path (api/records): the flag's id and the snapshot's hash.
    expect(await servedRead(t.db, pic)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'flag_snapshot', record_id: flagId, sha256: createHash('sha256').update(JPEG).digest('hex'), bytes: String(JPEG.length), user_id: biz.user.id });
    const views = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'flag.snapshot_viewed').where('actor_id', '=', biz.user.id).execute();
    expect(views.length).toBe(1);
  });

  it('the business disputes with a statement and an attachment before the deadline; answered is recorded; staff see it on the flag', async () => {
    const up = await biz.upload(`/api/portal/findings/${findingId}/attachments?filename=${encodeURIComponent('整改照片.png')}`, PNG, 'image/png');
    expect(up.status).toBe(201);
    // A file that is not what it claims is refused.
    // A fake PDF is refused at its field, saying why in the user's words (not only "提交的内容有误").
    const fake = await biz.upload(`/api/portal/findings/${findingId}/attachments?filename=x.pdf`, Buffer.from('not a pdf'), 'application/pdf');
    expect(fake.status).toBe(400);
    expect(((await fake.json()) as { issues: unknown[] }).issues).toEqual([{ path: ['file'], code: 'file.not_pdf', params: { filename: 'x.pdf' }, message: '文件不是有效的 PDF 文件' }]);
    const word = await biz.upload(`/api/portal/findings/${findingId}/attachments?filename=x.doc`, Buffer.from('PK\x03\x04 a word file'), 'application/msword');
    const wordBody = await word.text();
    expect(wordBody, `${word.status} ${wordBody}`).toContain("file.type_not_allowed");
    expect((JSON.parse(wordBody) as { issues: { path: string[]; code: string; message: string }[] }).issues[0]).toMatchObject({ path: ['file'], code: 'file.type_not_allowed', message: '不支持该文件类型,请上传 JPEG / PNG / PDF' });
    expect((await biz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'dispute', statement: '', expectedVersion: 1 })).status).toBe(400);
    expect((await biz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'dispute', statement: 'x', expectedVersion: 7 })).status).toBe(409);
    const res = await biz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'dispute', statement: '当时为设备检修,已报备。', expectedVersion: 1 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; canRespond: boolean; deliveries: { answeredAt: string | null }[] };
    expect(body.status).toBe('disputed');
    expect(body.canRespond).toBe(false);
    expect(body.deliveries.every((d) => d.answeredAt)).toBe(true);
    expect((await biz.post(`/api/portal/findings/${findingId}/respond`, { decision: 'confirm', statement: '', expectedVersion: 2 })).status).toBe(409);

    const staff = await officer.get(`/api/flags/${flagId}/finding`);
    expect(staff.status).toBe(200);
    const s = (await staff.json()) as { status: string; statement: string; attachments: { filename: string; url: string }[]; deliveries: { channel: string; sentAt: string | null; openedAt: string | null; answeredAt: string | null }[] };
    expect(s).toMatchObject({ status: 'disputed', statement: '当时为设备检修,已报备。' });
    expect(s.attachments.map((a) => a.filename)).toEqual(['整改照片.png']);
    const email = s.deliveries.find((d) => d.channel === 'email')!;
    expect(email.sentAt && email.openedAt && email.answeredAt).toBeTruthy();
    const file = await officer.get(s.attachments[0].url);
    expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), PNG)).toBe(0);
    // Through the read path (api/records): the attachment's row, named by its id and hash.
    const attId = ((await up.json()) as { id: string }).id;
    expect(await servedRead(t.db, file)).toMatchObject({ outcome: 'served', action: 'view', record_kind: 'finding_attachment', record_id: attId, sha256: createHash('sha256').update(PNG).digest('hex'), bytes: String(PNG.length), user_id: officer.user.id });
    expect((await (await biz.get(`/api/flags/${flagId}/finding`)).status)).toBe(403);
  });

  it('after the deadline an answer is refused with deadline_passed, and the finding expires exactly once', async () => {
    const flag = await hospitalFlag();
    const day = 86400_000;
    const { findingId: late } = await confirm(flag.id, { confirmedAt: new Date(Date.now() - 6 * day), respondBy: new Date(Date.now() - day) });
    const res = await biz.post(`/api/portal/findings/${late}/respond`, { decision: 'confirm', statement: '', expectedVersion: 1 });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('deadline_passed');
    expect((await biz.upload(`/api/portal/findings/${late}/attachments?filename=a.png`, PNG, 'image/png')).status).toBe(409);
    const events: string[] = [];
    const off = api.events.on('finding:changed', (p) => events.push(`${p.id}:${p.status}`));
    expect(await expireDueFindings(t.db, api.events)).toBe(1);
    expect(await expireDueFindings(t.db, api.events)).toBe(0);
    off();
    expect(events).toEqual([`${late}:expired`]);
    const row = await t.db.selectFrom('findings').select(['status', 'version']).where('id', '=', late).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'expired', version: 2 });
  });

  it('the answer deadline counts working days on the holiday calendar (weekends and holidays skipped, 调休 workdays counted)', async () => {
    const admin = await api.login('admin');
    // National Day 2026: 1–7 October off; Sunday 27 September worked instead.
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) expect((await admin.request('PUT', `/api/admin/holidays/${day}`, { kind: 'holiday', name: '国庆节' })).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/holidays/2026-09-27', { kind: 'workday', name: '国庆调休' })).status).toBe(200);
    const flag = await hospitalFlag();
    // Confirmed Friday 25 September, 10:00 in Shanghai: Sun 27 (worked), Mon 28, Tue 29, Wed 30, then Thu 8 October.
    const { findingId: id } = await confirm(flag.id, { confirmedAt: new Date('2026-09-25T02:00:00Z') });
    const f = await t.db.selectFrom('findings').select('respond_by').where('id', '=', id).executeTakeFirstOrThrow();
    expect(f.respond_by.toISOString()).toBe('2026-10-08T15:59:59.999Z');
  });

  it('an SMS address the business registered gets no notice until proven with the code sent to it; then it is told by SMS too', async () => {
    const added = await officer.post(`/api/businesses/${biz.user.businessId}/service-addresses`, { method: 'sms', address: '13800138000', agreedAt: new Date().toISOString() });
    expect(added.status).toBe(201);
    const address = (await added.json()) as { id: string; status: string };
    expect(address.status).toBe('pending_verification');
    const before = await confirm((await hospitalFlag()).id);
    const unproven = await channelsOf(before.findingId);
    expect(unproven.map((d) => d.channel).sort()).toEqual(['email', 'portal']);
    expect(unproven.some((d) => d.address === '13800138000')).toBe(false);

    expect((await biz.post(`/api/service-addresses/${address.id}/code`)).status).toBe(200);
    const codeSms = await t.db.selectFrom('outbox_messages').select('body').where('to_address', '=', '13800138000').where('purpose', '=', 'service_address.verify').executeTakeFirstOrThrow();
    const verified = await biz.post(`/api/service-addresses/${address.id}/verify`, { code: /验证码[:：]\s*(\d{6})/.exec(codeSms.body)![1] });
    expect(((await verified.json()) as { status: string }).status).toBe('verified');

    const flag = await hospitalFlag();
    const { findingId: id } = await confirm(flag.id);
    const sms = (await channelsOf(id)).find((c) => c.channel === 'sms')!;
    expect(sms).toMatchObject({ address: '13800138000', status: 'queued', service_address_id: address.id });
    expect(await sendQueued(id)).toBe(2); // the e-mail and the SMS
    const sent = (await channelsOf(id)).find((c) => c.id === sms.id)!;
    expect(sent.status).toBe('notified'); // the outbox adapter records it (no gateway in tests)
    expect((await eventsOf(sent.delivery_id)).find((e) => e.kind === 'notification_sent')?.detail).toMatchObject({ address: '13800138000', captured: true });
    const shown = (await (await biz.get(`/api/portal/findings/${id}`)).json()) as { deliveries: { channel: string; status: string; sentAt: string | null }[] };
    expect(shown.deliveries.find((d) => d.channel === 'sms')).toMatchObject({ status: 'captured', sentAt: expect.any(String) });
    const msg = await t.db.selectFrom('outbox_messages').select(['channel', 'to_address', 'body']).where('id', '=', sent.outbox_id!).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ channel: 'sms', to_address: '13800138000' });
    expect(msg.body).toContain(`/portal/findings/${id}`);
    expect(msg.body).toMatch(/请于.+前确认或提出异议/);
  });

  it('every finding, delivery and attachment matches its latest ledger entry; the event trail is append-only', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems).toEqual([]);
    const kinds = (await t.db.selectFrom('finding_events').select('kind').where('finding_id', '=', findingId).orderBy('id').execute()).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['opened', 'attachment_added', 'disputed']));
    // The notice's trail is the delivery module's: chained, and shown with it.
    const staff = (await (await officer.get(`/api/flags/${(await t.db.selectFrom('findings').select('flag_id').where('id', '=', findingId).executeTakeFirstOrThrow()).flag_id}/finding`)).json()) as { deliveries: { chainOk: boolean; sha256: string }[] };
    expect(staff.deliveries.length).toBeGreaterThan(0);
    expect(staff.deliveries.every((d) => d.chainOk && /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);
    // Nothing writes the old table any more.
    await expect(t.db.insertInto('finding_deliveries').values({ finding_id: findingId, channel: 'portal', address: `business:${biz.user.businessId}` }).execute()).rejects.toThrow(/read-only/);
    await expect(t.db.updateTable('finding_events').set({ kind: 'x' }).where('finding_id', '=', findingId).execute()).rejects.toThrow(/append-only/);
  });
});

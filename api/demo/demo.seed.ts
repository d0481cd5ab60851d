import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { AgencyLevel, BusinessCategory, Role, ServiceAddressRow } from '../../core/db/database.js';
import { appendLedger } from '../../core/ledger/append.js';
import { usccCheckChar } from '../../core/uscc.js';
import { userState } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { liveCode, refusal } from '../consent/one-time-code.store.js';
import { addressCodeKey, issueAddressCode, markAddressVerified } from '../registry/service-address-proof.js';
import { documentSettingsRepository } from '../cases/document-settings.repository.js';

export type DemoLogin = { username: string; password: string; role: Role; displayName: string; where: string };

const actor = { type: 'system' as const, id: 'demo-seed' };
const uscc = (first17: string) => first17 + usccCheckChar(first17);

/** Phones are demo numbers in each city's format (0571 Hangzhou, 0579 Jinhua): printed on site notices. */
/**
 * What the agencies' decisions print besides the case (agency_document_settings): the body that
 * hears a reconsideration (行政复议法 2023 art. 24: the people's government at the same level), the
 * court where the agency sits (行政诉讼法 art. 18), where a fine is paid (行政处罚法 art. 67), the
 * contact, and the 较大数额 that gives a hearing (行政处罚法 art. 63). Demo values, set as the
 * administrator would (settings.admin).
 */
const DOCUMENT_SETTINGS: Record<string, { reconsiderationBody: string; court: string; contactAddress: string }> = {
  jh: { reconsiderationBody: '金华市人民政府', court: '金华市婺城区人民法院', contactAddress: '金华市婺城区双溪西路 151 号' },
  wc: { reconsiderationBody: '金华市婺城区人民政府', court: '金华市婺城区人民法院', contactAddress: '金华市婺城区宾虹西路 2666 号' },
  jd: { reconsiderationBody: '金华市金东区人民政府', court: '金华市金东区人民法院', contactAddress: '金华市金东区光南路 600 号' },
};

const AGENCIES: { key: string; parent: string | null; level: AgencyLevel; name: string; short: string; code: string; phone: string }[] = [
  { key: 'zj', parent: null, level: 'province', name: '浙江省卫生健康委员会', short: '浙', code: '330000', phone: '0571-87700000' },
  { key: 'jh', parent: 'zj', level: 'city', name: '金华市卫生健康委员会', short: '金', code: '330700', phone: '0579-82468000' },
  { key: 'wc', parent: 'jh', level: 'district', name: '金华市婺城区卫生健康局', short: '婺', code: '330702', phone: '0579-82170000' },
  { key: 'jd', parent: 'jh', level: 'district', name: '金华市金东区卫生健康局', short: '金东', code: '330703', phone: '0579-82100000' },
];

const BUSINESSES: { key: string; agency: string; name: string; code: string; category: BusinessCategory; address: string; contact: string; phone: string }[] = [
  { key: 'hosp', agency: 'wc', name: '婺城区人民医院', code: uscc('12330702MB1234567'), category: 'medical', address: '金华市婺城区人民路 100 号', contact: '王建国', phone: '0579-82000001' },
  { key: 'school', agency: 'wc', name: '婺城区第一实验小学', code: uscc('12330702MB2345678'), category: 'school_canteen', address: '金华市婺城区八一南街 58 号', contact: '李芳', phone: '0579-82000002' },
  { key: 'hotel', agency: 'jd', name: '金东区江滨宾馆有限公司', code: uscc('91330703MA2D34567'), category: 'public_place', address: '金华市金东区江滨北路 8 号', contact: '陈明', phone: '0579-82000003' },
  { key: 'pool', agency: 'jd', name: '金东区游泳健身中心', code: uscc('91330703MA2D45678'), category: 'public_place', address: '金华市金东区光南路 266 号', contact: '赵磊', phone: '0579-82000004' },
];

const USERS: { username: string; name: string; role: Role; agency?: string; business?: string }[] = [
  { username: 'admin', name: '系统管理员', role: 'admin', agency: 'zj' },
  { username: 'officer.wc', name: '张伟(婺城执法)', role: 'officer', agency: 'wc' },
  { username: 'officer.jd', name: '刘洋(金东执法)', role: 'officer', agency: 'jd' },
  // A second officer in each district: a case is investigated by at least two (行政处罚法 art. 42).
  { username: 'officer2.wc', name: '王芳(婺城执法)', role: 'officer', agency: 'wc' },
  { username: 'officer2.jd', name: '陈刚(金东执法)', role: 'officer', agency: 'jd' },
  { username: 'legal.jh', name: '孙静(法制审核)', role: 'legal_reviewer', agency: 'jh' },
  { username: 'manager.jh', name: '周强(负责人)', role: 'manager', agency: 'jh' },
  { username: 'archivist.jh', name: '吴敏(档案管理)', role: 'archivist', agency: 'jh' },
  { username: 'auditor.zj', name: '郑华(审计)', role: 'auditor', agency: 'zj' },
  { username: 'biz.hosp', name: '王建国(婺城区人民医院)', role: 'business', business: 'hosp' },
  { username: 'biz.hotel', name: '陈明(江滨宾馆)', role: 'business', business: 'hotel' },
];

/** Seeds a demo agency tree, users of every role, businesses, sites and devices. Idempotent. */
export async function seedDemo(db: Db): Promise<DemoLogin[] | null> {
  const existing = await db.selectFrom('agencies').select('id').where('code', '=', '330000').executeTakeFirst();
  if (existing) return null;
  const logins: DemoLogin[] = [];
  const hashed = await Promise.all(USERS.map(async (u) => ({ u, password: randomBytes(6).toString('base64url') + '7a', hash: '' })));
  for (const h of hashed) h.hash = await hashPassword(h.password);
  const userIds: Record<string, string> = {};

  await db.transaction().execute(async (trx) => {
    const agencyIds: Record<string, { id: string; path: string; name: string }> = {};
    for (const a of AGENCIES) {
      const id = crypto.randomUUID();
      const path = `${a.parent ? agencyIds[a.parent].path : '/'}${id}/`;
      const row = await trx
        .insertInto('agencies')
        .values({ id, parent_id: a.parent ? agencyIds[a.parent].id : null, level: a.level, name: a.name, short_name: a.short, code: a.code, phone: a.phone, path })
        .returningAll()
        .executeTakeFirstOrThrow();
      agencyIds[a.key] = { id, path, name: a.name };
      await appendLedger(trx, { actor, action: 'agency.created', entityType: 'agency', entityId: id, state: row });
    }
    const businessIds: Record<string, string> = {};
    const addresses: { agency: string; row: ServiceAddressRow }[] = [];
    for (const b of BUSINESSES) {
      const row = await trx
        .insertInto('businesses')
        .values({
          name: b.name,
          credit_code: b.code,
          category: b.category,
          agency_id: agencyIds[b.agency].id,
          address: b.address,
          contacts: JSON.stringify([{ name: b.contact, role: '负责人', phone: b.phone, email: `${b.key}@example.cn` }]),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      businessIds[b.key] = row.id;
      await appendLedger(trx, { actor, action: 'business.created', entityType: 'business', entityId: row.id, state: row });
      const site = await trx
        .insertInto('sites')
        .values({ business_id: row.id, name: b.category === 'medical' ? '营养食堂' : b.category === 'school_canteen' ? '学生食堂' : '主楼', address: b.address, opening_hours: '每日 06:00–20:00' })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor, action: 'site.created', entityType: 'site', entityId: site.id, state: site });
      const devices = [
        { name: '后厨操作间摄像头', kind: 'camera' as const, points_at: '后厨切配区与烹饪区', coverage: '操作台、洗消池' },
        { name: '余氯在线监测仪', kind: 'sensor' as const, points_at: '二次供水出水口', coverage: '余氯、浊度', calibration_date: '2026-06-01', calibration_due_date: '2027-06-01' },
      ];
      for (const d of devices) {
        const dev = await trx
          .insertInto('devices')
          .values({ site_id: site.id, business_id: row.id, mobility: 'fixed', records_audio: false, calibration_date: null, calibration_due_date: null, ...d })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { actor, action: 'device.registered', entityType: 'device', entityId: dev.id, state: dev });
      }
      const addr = await trx
        .insertInto('service_addresses')
        .values({ business_id: row.id, method: 'email', address: `${b.key}@example.cn`, agreed_at: new Date(), status: 'pending_verification' })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor, action: 'service_address.agreed', entityType: 'service_address', entityId: addr.id, state: addr });
      addresses.push({ agency: b.agency, row: addr });
    }
    for (const { u, password, hash } of hashed) {
      const row = await trx
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.name,
          password_hash: hash,
          role: u.role,
          agency_id: u.agency ? agencyIds[u.agency].id : null,
          business_id: u.business ? businessIds[u.business] : null,
          certificate_no: u.role === 'officer' ? `浙卫执字第${randomBytes(3).readUIntBE(0, 3) % 100000}号` : null,
          // A business user's own (account) address: in the demo mailbox from the start, so a
          // demo user can register it as a service address and prove it with the code.
          email: u.role === 'business' ? `${u.username}@example.cn` : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor, action: 'user.created', entityType: 'user', entityId: row.id, state: userState(row) });
      const where = u.agency ? agencyIds[u.agency].name : BUSINESSES.find((b) => b.key === u.business)?.name ?? '';
      logins.push({ username: u.username, password, role: u.role, displayName: u.name, where });
      userIds[u.username] = row.id;
    }
    // A database still at an older migration (the migration tests seed one, then migrate) has no
    // document settings table yet: its agencies get their settings from the administrator later.
    const { rows: reg } = await sql<{ t: string | null }>`SELECT to_regclass('agency_document_settings')::text AS t`.execute(trx);
    for (const [key, d] of reg[0]?.t ? Object.entries(DOCUMENT_SETTINGS) : []) {
      const a = AGENCIES.find((x) => x.key === key)!;
      const row = await documentSettingsRepository.put(trx, {
        agency_id: agencyIds[key].id,
        reconsideration_body: d.reconsiderationBody,
        court: d.court,
        payment_payee: '中国工商银行金华分行(非税收入代收)',
        payment_account: null,
        payment_channel: '浙江省统一公共支付平台(浙里办"非税缴款")或指定代收银行网点',
        contact_address: d.contactAddress,
        contact_phone: a.phone,
        large_amount_person_fen: 1_000_000,
        large_amount_organisation_fen: 10_000_000,
        statement_days: 3,
        updated_by: userIds.admin,
      });
      await appendLedger(trx, { actor, action: 'agency_document_settings.updated', entityType: 'agency_document_settings', entityId: row.agency_id, state: row });
    }
    // The demo addresses are proven as any other: the district officer has a code sent to the
    // address, and its owner (here the seed, which holds the fictional example.cn mailboxes)
    // enters it. Nothing is verified without a code.
    for (const { agency, row } of addresses) {
      const by = { actor, userId: userIds[`officer.${agency}`] };
      const { codeId, code } = await issueAddressCode(trx, row, by);
      const live = await liveCode(trx, addressCodeKey(row.id));
      if (live?.id !== codeId || refusal(live, code)) throw new Error('demo seed: the address code did not verify');
      await markAddressVerified(trx, row, codeId, { ...by, userId: null });
    }
  });
  return logins;
}

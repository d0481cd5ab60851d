import { z } from 'zod';
import type { Block } from './document-body.js';
import type { DocumentTemplate } from './template.js';

/**
 * 送达地址确认书 (issue 14 item 1): the business's signed agreement to electronic service, and the
 * addresses it is served at. 行政处罚法 art. 61 ¶2 lets the agency serve its decision (and the
 * other case documents) by e-mail and the like only when the party "同意并签订确认书"; the
 * confirmation tells what 人民法院在线诉讼规则 art. 30 asks a confirmation to tell: the addresses,
 * the documents it covers, the legal effect (民事诉讼法 art. 90 ¶2 and the online rules art. 31 ¶1:
 * served on the day the message reaches the address's system) and how to change the addresses.
 * The business ticks each statement and signs it online; a change is a new confirmation that
 * supersedes this one (never an edit).
 *
 * Numbering: a 编号 per agency and year (2026-0001). Not sealed: it is the business's document.
 */

/** The channels a confirmation may name besides the portal: the ones a one-time code can prove. */
export type ConfirmedMethod = 'email' | 'sms';
const METHOD_ZH: Record<ConfirmedMethod, string> = { email: '电子邮箱', sms: '手机号码（短信）' };

/** The case documents served under a confirmation: every document of an enforcement case owed to the party. */
export const SERVICE_SCOPE_DOCUMENTS = [
  '行政处罚事先告知书',
  '听证通知书',
  '行政处罚决定书',
  '不予行政处罚决定书',
  '证据先行登记保存决定书',
  '查封扣押决定书',
  '延长查封扣押期限决定书',
  '催告书',
  '责令改正通知书',
] as const;

/** What the signer ticks, each on its own (version 1 of the confirmation). */
export const SERVICE_ADDRESS_STATEMENTS_V1 = [
  { key: 'addresses_own', text: '上述电子送达地址由本单位所有并使用，电子邮箱和手机号码已通过发送至该地址的验证码验证。' },
  { key: 'consent', text: '本单位同意执法机关通过上述地址以电子方式向本单位送达本确认书所列文书。' },
  { key: 'effect', text: '本单位已知悉：文书到达上述任一地址所在系统之日即为送达之日；因本单位自身原因未能阅知的，不影响送达的效力。' },
  { key: 'change', text: '本单位将保持上述地址有效、畅通；地址变更时将及时在线验证新地址并签署新的确认书，新确认书签署前原地址继续有效。' },
] as const;

const text = (label: string, max: number) => z.string({ error: `${label}必填` }).trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}字`);
const when = (label: string) => z.coerce.date({ error: `${label}应为有效时间` });

export const serviceAddressConfirmationFields = z
  .object({
    businessName: text('受送达人名称', 200),
    creditCode: text('统一社会信用代码', 40),
    businessAddress: text('住所', 300),
    /** The business's confirmation version (1, 2, …) and, from 2 on, the number of the one it replaces. */
    version: z.number({ error: '确认书版本必填' }).int('确认书版本应为整数').min(1, '确认书版本应为正整数'),
    supersedesNumber: z.string().trim().max(40, '被替代确认书编号过长').nullable(),
    addresses: z
      .array(
        z.object({
          method: z.enum(['email', 'sms'], { error: '送达方式应为电子邮箱或手机号码' }),
          address: text('送达地址', 300),
          verifiedAt: when('地址验证时间'),
        }),
        { error: '送达地址必填' },
      )
      .max(20, '送达地址不能超过20个'),
    portal: z.boolean({ error: '是否以平台账户送达必填' }),
    portalAccount: text('平台账户', 100),
    statements: z.array(z.object({ key: text('确认事项', 40), text: text('确认事项', 500), confirmedAt: when('勾选时间') }), { error: '确认事项必填' }),
    signerName: text('签署人姓名', 100),
    signerRole: text('签署人职务', 40),
    signedAt: when('签署时间'),
    signIp: z.string().trim().max(60, '签署 IP 过长').nullable(),
  })
  .superRefine((f, ctx) => {
    if (!f.portal && f.addresses.length === 0) ctx.addIssue({ code: 'custom', path: ['addresses'], message: '送达地址不能为空：至少确认一个电子邮箱、手机号码或平台账户' });
    const seen = new Set(f.statements.map((s) => s.key));
    const missing = SERVICE_ADDRESS_STATEMENTS_V1.filter((s) => !seen.has(s.key));
    if (missing.length) ctx.addIssue({ code: 'custom', path: ['statements'], message: `确认事项未全部勾选：${missing.map((s) => s.text).join('；')}` });
    if (f.version > 1 && !f.supersedesNumber) ctx.addIssue({ code: 'custom', path: ['supersedesNumber'], message: '第二版起应写明被替代确认书的编号' });
  });
export type ServiceAddressConfirmationFields = z.infer<typeof serviceAddressConfirmationFields>;

/** An instant in Beijing time to the second, short enough for a table cell: 2026-12-07 14:05:32. */
export function printSecond(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The terms the business agrees to, as printed (sections 三 to 五) and as shown on the page before
 * it signs: scope, legal effect and how to change the addresses. One text for both.
 */
export function serviceTermsBlocks(agencyName: string): Extract<Block, { kind: 'heading' | 'paragraph' }>[] {
  return [
    { kind: 'heading', text: '三、适用范围' },
    {
      kind: 'paragraph',
      indent: true,
      text: `本确认书适用于${agencyName}（以下简称执法机关）对本单位立案查处的行政执法案件（行政处罚、行政强制）中依法应当向本单位送达的全部文书，包括但不限于：${SERVICE_SCOPE_DOCUMENTS.join('、')}等。本单位需要纸质文书的，可以向执法机关申请提供。`,
    },
    { kind: 'heading', text: '四、送达的效力' },
    {
      kind: 'paragraph',
      indent: true,
      text: '（一）执法机关向上述地址发送的文书，到达该地址所在系统（电子邮箱的收件服务器、手机号码的短信网关、本平台账户）之日为送达之日（《中华人民共和国民事诉讼法》第九十条第二款，《人民法院在线诉讼规则》第三十一条第一款）。向多个地址送达的，以最先到达之日为送达之日。',
    },
    {
      kind: 'paragraph',
      indent: true,
      text: '（二）本单位应当保证上述地址真实、有效、畅通并及时查收。因本单位自身原因（如停用或注销邮箱、邮箱已满、拒收、手机停机或更换号码未告知、不登录查看等）导致文书未能被实际阅知的，文书到达上述地址即视为送达，由此产生的法律后果由本单位承担。',
    },
    { kind: 'paragraph', indent: true, text: '（三）文书被退回、被收件服务器拒收或发送失败的，不产生送达的效力，执法机关将依法采用其他方式送达。' },
    { kind: 'heading', text: '五、地址的变更' },
    {
      kind: 'paragraph',
      indent: true,
      text: '送达地址需要增加、变更或撤回的，本单位应当及时通过本平台在线验证新地址，并重新签署送达地址确认书。新的确认书签署后即替代本确认书，本确认书存档备查；撤回已确认的地址，须签署不含该地址的新确认书。新的确认书签署前，本确认书所列地址继续有效。',
    },
  ];
}

/** The legal basis (section 一), printed first. */
export const SERVICE_BASIS =
  '根据《中华人民共和国行政处罚法》第六十一条第二款，当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等文书送达当事人。参照《中华人民共和国民事诉讼法》第九十条和《人民法院在线诉讼规则》第二十九条、第三十条，本单位确认下列电子送达地址，并已知悉电子送达的适用范围、法律效力和送达地址的变更方式。';

export const serviceAddressConfirmationV1: DocumentTemplate<ServiceAddressConfirmationFields> = {
  kind: 'service_address_confirmation',
  version: 1,
  title: '送达地址确认书',
  titleEn: 'Confirmation of service addresses',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: serviceAddressConfirmationFields,
  body(f, ctx) {
    const rows = f.addresses.map((a, i) => [String(i + 1), METHOD_ZH[a.method], a.address, `验证码验证通过（${printSecond(a.verifiedAt)}）`]);
    if (f.portal) rows.push([String(rows.length + 1), '平台账户', `本平台企业账户（用户名：${f.portalAccount}）`, '账户登录后在线签署本确认书']);
    const byKey = new Map(f.statements.map((s) => [s.key, s]));
    return [
      { kind: 'title', text: '送达地址确认书' },
      {
        kind: 'fields',
        rows: [
          { label: '受送达人', value: f.businessName },
          { label: '统一社会信用代码', value: f.creditCode },
          { label: '住所', value: f.businessAddress },
          { label: '执法机关', value: ctx.agencyName },
          { label: '确认书版本', value: f.version === 1 ? '第 1 版' : `第 ${f.version} 版（替代编号为 ${f.supersedesNumber} 的第 ${f.version - 1} 版，原确认书自本确认书签署时起不再适用）` },
        ],
      },
      { kind: 'heading', text: '一、电子送达的依据' },
      { kind: 'paragraph', indent: true, text: SERVICE_BASIS },
      { kind: 'heading', text: '二、电子送达地址' },
      { kind: 'table', columns: ['序号', '送达方式', '送达地址', '验证情况（北京时间）'], rows },
      ...serviceTermsBlocks(ctx.agencyName),
      { kind: 'heading', text: '六、本单位确认' },
      { kind: 'table', columns: ['确认事项', '勾选时间（北京时间）'], rows: SERVICE_ADDRESS_STATEMENTS_V1.map((s) => [byKey.get(s.key)?.text ?? s.text, byKey.has(s.key) ? printSecond(byKey.get(s.key)!.confirmedAt) : '未勾选']) },
      { kind: 'fields', rows: [{ label: '签署方式', value: `本平台企业账户（用户名：${f.portalAccount}）登录后在线签署${f.signIp ? `，IP 地址 ${f.signIp}` : ''}；本文件的 SHA-256 记入平台账本` }] },
      { kind: 'signatures', lines: [{ role: `签署人（${f.signerRole}）`, name: f.signerName, signedAt: f.signedAt }] },
    ];
  },
};

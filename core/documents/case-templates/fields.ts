import { z } from 'zod';
import { normaliseUscc, usccProblem } from '../../uscc.js';
import { MAX_FEN } from './format.js';

/**
 * Field schemas the case document templates share. Every message is Chinese and names the field,
 * because it is shown to the officer filling the document (and a refused document names what the
 * law asks for that is missing).
 */

export const text = (label: string, max = 200) =>
  z.string({ error: `${label}必填` }).trim().min(1, `${label}不能为空`).max(max, `${label}不能超过${max}字`);

export const longText = (label: string, max = 5000) => text(label, max);

export const optionalText = (label: string, max = 200) =>
  z.string({ error: `${label}应为文字` }).trim().max(max, `${label}不能超过${max}字`).optional();

export const list = <T extends z.ZodType>(label: string, item: T, min = 1, max = 200) =>
  z.array(item, { error: `${label}必填` }).min(min, min === 1 ? `${label}至少填写一项` : `${label}至少${min}项`).max(max, `${label}不能超过${max}项`);

/** A calendar day, 'YYYY-MM-DD' (China's calendar). */
export const day = (label: string) =>
  z.string({ error: `${label}必填` }).refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${label}应为有效日期（如2026-10-08）`);

/** An instant with its offset, e.g. 2026-09-23T09:30:00+08:00. */
export const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}应为有效时间（如2026-09-23T09:30:00+08:00）` });

/** A start and an end, the end not before the start (笔录的起止时间). */
export const span = (label: string) =>
  z
    .object({ from: instant(`${label}开始时间`), to: instant(`${label}结束时间`) }, { error: `${label}必填` })
    .refine((s) => Date.parse(s.to) >= Date.parse(s.from), { message: `${label}结束时间不能早于开始时间`, path: ['to'] });

/** Money in fen: a positive whole number (a fine that is not a positive amount is refused). */
export const fen = (label: string) =>
  z.number({ error: `${label}必填（以分为单位的整数）` }).int(`${label}应为以分为单位的整数`).positive(`${label}应大于零`).max(MAX_FEN, `${label}过大`);

/** 当事人: an organisation (名称, 统一社会信用代码, 法定代表人) or a person; both with an address (行政处罚法 art. 59(1)). */
export const party = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('organisation'),
      name: text('当事人名称'),
      /** Absent for an unregistered operation; checked (GB 32100) when given. */
      creditCode: z
        .string({ error: '统一社会信用代码应为文字' })
        .transform(normaliseUscc)
        .refine((c) => usccProblem(c) === null, '统一社会信用代码无效（18位，校验位不符）')
        .optional(),
      legalRepresentative: text('法定代表人（负责人）', 50),
      address: text('当事人地址'),
      phone: optionalText('联系电话', 30),
    }),
    z.object({
      type: z.literal('person'),
      name: text('当事人姓名', 50),
      gender: z.enum(['男', '女'], { error: '性别应为男或女' }).optional(),
      idNumber: optionalText('身份证件号码', 30),
      address: text('当事人地址'),
      phone: optionalText('联系电话', 30),
    }),
  ],
  { error: '当事人必填（单位或个人）' },
);
export type Party = z.infer<typeof party>;

/** An enforcement officer with the number of the 执法证 shown to the party (行政处罚法 arts. 42, 55). */
export const officer = z.object(
  { name: text('执法人员姓名', 50), certificateNo: text('执法证号', 50) },
  { error: '执法人员必填' },
);
export type Officer = z.infer<typeof officer>;

/** At least two officers with their certificate numbers (行政处罚法 art. 42; 行政强制法 art. 18(2)). */
export const officers = (label = '执法人员') =>
  z
    .array(officer, { error: `${label}必填` })
    .min(2, `${label}不少于两人（行政处罚法第四十二条）`)
    .max(10, `${label}不能超过10人`)
    .refine((os) => new Set(os.map((o) => o.certificateNo)).size === os.length, `${label}的执法证号不能重复`);

/** Someone named in a record (被询问人, 见证人, 参加人) with the capacity in which they take part. */
export const person = (label: string) =>
  z.object({ name: text(`${label}姓名`, 50), role: text(`${label}身份（职务）`, 100) }, { error: `${label}必填` });

/**
 * How a person who must sign a record did: signed, or refused (the record says so, 行政强制法
 * art. 18(8), 行政处罚法 art. 64(8)); `signedAt` when signed electronically.
 */
export const personSignature = (label: string) =>
  z.discriminatedUnion(
    'status',
    [
      z.object({ status: z.literal('signed'), name: text(`${label}姓名`, 50), signedAt: instant(`${label}签名时间`).optional() }),
      z.object({ status: z.literal('refused'), name: text(`${label}姓名`, 50), note: optionalText(`${label}拒签情况`, 500) }),
    ],
    { error: `${label}签名情况必填（已签名或拒绝签名）` },
  );
export type PersonSignature = z.infer<ReturnType<typeof personSignature>>;

/** The head's approval (负责人审批): who, the opinion in words, the day. */
export const approval = (label: string) =>
  z.object(
    { name: text(`${label}姓名`, 50), opinion: text(`${label}意见`, 1000), date: day(`${label}日期`) },
    { error: `${label}必填` },
  );

/** An evidence item (行政处罚法 art. 46 kinds). */
export const EVIDENCE_KINDS = ['书证', '物证', '视听资料', '电子数据', '证人证言', '当事人的陈述', '鉴定意见', '勘验笔录、现场笔录'] as const;
export const evidenceItem = z.object(
  {
    kind: z.enum(EVIDENCE_KINDS, { error: '证据种类无效（行政处罚法第四十六条）' }),
    name: text('证据名称'),
    proves: text('证明内容', 500),
  },
  { error: '证据必填' },
);
export const evidenceList = list('证据', evidenceItem);

/** An item in a list of things preserved, sealed or seized (物品清单, 行政强制法 art. 24(3)). */
export const goodsItem = z.object(
  {
    name: text('物品名称', 100),
    spec: optionalText('规格型号', 100),
    quantity: z.number({ error: '物品数量必填' }).positive('物品数量应大于零').max(1e9, '物品数量过大'),
    unit: text('计量单位', 10),
    note: optionalText('物品备注', 200),
  },
  { error: '物品必填' },
);
export const goodsList = (label: string) => list(label, goodsItem);

/** Legal provisions, each as written: 《医疗机构管理条例》第二十七条. */
export const provisions = (label: string) => list(label, text(`${label}条文`, 300), 1, 20);

/**
 * The kinds of penalty (行政处罚法 art. 9) that a health authority gives. Money penalties carry
 * fen; confiscated things their description (and value, for art. 63(2)).
 */
export const penalty = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('warning') }),
    z.object({ kind: z.literal('public_criticism') }),
    z.object({ kind: z.literal('fine'), amountFen: fen('罚款金额') }),
    z.object({ kind: z.literal('confiscate_gains'), amountFen: fen('没收违法所得金额') }),
    z.object({ kind: z.literal('confiscate_property'), description: text('没收非法财物名称及数量', 500), valueFen: fen('非法财物价值').optional() }),
    z.object({ kind: z.literal('suspend_licence'), licence: text('暂扣的许可证件', 200), period: text('暂扣期限', 50) }),
    z.object({ kind: z.literal('lower_qualification'), detail: text('降低资质等级内容', 200) }),
    z.object({ kind: z.literal('revoke_licence'), licence: text('吊销的许可证件', 200) }),
    z.object({ kind: z.literal('restrict_business'), detail: text('限制开展生产经营活动内容', 200) }),
    z.object({ kind: z.literal('suspend_business'), period: text('责令停产停业期限', 50) }),
    z.object({ kind: z.literal('close') }),
    z.object({ kind: z.literal('restrict_practice'), detail: text('限制从业内容', 200) }),
  ],
  { error: '处罚种类无效（行政处罚法第九条）' },
);
export type Penalty = z.infer<typeof penalty>;
export const penalties = (label: string) => list(label, penalty, 1, 10);

/** Where a party may ask for reconsideration (行政复议机关) and sue (人民法院). */
export const remedies = z.object(
  { reconsiderationBody: text('行政复议机关'), court: text('管辖人民法院') },
  { error: '复议、诉讼机关必填' },
);
export type Remedies = z.infer<typeof remedies>;

/** Where and how a party pays (行政处罚法 art. 67: a designated bank or the electronic payment system). */
export const payment = z.object(
  {
    payee: text('收款单位（代收银行）'),
    account: optionalText('缴款账号', 60),
    channel: text('缴款方式（指定银行或电子支付系统）', 300),
  },
  { error: '缴款方式和地点必填（行政处罚法第六十七条）' },
);
export type Payment = z.infer<typeof payment>;

/** An agency contact for statements, defences and questions. */
export const contact = z.object(
  { name: text('联系人', 50), phone: text('联系电话', 30), address: text('联系地址') },
  { error: '联系人及联系方式必填' },
);
export type Contact = z.infer<typeof contact>;

/**
 * 行政处罚法 art. 28: the agency orders the party to correct the violation, at once or by a time
 * limit — or records that it has been corrected already.
 */
export const correction = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('order'), what: text('责令改正的内容和期限', 1000) }),
    z.object({ kind: z.literal('corrected'), detail: text('已改正情况', 1000) }),
  ],
  { error: '责令改正情况必填（行政处罚法第二十八条）' },
);
export type Correction = z.infer<typeof correction>;

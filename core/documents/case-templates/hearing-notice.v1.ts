import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { contactSentence, partyRows, you } from './clauses.js';
import { contact, day, instant, optionalText, party, text } from './fields.js';
import { printDate, printDateTime } from './format.js';

/**
 * 听证通知书, 行政处罚法 art. 64: the agency tells the party (and others concerned) the time and
 * place seven days before the hearing (64(2); working days, art. 85 — the case procedure counts
 * them on the legal calendar, this document prints the day); the hearing is public unless it
 * touches state secrets, trade secrets or privacy (64(3)); it is chaired by someone the agency
 * names who did not investigate the case, and the party may ask for the chair's recusal (64(4),
 * art. 43); the party may come in person or send one or two agents (64(5)); not coming without
 * good reason, or leaving without leave, is taken as giving up the hearing (64(6)). The party
 * bears no cost (art. 63 ¶2).
 *
 * Numbering: a 文号 with 听 — a notice to the party under the agency's name. Sealed: yes.
 */

export const HEARING_PRIVATE_REASONS = ['涉及国家秘密', '涉及商业秘密', '涉及个人隐私'] as const;

export const hearingNoticeFields = z
  .object({
    party,
    caseName: text('案由'),
    requestedOn: day('当事人申请听证日期'),
    priorNoticeNumber: text('事先告知书文号', 60),
    hearingAt: instant('听证时间'),
    place: text('听证地点'),
    public: z.boolean({ error: '是否公开举行必填（行政处罚法第六十四条第三项）' }),
    privateReason: z.enum(HEARING_PRIVATE_REASONS, { error: '不公开举行的理由无效（行政处罚法第六十四条第三项）' }).optional(),
    chair: z.object({ name: text('听证主持人姓名', 50), position: text('听证主持人职务', 50) }, { error: '听证主持人必填（行政处罚法第六十四条第四项）' }),
    hearingOfficers: z.array(text('听证员姓名', 50)).max(4, '听证员不超过四人').optional(),
    clerk: text('书记员姓名', 50),
    contact,
    extra: optionalText('其他事项', 500),
  })
  .superRefine((f, ctx) => {
    // The exact rule — notice served seven working days before (art. 64(2), art. 85) — is counted
    // by the case procedure on the legal calendar; a hearing less than seven days after the
    // request cannot meet it whatever the calendar, and is refused here.
    if (Date.parse(f.hearingAt) - Date.parse(`${f.requestedOn}T00:00:00+08:00`) < 7 * 86400_000)
      ctx.addIssue({ code: 'custom', path: ['hearingAt'], message: '听证时间过早：应当在举行听证的七日前通知当事人（行政处罚法第六十四条第二项、第八十五条）' });
    if (!f.public && !f.privateReason)
      ctx.addIssue({ code: 'custom', path: ['privateReason'], message: '不公开举行听证须写明理由：涉及国家秘密、商业秘密或者个人隐私（行政处罚法第六十四条第三项）' });
  });
export type HearingNoticeFields = z.infer<typeof hearingNoticeFields>;

export const hearingNoticeV1: DocumentTemplate<HearingNoticeFields> = {
  kind: 'hearing_notice',
  version: 1,
  title: '听证通知书',
  titleEn: 'Hearing notice',
  numbering: { scheme: 'wenhao', nature: '听' },
  sealed: true,
  fields: hearingNoticeFields,
  body(f, ctx) {
    const who = you(f.party);
    const panel = [`主持人${f.chair.name}（${f.chair.position}）`, ...(f.hearingOfficers ?? []).map((n) => `听证员${n}`), `书记员${f.clerk}`].join('，');
    return [
      { kind: 'title', text: '听证通知书' },
      { kind: 'fields', rows: partyRows(f.party) },
      {
        kind: 'paragraph',
        indent: true,
        text: `根据${who}于${printDate(f.requestedOn)}提出的听证申请，本机关决定就${who}${f.caseName}一案（《行政处罚事先告知书》${f.priorNoticeNumber}）举行听证。现将有关事项通知如下：`,
      },
      {
        kind: 'fields',
        rows: [
          { label: '听证时间', value: printDateTime(f.hearingAt) },
          { label: '听证地点', value: f.place },
          { label: '听证方式', value: f.public ? '公开举行' : `不公开举行（${f.privateReason}）` },
          { label: '听证人员', value: panel },
        ],
      },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `一、听证主持人由本机关指定的非本案调查人员担任。${who}认为主持人、听证员或者书记员与本案有直接利害关系或者有其他关系可能影响公正听证的，有权申请回避，并应当说明理由（《中华人民共和国行政处罚法》第四十三条、第六十四条第四项）。`,
      },
      {
        kind: 'paragraph',
        indent: true,
        text: `二、${who}可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，应当提交由${who}签名或者盖章的授权委托书，载明委托事项和权限（第六十四条第五项）。${f.party.type === 'organisation' ? '法定代表人参加的，应当提交身份证明。' : ''}`,
      },
      { kind: 'paragraph', indent: true, text: `三、${who}可以在听证中进行申辩和质证，并可以携带相关证据材料。` },
      {
        kind: 'paragraph',
        indent: true,
        text: `四、${who}及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证（第六十四条第六项）。${who}不承担组织听证的费用（第六十三条）。`,
      },
      ...(f.extra ? [{ kind: 'paragraph' as const, indent: true, text: `五、${f.extra}` }] : []),
      { kind: 'paragraph', indent: true, text: contactSentence(f.contact) },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};

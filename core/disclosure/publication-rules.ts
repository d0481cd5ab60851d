import type { Refusal } from '../access/grant-rules.js';
import type { PublicationStatus } from '../db/database.js';
import { SPAN_ZH, type Span } from './mask.js';

/**
 * The rules of publication (R15; issue 16 item 5), each naming where it comes from:
 * - 004 附表2 第十一条: 行政执法公示内容应当经行政执法机关主要负责人审定后公示 — nothing is public
 *   before the head of the owning unit approves it, and never on the requester's own word
 *   (001 §26: 未经本单位负责人批准不得公开; R12);
 * - 行政处罚法 art. 50 and 004 附表2 第六条: secrets and privacy are not published — the final text is
 *   checked again at approval and after every edit;
 * - 行政处罚法 art. 48 ¶2: a changed or revoked decision is withdrawn within three days with the reason.
 */
export const PUBLICATION_REFUSALS = {
  self_approval: { code: 'self_approval', rule: '004附表2第十一条；001第二十六条', message: '公开信息须经所属单位负责人审定，申请人不得批准本人提交的公开申请' },
  not_owning_unit: { code: 'not_owning_unit', rule: '004附表2第十一条', message: '只有所属单位（或其上级）的负责人可以审定或撤回该公开信息' },
  not_requested: { code: 'not_requested', rule: '004附表2第十一条；001第二十六条', message: '未经申请并由负责人审定的信息不得公开，请先提交公开申请' },
  not_draft: { code: 'not_draft', rule: '004附表2第十一条', message: '该公开信息已提交审定或已处理，不能再修改或重复提交' },
  not_published: { code: 'not_published', rule: '行政处罚法第四十八条第二款', message: '该信息未公开或已撤回，不能撤回' },
  already_live: { code: 'already_live', rule: '004附表2第十一条', message: '该事项已有待审定或已公开的公开信息' },
  not_decided: { code: 'not_decided', rule: '行政处罚法第四十八条第一款', message: '案件尚未作出行政处罚决定，不能公开' },
  no_penalty: { code: 'no_penalty', rule: '行政处罚法第四十八条第一款', message: '公开的是行政处罚决定；该案决定不予处罚或不予立案，不在公开之列' },
  unmasked: { code: 'unmasked', rule: '行政处罚法第五十条；004附表2第六条', message: '公开文本中仍有个人信息或商业秘密，已拒绝，请遮蔽后再提交' },
  not_a_decision: { code: 'not_a_decision', rule: '行政处罚法第四十八条第二款', message: '只有公开的行政处罚决定因变更、撤销等需撤回；检查结果请以撤回理由直接撤回' },
} as const satisfies Record<string, Refusal>;

export const PUBLICATION_FIELD_MESSAGES: Record<string, Record<'zh-CN' | 'en', string>> = {
  'publication.unmasked': { 'zh-CN': '第{{start}}–{{end}}字仍含{{kindZh}}「{{text}}」，须遮蔽', en: 'Characters {{start}}–{{end}} still hold personal data or a secret ({{kind}}): “{{text}}”' },
  'publication.reason_required': { 'zh-CN': '请填写撤回理由（将向社会公开）', en: 'Give the reason for the withdrawal (it is published)' },
  'publication.opinion_required': { 'zh-CN': '不予公开的，请填写审定意见', en: 'Give your opinion when refusing' },
  'publication.changed_future': { 'zh-CN': '决定变更或撤销的日期不能晚于现在', en: 'The decision cannot have changed in the future' },
  'publication.source_unknown': { 'zh-CN': '所选案件不存在', en: 'The chosen case does not exist' },
};

/** A problem per span still in a text: 400 with the offending spans (their place, kind and text). */
export function unmaskedIssues(spans: readonly Span[], field = 'body') {
  return spans.map((s) => ({ path: [field], message: 'publication.unmasked', params: { kind: s.kind, kindZh: SPAN_ZH[s.kind], start: s.start, end: s.end, text: s.text } }));
}

export const PUBLICATION_STATUS_ZH: Record<PublicationStatus, string> = { draft: '草稿', requested: '待审定', published: '已公开', refused: '不予公开', withdrawn: '已撤回' };

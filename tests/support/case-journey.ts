import type { Db } from '../../core/db/connect.js';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { HttpSession } from './http-client.js';
import { insertFlags } from './review-flags.js';

export type JourneyWs = { case: { id: string; version: number; state: string }; evidence: { id: string; version: number }[] };
export const CHECKLIST = Object.fromEntries(['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'].map((p) => [p, { met: true }]));
export const BASIS = '《消毒管理办法》第四十一条';
export const FACTS = '2026年9月21日，本机关非现场监管设备记录到当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';

/** Records a stage at the case's current version, over HTTP (throws with the server's answer on a refusal). */
export async function recordStage(s: HttpSession, id: string, body: Record<string, unknown>) {
  const w = await s.call<JourneyWs>('GET', `/api/cases/${id}`);
  return s.call<JourneyWs>('POST', `/api/cases/${id}/stages`, { expectedVersion: w.case.version, ...body });
}

/**
 * A confirmed flag of the hospital (biz.hosp's first camera) filed, investigated, discussed and
 * approved over HTTP on a running platform, as the officers and the head would: the case stands
 * at its prior notice (state 'approved'), proposing `fineYuan`. The two investigators are
 * officer.wc and officer2.wc of the demo; the head is manager.jh.
 */
export async function caseToApproval(db: Db, s: { officer: HttpSession; manager: HttpSession }, opts: { fineYuan: number; cause?: string }): Promise<string> {
  const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  const device = await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
  const officerId = s.officer.user.id;
  const [flag] = await insertFlags(db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officerId, first_confirmed_by: officerId }]);
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officerId }));
  const second = await db.selectFrom('users').select('id').where('username', '=', 'officer2.wc').executeTakeFirstOrThrow();
  const filed = await s.officer.call<JourneyWs>('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: opts.cause ?? '未按规定开展消毒工作', category: '医', investigatorIds: [officerId, second.id], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理。', headId: s.manager.user.id });
  const id = filed.case.id;
  for (const e of filed.evidence) await s.officer.call('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: CHECKLIST, expectedVersion: e.version });
  const penalty = { kinds: ['fine'], fineYuan: opts.fineYuan };
  await recordStage(s.officer, id, { kind: 'filing', fields: { report: '经审查，线索证据符合立案条件，建议立案调查。' } });
  await recordStage(s.manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  await recordStage(s.officer, id, { kind: 'investigation_end', fields: { facts: FACTS, evidenceSummary: '监控视频、截图', proposal: `建议罚款${opts.fineYuan}元`, violated: ['《消毒管理办法》第四条'], basis: [BASIS], penalty, discretion: '初次违法，属一般情节。' } });
  const members = ['钱伟', '张伟', '王芳'].map((name) => ({ name, role: '合议人员' }));
  await recordStage(s.officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: `同意罚款${opts.fineYuan}元。`, place: '卫生监督所会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意。' })) } });
  await recordStage(s.manager, id, { kind: 'approval', fields: { opinion: '同意', penalty } });
  return id;
}

/** The officer serves the case's latest document of a kind through every channel the business confirmed; the delivery as the API answers it. */
export async function serveDocument(db: Db, officer: HttpSession, caseId: string, kind: string) {
  const doc = await db.selectFrom('case_documents').select('document_id').where('case_id', '=', caseId).where('kind', '=', kind as never).orderBy('issued_at', 'desc').executeTakeFirstOrThrow();
  return officer.call<{ id: string; status: string }>('POST', `/api/cases/${caseId}/documents/${doc.document_id}/serve`);
}

import { sql, type Kysely } from 'kysely';
import { nextDay, shanghaiDay } from '../calendar/calendar.js';
import type { Database, HoldReason } from '../db/database.js';
import { keptSql, ordinaryDays, type RetentionPolicy } from './recording-retention.js';

/**
 * How long a record is kept (R11), shown on every record: its class, the rule with its article, the
 * last day it is kept (null: permanent, with its case file, or while held) and the holds on it.
 * The seeds:
 * - 000 §15 ¶2; 001 §22 ¶3; 002-音像 §28: audio/video not used as evidence at least 6 months; used
 *   as evidence as long as the case file; 003 §23: a year under the general procedure;
 * - 002-音像 §29; 003 §24: kept long-term on dispute, complaint, obstruction, incident,
 *   reconsideration or litigation, with the head's approval (record_holds);
 * - 000 §15 ¶1; 001 §22 ¶4: documents as the rules on document archives say (the case archive's
 *   class, case_archives; 003 §22).
 */
export type RetentionKind = 'segment' | 'recording' | 'flag_clip' | 'flag_snapshot' | 'document_pdf' | 'case';
export const RETENTION_KINDS: readonly RetentionKind[] = ['segment', 'recording', 'flag_clip', 'flag_snapshot', 'document_pdf', 'case'];
export type RetentionClass = 'ordinary' | 'evidence' | 'case' | 'held' | 'document' | 'purged';
export type HoldBrief = { id: string; reason: HoldReason; reviewOn: string; recordKind: string };
export type Retention = {
  class: RetentionClass;
  /** The rule, with its article. */
  basis: string;
  /** The last day (China Standard Time) the record is kept; null: permanent, with its case file, or held. */
  keepUntil: string | null;
  /** Kept as long as its case file (the case archive's class decides). */
  withCaseFile: boolean;
  held: HoldBrief[];
};

export const BASIS = {
  ordinary: (days: number) => `不作为证据使用的音像记录至少保存6个月，一般程序不少于一年；本平台保存${days}天（000第十五条；001第二十二条；002-音像第二十八条；003第二十三条）`,
  evidence: '作为证据使用的音像记录，保存期限与案卷相同（001第二十二条第（三）项；002-音像第二十八条；000第十五条）',
  caseOpen: '与案卷保存期限相同，案件归档后按档案保管期限（001第二十二条；003第二十二条）',
  caseArchived: (cls: string) => `案卷归档，保管期限${cls === 'permanent' ? '永久' : cls === 'years30' ? '30年' : '10年'}（003第二十二条；001第二十二条第（二）项）`,
  held: '长期保存：经本单位负责人批准保全（002-音像第二十九条；003第二十四条）',
  document: '执法文书参照文书档案保管期限（000第十五条第（一）项；001第二十二条第（四）项）',
  purged: (rule: string) => `已按保存期限销毁（${rule}），留有签名的销毁记录`,
} as const;

type Db = Kysely<Database>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function holdsWhere(db: Db, where: ReturnType<typeof sql<boolean>>): Promise<HoldBrief[]> {
  const { rows } = await sql<{ id: string; reason: HoldReason; review_on: string; record_kind: string }>`
    SELECT h.id, h.reason, h.review_on::text AS review_on, h.record_kind FROM record_holds h
    WHERE h.status = 'in_force' AND (${where}) ORDER BY h.approved_at`.execute(db);
  return rows.map((r) => ({ id: r.id, reason: r.reason, reviewOn: r.review_on, recordKind: r.record_kind }));
}

/** The case file's retention: archived with its class and first day of appraisal, or open. */
async function caseFile(db: Db, caseId: string): Promise<Pick<Retention, 'basis' | 'keepUntil'>> {
  const a = await db.selectFrom('case_archives').select(['retention_class', 'destroy_from']).where('case_id', '=', caseId).executeTakeFirst();
  if (!a) return { basis: BASIS.caseOpen, keepUntil: null };
  return { basis: BASIS.caseArchived(a.retention_class), keepUntil: a.destroy_from ? nextDay(String(a.destroy_from), -1) : null };
}

const caseHolds = (db: Db, caseId: string | null) => (caseId ? holdsWhere(db, sql<boolean>`h.record_kind = 'case' AND h.record_id = ${caseId}::uuid`) : Promise.resolve([]));

/** Where a record is held, is case evidence, evidence, or ordinary: the answer, with its rule. */
function shape(held: HoldBrief[], caseId: string | null, caseRet: Pick<Retention, 'basis' | 'keepUntil'> | null, fallback: Retention): Retention {
  if (held.length) return { class: 'held', basis: BASIS.held, keepUntil: null, withCaseFile: !!caseId, held };
  if (caseId && caseRet) return { class: 'case', basis: caseRet.basis, keepUntil: caseRet.keepUntil, withCaseFile: true, held };
  return { ...fallback, held };
}

/** The retention of one record (null: no such record). */
export async function retentionOf(db: Db, policy: RetentionPolicy, record: { kind: RetentionKind; id: string; window?: { from: Date; to: Date } | null }): Promise<Retention | null> {
  if (!UUID.test(record.id)) return null;
  switch (record.kind) {
    case 'segment': {
      const { rows } = await sql<{ id: string; device_id: string; blob_sha256: string; ended_at: Date; retention_class: string; purged_at: Date | null; category: string; kept: boolean; flagged: boolean; case_id: string | null; rule: string | null }>`
        SELECT s.id, s.device_id, s.blob_sha256, s.ended_at, s.retention_class, s.purged_at, b.category::text AS category, ${keptSql()} AS kept,
          EXISTS (SELECT 1 FROM flag_segments fs WHERE fs.segment_id = s.id) AS flagged,
          coalesce(
            (SELECT cf.case_id FROM flag_segments fs JOIN case_flags cf ON cf.flag_id = fs.flag_id WHERE fs.segment_id = s.id LIMIT 1),
            (SELECT ce.case_id FROM case_evidence ce WHERE ce.kind = 'segments' AND ce.source -> 'segments' @> jsonb_build_array(jsonb_build_object('id', s.id::text)) LIMIT 1)
          ) AS case_id,
          (SELECT bd.rule FROM blob_deletions bd WHERE bd.sha256 = s.blob_sha256) AS rule
        FROM recording_segments s JOIN devices d ON d.id = s.device_id JOIN businesses b ON b.id = d.business_id
        WHERE s.id = ${record.id}::uuid`.execute(db);
      const s = rows[0];
      if (!s) return null;
      if (s.purged_at) return { class: 'purged', basis: BASIS.purged(s.rule ?? 'recording.ordinary'), keepUntil: shanghaiDay(new Date(s.purged_at)), withCaseFile: false, held: [] };
      const held = await holdsWhere(db, sql<boolean>`
        (h.record_kind = 'recording' AND h.record_id = ${s.device_id}::uuid AND h.window_from < ${s.ended_at} AND h.window_to > (SELECT started_at FROM recording_segments WHERE id = ${s.id}::uuid))
        OR (h.record_kind = 'segment' AND h.record_id = ${s.id}::uuid) OR h.record_sha256 = ${s.blob_sha256}
        OR (h.record_kind = 'case' AND h.record_id = ${s.case_id}::uuid)`);
      const days = ordinaryDays(policy, s.category);
      const fallback: Retention =
        s.flagged || s.retention_class === 'evidence' || s.kept
          ? { class: 'evidence', basis: BASIS.evidence, keepUntil: null, withCaseFile: false, held: [] }
          : { class: 'ordinary', basis: BASIS.ordinary(days), keepUntil: shanghaiDay(new Date(new Date(s.ended_at).getTime() + days * 86400_000)), withCaseFile: false, held: [] };
      const caseId = s.case_id ?? (s.retention_class === 'case' ? 'unknown' : null);
      return shape(held, caseId, s.case_id ? await caseFile(db, s.case_id) : caseId ? { basis: BASIS.caseOpen, keepUntil: null } : null, fallback);
    }
    case 'recording': {
      const w = record.window;
      const d = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.id', 'b.category']).where('d.id', '=', record.id).executeTakeFirst();
      if (!d) return null;
      const from = w?.from ?? new Date(0);
      const to = w?.to ?? new Date('9999-01-01T00:00:00Z');
      const held = await holdsWhere(db, sql<boolean>`h.record_kind = 'recording' AND h.record_id = ${d.id}::uuid AND h.window_from < ${to} AND h.window_to > ${from}`);
      // The first ordinary, unkept segment of the window to go: the window starts to go that day.
      const { rows } = await sql<{ first_end: Date | null; kept_any: boolean }>`
        SELECT min(s.ended_at) FILTER (WHERE NOT ${keptSql()}) AS first_end, coalesce(bool_or(${keptSql()}), false) AS kept_any
        FROM recording_segments s WHERE s.device_id = ${d.id}::uuid AND s.purged_at IS NULL AND s.started_at < ${to} AND s.ended_at > ${from}`.execute(db);
      const days = ordinaryDays(policy, d.category);
      const first = rows[0]?.first_end;
      const fallback: Retention = first
        ? { class: 'ordinary', basis: BASIS.ordinary(days), keepUntil: shanghaiDay(new Date(new Date(first).getTime() + days * 86400_000)), withCaseFile: false, held: [] }
        : rows[0]?.kept_any
          ? { class: 'evidence', basis: BASIS.evidence, keepUntil: null, withCaseFile: false, held: [] }
          : { class: 'ordinary', basis: BASIS.ordinary(days), keepUntil: null, withCaseFile: false, held: [] };
      return shape(held, null, null, fallback);
    }
    case 'flag_clip':
    case 'flag_snapshot': {
      const f = await db.selectFrom('flags as f').leftJoin('case_flags as cf', 'cf.flag_id', 'f.id').select(['f.id', 'cf.case_id']).where('f.id', '=', record.id).executeTakeFirst();
      if (!f) return null;
      const held = [...(await holdsWhere(db, sql<boolean>`h.record_kind = ${record.kind} AND h.record_id = ${f.id}::uuid`)), ...(await caseHolds(db, f.case_id))];
      return shape(held, f.case_id, f.case_id ? await caseFile(db, f.case_id) : null, { class: 'evidence', basis: BASIS.evidence, keepUntil: null, withCaseFile: false, held: [] });
    }
    case 'document_pdf': {
      const doc = await db.selectFrom('documents').select(['id', 'subject_type', 'subject_id', 'pdf_sha256']).where('id', '=', record.id).executeTakeFirst();
      if (!doc) return null;
      const caseId = doc.subject_type === 'case' ? doc.subject_id : null;
      const held = [...(await holdsWhere(db, sql<boolean>`(h.record_kind = 'document_pdf' AND h.record_id = ${doc.id}::uuid) OR h.record_sha256 = ${doc.pdf_sha256}`)), ...(await caseHolds(db, caseId))];
      return shape(held, caseId, caseId ? await caseFile(db, caseId) : null, { class: 'document', basis: BASIS.document, keepUntil: null, withCaseFile: false, held: [] });
    }
    case 'case': {
      const c = await db.selectFrom('cases').select('id').where('id', '=', record.id).executeTakeFirst();
      if (!c) return null;
      return shape(await caseHolds(db, c.id), c.id, await caseFile(db, c.id), { class: 'case', basis: BASIS.caseOpen, keepUntil: null, withCaseFile: true, held: [] });
    }
  }
}

import { FLAG_TYPE_ZH, type FlagType } from '../../core/analysis/rule-kinds.js';
import type { Figures } from '../../core/dashboard/figures.js';
import { change } from '../../core/dashboard/figures.js';
import { CATEGORY_LABELS, EXPORT_TEXT, FIGURE_KEYS, FIGURE_LABELS, REVIEW_STATUS_LABELS, type ExportLang } from '../../core/dashboard/labels.js';
import type { Cell, Column, Sheet } from '../../core/export/table-export.js';
import type { QueueRow } from '../review/review.repository.js';
import type { DashboardDto } from './dashboard.service.js';

const text = (lang: ExportLang) => (k: keyof typeof EXPORT_TEXT) => EXPORT_TEXT[k][lang];
const categoryName = (c: string, lang: ExportLang) => CATEGORY_LABELS[c]?.[lang] ?? c;
const typeName = (t: string, lang: ExportLang) => (lang === 'zh-CN' ? (FLAG_TYPE_ZH[t as FlagType] ?? t) : t.replaceAll('_', ' '));
const figureColumns = (lang: ExportLang): Column[] => FIGURE_KEYS.map((k) => ({ header: FIGURE_LABELS[k][lang], kind: FIGURE_LABELS[k].kind }));
const figureCells = (f: Figures): Cell[] => FIGURE_KEYS.map((k) => f[k]);

/**
 * The dashboard as tables (issue 16 item 1): 概览 (each figure this period, the previous one and the
 * change), 地区 (the direct sub-regions), 类别, 规则 (per flag type), 执法人员, 每日 — in the caller's language.
 */
export function dashboardSheets(d: DashboardDto, lang: ExportLang): Sheet[] {
  const t = text(lang);
  return [
    {
      name: t('overview'),
      columns: [{ header: t('figure'), kind: 'text', width: 26 }, { header: `${t('current')} ${d.period.from}~${d.period.to}`, kind: 'number', width: 24 }, { header: `${t('previous')} ${d.previous.from}~${d.previous.to}`, kind: 'number', width: 24 }, { header: t('change'), kind: 'number' }],
      // Each row in its figure's format (a share as a percentage, a count as a whole number).
      rows: FIGURE_KEYS.map((k) => {
        const kind = FIGURE_LABELS[k].kind;
        return [FIGURE_LABELS[k][lang], { value: d.totals[k], kind }, { value: d.previousTotals[k], kind }, { value: change(d.totals[k], d.previousTotals[k]), kind }];
      }),
    },
    { name: t('regions'), columns: [{ header: t('region'), kind: 'text', width: 30 }, ...figureColumns(lang)], rows: d.regions.map((r) => [r.agency.name, ...figureCells(r.figures)]) },
    { name: t('categories'), columns: [{ header: t('category'), kind: 'text' }, ...figureColumns(lang)], rows: d.categories.map((c) => [categoryName(c.category, lang), ...figureCells(c.figures)]) },
    {
      name: t('rules'),
      columns: [{ header: t('type'), kind: 'text', width: 26 }, { header: FIGURE_LABELS.flags[lang], kind: 'integer' }, { header: FIGURE_LABELS.confirmed[lang], kind: 'integer' }, { header: FIGURE_LABELS.dismissed[lang], kind: 'integer' }, { header: FIGURE_LABELS.precision[lang], kind: 'percent' }],
      rows: d.flagTypes.map((f) => [typeName(f.type, lang), f.flags, f.confirmed, f.dismissed, f.precision]),
    },
    {
      name: t('officers'),
      columns: [
        { header: t('officer'), kind: 'text' }, { header: t('agency'), kind: 'text', width: 30 }, { header: t('assigned'), kind: 'integer' }, { header: FIGURE_LABELS.decided[lang], kind: 'integer' },
        { header: FIGURE_LABELS.confirmed[lang], kind: 'integer' }, { header: FIGURE_LABELS.overdue[lang], kind: 'integer' }, { header: FIGURE_LABELS.openOverdue[lang], kind: 'integer' }, { header: FIGURE_LABELS.medianTriageMinutes[lang], kind: 'number' },
      ],
      rows: d.officers.map((o) => [o.name, o.agencyName, o.assigned, o.decided, o.confirmed, o.overdue, o.openOverdue, o.medianTriageMinutes]),
    },
    {
      name: t('daily'),
      columns: [{ header: t('day'), kind: 'text', width: 12 }, { header: FIGURE_LABELS.flags[lang], kind: 'integer' }, { header: FIGURE_LABELS.decided[lang], kind: 'integer' }, { header: FIGURE_LABELS.overdue[lang], kind: 'integer' }, { header: FIGURE_LABELS.uptime[lang], kind: 'percent' }],
      rows: d.daily.map((x) => [x.day, x.flags, x.decided, x.overdue, x.uptime]),
    },
  ];
}

/** The flag list's columns (the review queue's rows, as filtered). */
export function queueSheet(rows: AsyncIterable<QueueRow>, now: Date, lang: ExportLang): Sheet {
  const t = text(lang);
  async function* cells(): AsyncGenerator<Cell[]> {
    for await (const r of rows) {
      const open = r.review_status !== 'confirmed' && r.review_status !== 'dismissed';
      const deadline = new Date(r.deadline_at);
      yield [
        r.id, typeName(r.type, lang), r.business_name, r.site_name, r.device_name, r.agency_name, categoryName(r.category, lang), r.rule_name,
        new Date(r.started_at), new Date(r.created_at), deadline, REVIEW_STATUS_LABELS[r.review_status]?.[lang] ?? r.review_status,
        (open ? deadline < now : r.decided_at !== null && new Date(r.decided_at) > deadline) ? t('yes') : t('no'),
        r.assignee_name, r.decided_at ? new Date(r.decided_at) : null, r.dismiss_reason,
      ];
    }
  }
  return {
    name: t('flags'),
    columns: [
      { header: t('id'), kind: 'text', width: 38 }, { header: t('type'), kind: 'text' }, { header: t('business'), kind: 'text', width: 28 }, { header: t('site'), kind: 'text' }, { header: t('device'), kind: 'text' },
      { header: t('agency'), kind: 'text', width: 28 }, { header: t('category'), kind: 'text', width: 12 }, { header: t('rule'), kind: 'text' }, { header: t('startedAt'), kind: 'datetime' }, { header: t('createdAt'), kind: 'datetime' },
      { header: t('deadlineAt'), kind: 'datetime' }, { header: t('status'), kind: 'text', width: 12 }, { header: t('overdueNow'), kind: 'text', width: 10 }, { header: t('assignee'), kind: 'text' }, { header: t('decidedAt'), kind: 'datetime' }, { header: t('dismissReason'), kind: 'text' },
    ],
    rows: cells(),
  };
}

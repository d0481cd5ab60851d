import type { ColumnKind } from '../export/table-export.js';
import type { Figures } from './figures.js';

/** The languages exports are written in: the caller's (Accept-Language), Chinese first. */
export type ExportLang = 'zh-CN' | 'en';
type Label = Record<ExportLang, string>;

/** Each figure's name in the exports, and how a spreadsheet shows it. */
export const FIGURE_LABELS: Record<keyof Figures, Label & { kind: ColumnKind }> = {
  businesses: { 'zh-CN': '监管单位数', en: 'Businesses', kind: 'integer' },
  coveredBusinesses: { 'zh-CN': '已覆盖单位数', en: 'Covered businesses', kind: 'integer' },
  coverage: { 'zh-CN': '覆盖率', en: 'Coverage', kind: 'percent' },
  devices: { 'zh-CN': '在用设备数', en: 'Devices under consent', kind: 'integer' },
  onlineDevices: { 'zh-CN': '曾在线设备数', en: 'Devices online', kind: 'integer' },
  uptime: { 'zh-CN': '在线率', en: 'Uptime', kind: 'percent' },
  blindMinutes: { 'zh-CN': '画面无效时长(分钟)', en: 'Blind minutes', kind: 'number' },
  tamperEvents: { 'zh-CN': '遮挡/干扰事件', en: 'Tamper events', kind: 'integer' },
  gaps: { 'zh-CN': '录像中断次数', en: 'Recording gaps', kind: 'integer' },
  gapMinutes: { 'zh-CN': '录像中断时长(分钟)', en: 'Gap minutes', kind: 'number' },
  flags: { 'zh-CN': '预警数', en: 'Flags', kind: 'integer' },
  decided: { 'zh-CN': '已处理', en: 'Decided', kind: 'integer' },
  confirmed: { 'zh-CN': '确认', en: 'Confirmed', kind: 'integer' },
  dismissed: { 'zh-CN': '排除', en: 'Dismissed', kind: 'integer' },
  precision: { 'zh-CN': '准确率', en: 'Precision', kind: 'percent' },
  medianTriageMinutes: { 'zh-CN': '处理用时中位数(分钟)', en: 'Median triage minutes', kind: 'number' },
  overdue: { 'zh-CN': '超期数', en: 'Overdue', kind: 'integer' },
  openOverdue: { 'zh-CN': '超期未处理', en: 'Overdue, still open', kind: 'integer' },
  casesFiled: { 'zh-CN': '立案数', en: 'Cases filed', kind: 'integer' },
  medianFilingDays: { 'zh-CN': '立案用时中位数(天)', en: 'Median filing days', kind: 'number' },
  medianCaseDays: { 'zh-CN': '办案用时中位数(天)', en: 'Median case days', kind: 'number' },
  medianServiceHours: { 'zh-CN': '送达用时中位数(小时)', en: 'Median service hours', kind: 'number' },
  overdueStages: { 'zh-CN': '超期环节数', en: 'Overdue stages', kind: 'integer' },
};
export const FIGURE_KEYS = Object.keys(FIGURE_LABELS) as (keyof Figures)[];

export const CATEGORY_LABELS: Record<string, Label> = {
  medical: { 'zh-CN': '医疗机构', en: 'Medical' },
  public_place: { 'zh-CN': '公共场所', en: 'Public place' },
  school_canteen: { 'zh-CN': '学校食堂', en: 'School canteen' },
  water_supply: { 'zh-CN': '供水单位', en: 'Water supply' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const REVIEW_STATUS_LABELS: Record<string, Label> = {
  new: { 'zh-CN': '待处理', en: 'New' },
  in_review: { 'zh-CN': '处理中', en: 'In review' },
  awaiting_second: { 'zh-CN': '待复核', en: 'Awaiting second officer' },
  escalated: { 'zh-CN': '已上报', en: 'Escalated' },
  confirmed: { 'zh-CN': '已确认', en: 'Confirmed' },
  dismissed: { 'zh-CN': '已排除', en: 'Dismissed' },
};

/** Sheet names and column headers of the exports. */
export const EXPORT_TEXT = {
  overview: { 'zh-CN': '概览', en: 'Overview' },
  regions: { 'zh-CN': '地区', en: 'Regions' },
  categories: { 'zh-CN': '类别', en: 'Categories' },
  rules: { 'zh-CN': '规则', en: 'Rules' },
  officers: { 'zh-CN': '执法人员', en: 'Officers' },
  daily: { 'zh-CN': '每日', en: 'Daily' },
  flags: { 'zh-CN': '预警列表', en: 'Flags' },
  figure: { 'zh-CN': '指标', en: 'Figure' },
  current: { 'zh-CN': '本期', en: 'This period' },
  previous: { 'zh-CN': '上期', en: 'Previous period' },
  change: { 'zh-CN': '变化', en: 'Change' },
  region: { 'zh-CN': '地区', en: 'Region' },
  category: { 'zh-CN': '类别', en: 'Category' },
  type: { 'zh-CN': '预警类型', en: 'Flag type' },
  officer: { 'zh-CN': '执法人员', en: 'Officer' },
  agency: { 'zh-CN': '所属机构', en: 'Agency' },
  assigned: { 'zh-CN': '分派数', en: 'Assigned' },
  day: { 'zh-CN': '日期', en: 'Day' },
  id: { 'zh-CN': '编号', en: 'ID' },
  business: { 'zh-CN': '单位', en: 'Business' },
  site: { 'zh-CN': '场所', en: 'Site' },
  device: { 'zh-CN': '设备', en: 'Device' },
  rule: { 'zh-CN': '规则', en: 'Rule' },
  startedAt: { 'zh-CN': '发生时间(北京时间)', en: 'Started (Beijing time)' },
  createdAt: { 'zh-CN': '预警时间(北京时间)', en: 'Raised (Beijing time)' },
  deadlineAt: { 'zh-CN': '处理期限(北京时间)', en: 'Deadline (Beijing time)' },
  decidedAt: { 'zh-CN': '处理时间(北京时间)', en: 'Decided (Beijing time)' },
  status: { 'zh-CN': '状态', en: 'Status' },
  overdueNow: { 'zh-CN': '是否超期', en: 'Overdue' },
  assignee: { 'zh-CN': '处理人', en: 'Assignee' },
  dismissReason: { 'zh-CN': '排除原因', en: 'Dismissal reason' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
} satisfies Record<string, Label>;

import type { BusinessCategory } from '../db/database.js';

/**
 * Self-inspection checklists per business category (R14; seed 002 §14: the business reports its
 * own supervision and commits in writing that it is true). The seeds name no items, so each item
 * comes from the standard check of its category, cited in `basis`. A checklist is versioned: a
 * report keeps the version it was filled on; a changed list is a new version, never an edit.
 */
export type ChecklistItem = {
  key: string;
  /** The question as the business reads it (Chinese first; the web has no English copy of items). */
  text: string;
  basis: string;
  /** A photo must show it (unless answered 不适用). */
  photo: boolean;
};
export type Checklist = { category: BusinessCategory; version: number; title: string; items: readonly ChecklistItem[] };

const FOOD = '《餐饮服务食品安全操作规范》(市场监管总局公告 2018 年第 12 号)';
const SCHOOL = '《学校食品安全与营养健康管理规定》(教育部 市场监管总局 卫生健康委令 第 45 号, 2019)';
const PUBLIC = '《公共场所卫生管理条例实施细则》(卫生部令 第 80 号, 2011, 2017 修订)';
const WATER = '《生活饮用水卫生监督管理办法》(2016 修订); GB 17051《二次供水设施卫生规范》';
const MEDICAL = 'WS/T 367《医疗机构消毒技术规范》; 《医疗废物管理条例》';

const kitchen = (prefix: string): ChecklistItem[] => [
  { key: `${prefix}.health_certificates`, text: '从业人员均持有效健康证明，每日晨检有记录', basis: `${FOOD}; 《食品安全法》第四十五条`, photo: false },
  { key: `${prefix}.raw_cooked_separate`, text: '生熟食品分开存放、分区加工，工具容器标识清楚', basis: FOOD, photo: true },
  { key: `${prefix}.tableware_disinfection`, text: '餐用具清洗消毒并保洁存放，消毒记录完整', basis: FOOD, photo: true },
  { key: `${prefix}.food_samples`, text: '每餐次食品留样不少于 125 克、冷藏 48 小时以上，留样记录完整', basis: FOOD, photo: true },
  { key: `${prefix}.pest_control`, text: '防鼠、防蝇、防虫设施完好有效', basis: FOOD, photo: false },
  { key: `${prefix}.purchase_records`, text: '食品及原料进货查验、索证索票记录完整，无过期变质原料', basis: `${FOOD}; 《食品安全法》第五十三条`, photo: false },
  { key: `${prefix}.devices_intact`, text: '非现场监管设备完好、在线，未被遮挡、移动或拆除', basis: '002 非现场执法工作办法 §11、§23', photo: true },
];

export const CHECKLISTS: readonly Checklist[] = [
  {
    category: 'school_canteen',
    version: 1,
    title: '学校食堂食品安全自查表',
    items: [...kitchen('kitchen'), { key: 'school.accompanied_meals', text: '学校负责人陪餐并有陪餐记录', basis: SCHOOL, photo: false }],
  },
  {
    category: 'medical',
    version: 1,
    title: '医疗机构(营养食堂与消毒)自查表',
    items: [
      ...kitchen('kitchen'),
      { key: 'medical.disinfection_monitoring', text: '按规定开展消毒效果监测，记录完整', basis: MEDICAL, photo: false },
      { key: 'medical.waste_handover', text: '医疗废物分类收集、暂存，交接登记完整', basis: MEDICAL, photo: true },
    ],
  },
  {
    category: 'public_place',
    version: 1,
    title: '公共场所卫生自查表',
    items: [
      { key: 'public.hygiene_permit', text: '卫生许可证在有效期内并在醒目位置公示', basis: PUBLIC, photo: true },
      { key: 'public.staff_health', text: '直接为顾客服务的从业人员持有效健康合格证明', basis: `${PUBLIC} 第十条`, photo: false },
      { key: 'public.supplies_disinfection', text: '顾客用品用具一客一换一消毒，清洗消毒记录完整', basis: `${PUBLIC} 第十四条`, photo: true },
      { key: 'public.annual_testing', text: '空气、水质等卫生检测每年不少于一次，结果已公示', basis: `${PUBLIC} 第十九条`, photo: false },
      { key: 'public.pool_water', text: '游泳池水质按规定检测(余氯、pH 等)并公示(无泳池填不适用)', basis: `${PUBLIC} 第十九条; GB 37488《公共场所卫生指标及限值要求》`, photo: false },
      { key: 'public.devices_intact', text: '非现场监管设备完好、在线，未被遮挡、移动或拆除', basis: '002 非现场执法工作办法 §11、§23', photo: true },
    ],
  },
  {
    category: 'water_supply',
    version: 1,
    title: '供水单位卫生自查表',
    items: [
      { key: 'water.permit', text: '卫生许可证在有效期内', basis: WATER, photo: false },
      { key: 'water.staff_health', text: '直接从事供、管水的人员持有效健康证明', basis: WATER, photo: false },
      { key: 'water.tank_cleaning', text: '水箱(池)按规定清洗消毒，记录完整', basis: WATER, photo: true },
      { key: 'water.quality_testing', text: '水质按规定检测，结果合格并存档', basis: `${WATER}; GB 5749《生活饮用水卫生标准》`, photo: false },
      { key: 'water.devices_intact', text: '在线监测设备完好、在线，未被遮挡、移动或拆除', basis: '002 非现场执法工作办法 §11、§23', photo: true },
    ],
  },
  {
    category: 'other',
    version: 1,
    title: '卫生自查表',
    items: [
      { key: 'other.permits', text: '相关许可证照在有效期内', basis: '002 非现场执法工作办法 §14', photo: false },
      { key: 'other.records', text: '卫生管理制度落实，自查记录完整', basis: '002 非现场执法工作办法 §14', photo: false },
      { key: 'other.devices_intact', text: '非现场监管设备完好、在线，未被遮挡、移动或拆除', basis: '002 非现场执法工作办法 §11、§23', photo: true },
    ],
  },
];

/** The current checklist of a category (the highest version). */
export function currentChecklist(category: BusinessCategory): Checklist {
  const all = CHECKLISTS.filter((c) => c.category === category);
  return all.reduce((a, b) => (b.version > a.version ? b : a));
}

export function checklistVersion(category: BusinessCategory, version: number): Checklist | null {
  return CHECKLISTS.find((c) => c.category === category && c.version === version) ?? null;
}

/** One answer: 是 / 否 / 不适用, a note (required for 否 and 不适用: what is wrong and what is done), photos by id. */
export type Answer = { key: string; answer: 'yes' | 'no' | 'na' | null; note: string; photoIds: string[] };

export type ChecklistProblem = { path: (string | number)[]; message: 'self_report.item_unanswered' | 'self_report.note_required' | 'self_report.photo_required' | 'self_report.unknown_item' };

/**
 * What keeps a filled checklist from being signed: each item answered, a note for 否 / 不适用, a
 * photo where the item asks for one (unless 不适用), no answers to items the list does not have.
 * Empty: complete.
 */
export function checklistProblems(list: Checklist, answers: readonly Answer[]): ChecklistProblem[] {
  const problems: ChecklistProblem[] = [];
  const keys = new Set(list.items.map((i) => i.key));
  answers.forEach((a, i) => {
    if (!keys.has(a.key)) problems.push({ path: ['answers', i, 'key'], message: 'self_report.unknown_item' });
  });
  for (const item of list.items) {
    const a = answers.find((x) => x.key === item.key);
    if (!a || !a.answer) {
      problems.push({ path: ['answers', item.key], message: 'self_report.item_unanswered' });
      continue;
    }
    if (a.answer !== 'yes' && !a.note.trim()) problems.push({ path: ['answers', item.key, 'note'], message: 'self_report.note_required' });
    if (item.photo && a.answer !== 'na' && a.photoIds.length === 0) problems.push({ path: ['answers', item.key, 'photoIds'], message: 'self_report.photo_required' });
  }
  return problems;
}

/** The answers in the checklist's order, one per item (blank where none was given): what is stored and hashed. */
export function orderedAnswers(list: Checklist, answers: readonly Answer[]): Answer[] {
  return list.items.map((item) => {
    const a = answers.find((x) => x.key === item.key);
    return { key: item.key, answer: a?.answer ?? null, note: a?.note.trim() ?? '', photoIds: [...new Set(a?.photoIds ?? [])] };
  });
}

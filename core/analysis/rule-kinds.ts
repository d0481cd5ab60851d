import type { RuleDefinition } from './rule-definition.js';

/**
 * The rule and flag vocabulary without the validation library: the API and the analyzer use it
 * through rule-definition.ts, the web imports it directly (one list, not a copy per side).
 */
export const RULE_KINDS = ['restricted_area', 'after_hours', 'overcrowding', 'unattended_post', 'animal', 'phone_use'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Camera faults and tampering the analyzer recognises without a model (R2). */
export const TAMPER_TYPES = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved', 'stream_lost'] as const;
export type TamperType = (typeof TAMPER_TYPES)[number];

/** Sensor readings that stay outside their standard's limits (R4: data analysis; core/sensors). */
export const SENSOR_FLAG_TYPES = ['free_chlorine_out_of_range', 'turbidity_out_of_range'] as const;
export type SensorFlagType = (typeof SENSOR_FLAG_TYPES)[number];

export type FlagType = RuleKind | TamperType | SensorFlagType;
export const FLAG_TYPES: readonly FlagType[] = [...RULE_KINDS, ...TAMPER_TYPES, ...SENSOR_FLAG_TYPES];

/** Flag types in Chinese: the UI's zh-CN text and the server's notices to businesses say the same words. */
export const FLAG_TYPE_ZH: Record<FlagType, string> = {
  restricted_area: '违规进入限制区域',
  after_hours: '非营业时间有人',
  overcrowding: '人员聚集超限',
  unattended_post: '岗位无人值守',
  animal: '食品区域出现动物',
  phone_use: '食品/无菌区域使用手机',
  camera_covered: '摄像头被遮挡/画面过暗',
  camera_blurred: '画面模糊',
  picture_frozen: '画面冻结',
  view_moved: '视角被移动',
  stream_lost: '视频信号中断',
  free_chlorine_out_of_range: '游离性余氯持续超出限值',
  turbidity_out_of_range: '浑浊度持续超出限值',
};

/** COCO classes the rules may name (the model sees these; it cannot see rodents, masks, hats or smoking). */
export const RULE_LABELS = ['person', 'cat', 'dog', 'bird', 'cell phone', 'knife', 'bottle', 'cup', 'bowl'] as const;
export type RuleLabel = (typeof RULE_LABELS)[number];

/** Kinds whose rule means a place in the picture: without a drawn zone it would silently watch the whole picture. */
export const ZONED_KINDS: readonly RuleKind[] = ['restricted_area'];

/** Kinds whose rule needs a count: overcrowding (most allowed), unattended_post (fewest required). */
export const COUNTED_KINDS: readonly RuleKind[] = ['overcrowding', 'unattended_post'];

/** Sensible starting points per kind (the UI pre-fills them; the API applies them to gaps). */
export const RULE_DEFAULTS: Record<RuleKind, Partial<RuleDefinition>> = {
  restricted_area: { labels: ['person'], minDwellS: 3, minScore: 0.4 },
  after_hours: { labels: ['person'], minDwellS: 5, minScore: 0.4, schedule: { mode: 'outside', windows: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '06:00', to: '20:00' }], timeZone: 'Asia/Shanghai' } },
  overcrowding: { labels: ['person'], minDwellS: 10, countLimit: 10, minScore: 0.4 },
  unattended_post: { labels: ['person'], minDwellS: 60, countLimit: 1, minScore: 0.35 },
  animal: { labels: ['cat', 'dog', 'bird'], minDwellS: 1, minScore: 0.35 },
  phone_use: { labels: ['cell phone'], minDwellS: 3, minScore: 0.35 },
};

import { FLAG_TYPE_ZH, RULE_DEFAULTS, RULE_KINDS, TAMPER_TYPES, type FlagType, type RuleKind, type TamperType } from './rule-kinds.js';

/**
 * What the platform's analysis can actually do, and what it cannot: the one source for the
 * 分析内容 clause a business signs (api/consent) and for the note on the analysis page
 * (web CannotDetectNote). Pure (no Node, no I/O): the web imports it as it imports rule-kinds.
 */

/** What no shipped model detects (COCO has no rodent class; no model sees masks, hats or smoking). */
export const UNDETECTABLE = ['rodents', 'masks', 'hats', 'smoking'] as const;
export type Undetectable = (typeof UNDETECTABLE)[number];

/** The same things in words, per language: the consent and the analysis page say them alike. */
export const UNDETECTABLE_WORDS: Record<'zh-CN' | 'en', Record<Undetectable, string>> = {
  'zh-CN': { rodents: '老鼠', masks: '是否戴口罩', hats: '是否戴帽子', smoking: '吸烟' },
  en: { rodents: 'rodents', masks: 'whether a mask is worn', hats: 'whether a hat is worn', smoking: 'smoking' },
};

/** Flag types in English, for the English reading view of the consent. */
export const FLAG_TYPE_EN: Record<FlagType, string> = {
  restricted_area: 'entry into a restricted area',
  after_hours: 'people present outside opening hours',
  overcrowding: 'more people than allowed',
  unattended_post: 'a post left unattended',
  animal: 'an animal (cat, dog, bird) in a food area',
  phone_use: 'a phone used in a food or sterile area',
  camera_covered: 'camera covered or picture too dark',
  camera_blurred: 'picture blurred',
  picture_frozen: 'picture frozen',
  view_moved: 'camera view moved',
  stream_lost: 'video signal lost',
  free_chlorine_out_of_range: 'free chlorine out of its limits for a sustained time',
  turbidity_out_of_range: 'turbidity out of its limits for a sustained time',
};

/** What the analysis does, as agreed in a consent (stored with it: it is what was promised). */
export type AnalysisCapabilities = {
  /** Rule kinds the model can serve: at least one of the labels the kind looks for is among the model's. */
  ruleKinds: RuleKind[];
  /** Camera faults and tampering, recognised without a model. */
  tamper: TamperType[];
  /** Named plainly as not detected, so no one relies on it. */
  cannotDetect: Undetectable[];
};

/** The model as far as capabilities go: the labels it detects (from its manifest). */
export type ModelLabels = { labels: readonly string[] };

/**
 * Capabilities from the rule kinds the platform has and the labels the model detects (its
 * manifest). A rule kind whose labels the model cannot see is left out: the consent never
 * promises it. `kinds` and `tamper` are parameters so a test can add or remove one.
 */
export function analysisCapabilities(model: ModelLabels, kinds: readonly RuleKind[] = RULE_KINDS, tamper: readonly TamperType[] = TAMPER_TYPES): AnalysisCapabilities {
  const seen = new Set(model.labels);
  return {
    ruleKinds: kinds.filter((k) => (RULE_DEFAULTS[k].labels ?? []).some((l) => seen.has(l))),
    tamper: [...tamper],
    cannotDetect: UNDETECTABLE.filter((u) => !seen.has(u)),
  };
}

/**
 * The 分析内容 clause of the consent, from the capabilities alone: what is flagged, what camera
 * faults are watched, what is not detected, and that a flag is a lead an officer checks, never a
 * finding by itself (seed 002 §8, §15: leads are handled and confirmed by officers).
 */
export function analysisClause(c: AnalysisCapabilities, lang: 'zh-CN' | 'en'): string {
  if (lang === 'en') {
    const kinds = c.ruleKinds.map((k) => FLAG_TYPE_EN[k]).join('; ');
    const faults = c.tamper.map((k) => FLAG_TYPE_EN[k]).join('; ');
    return [
      kinds
        ? `The platform analyses the video of the cameras above by image recognition and behaviour analysis, and warns officers of: ${kinds} (where the agency has set such a rule for a camera).`
        : 'The platform does not analyse behaviour in the video of the cameras above.',
      faults ? `It also watches the cameras for faults and tampering: ${faults}.` : '',
      c.cannotDetect.length ? `It cannot detect ${c.cannotDetect.map((u) => UNDETECTABLE_WORDS.en[u]).join(', ')}, and raises no warning about them.` : '',
      'A warning is a lead for an officer to check; it is not by itself a finding of a violation.',
    ]
      .filter(Boolean)
      .join(' ');
  }
  const kinds = c.ruleKinds.map((k) => FLAG_TYPE_ZH[k]).join('、');
  const faults = c.tamper.map((k) => FLAG_TYPE_ZH[k]).join('、');
  return [
    kinds
      ? `平台对上述摄像设备的视频进行图像识别和行为分析，发现下列情形时向执法人员预警：${kinds}（以执法机构为该设备设置的分析规则为限）。`
      : '平台不对上述摄像设备的视频进行行为识别。',
    faults ? `平台同时监测设备异常：${faults}。` : '',
    c.cannotDetect.length ? `平台不能识别${c.cannotDetect.map((u) => UNDETECTABLE_WORDS['zh-CN'][u]).join('、')}，不就此类情形预警。` : '',
    '预警仅为执法线索，须经执法人员核查确认，不直接作为认定违法事实的结论。',
  ].join('');
}

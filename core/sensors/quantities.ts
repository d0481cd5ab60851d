import type { BusinessCategory } from '../db/database.js';

/**
 * What water-quality sensors measure (R4: data analysis, not only images), in which unit, and
 * which values a working probe can report at all. A value outside the plausible range is a
 * broken probe or a wrong unit, and is refused at ingest; a value inside it but outside the
 * limits below is a reading like any other, and is what the threshold rules look at.
 */
export const QUANTITIES = ['free_chlorine', 'turbidity'] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const QUANTITY_SPEC: Record<Quantity, { unit: string; plausible: { min: number; max: number }; zh: string; en: string }> = {
  // Amperometric / DPD free-chlorine probes read 0–20 mg/L.
  free_chlorine: { unit: 'mg/L', plausible: { min: 0, max: 20 }, zh: '游离性余氯', en: 'Free chlorine' },
  // Nephelometric turbidity probes read 0–4000 NTU.
  turbidity: { unit: 'NTU', plausible: { min: 0, max: 4000 }, zh: '浑浊度', en: 'Turbidity' },
};

export type Limit = { min: number | null; max: number | null; standard: string };

/**
 * The limits readings are held to, by what the water is for (the business category). The
 * seeds (enforcement-procedure rules) set no water-quality values; these come from the
 * national hygiene standards the inspections apply:
 * - Swimming pools of public places — GB 37488-2019《公共场所卫生指标及限值要求》, 人工游泳池水质:
 *   游离性余氯 0.3–1.0 mg/L, 浑浊度 ≤ 1 NTU.
 * - Water-supply units, water leaving the plant — GB 5749-2022《生活饮用水卫生标准》表 1 / 附录 A
 *   (出厂水): 游离氯 ≥ 0.3 mg/L and ≤ 2 mg/L; 浑浊度 ≤ 1 NTU.
 * - Drinking water at the tap elsewhere (canteens, hospitals) — GB 5749-2022 末梢水:
 *   游离氯 ≥ 0.05 mg/L, ≤ 2 mg/L; 浑浊度 ≤ 1 NTU.
 */
export function limitsFor(category: BusinessCategory, quantity: Quantity): Limit {
  if (category === 'public_place') {
    const std = 'GB 37488-2019 人工游泳池水质';
    return quantity === 'free_chlorine' ? { min: 0.3, max: 1.0, standard: std } : { min: null, max: 1, standard: std };
  }
  if (category === 'water_supply') {
    const std = 'GB 5749-2022 出厂水';
    return quantity === 'free_chlorine' ? { min: 0.3, max: 2, standard: std } : { min: null, max: 1, standard: std };
  }
  const std = 'GB 5749-2022 末梢水';
  return quantity === 'free_chlorine' ? { min: 0.05, max: 2, standard: std } : { min: null, max: 1, standard: std };
}

export const outOfRange = (value: number, l: Limit) => (l.min !== null && value < l.min) || (l.max !== null && value > l.max);

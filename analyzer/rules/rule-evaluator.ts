import { objectLabelEn, objectLabelZh } from '../../core/analysis/object-labels.js';
import type { RuleDefinition, RuleKind } from '../../core/analysis/rule-definition.js';
import { scheduleActive } from './schedule.js';
import { anchorPoint, insidePolygon } from './zone.js';

/** A detection with its box relative to the picture (0–1). */
export type RelDetection = { label: string; score: number; box: [number, number, number, number] };

/** Detections in a frame's pixels → relative to the picture (rules and zones speak 0–1). */
export function relativeTo(frame: { width: number; height: number }, dets: readonly RelDetection[]): RelDetection[] {
  return dets.map((d) => ({ label: d.label, score: d.score, box: [d.box[0] / frame.width, d.box[1] / frame.height, d.box[2] / frame.width, d.box[3] / frame.height] }));
}

export type ActiveRule = { id: string; version: number; kind: RuleKind; name: string; definition: RuleDefinition };

export type RuleVerdict = {
  /** The rule is in force now (schedule). Outside its schedule a rule never matches. */
  inForce: boolean;
  /** The violation condition holds in this frame. */
  match: boolean;
  /** Objects of the rule's labels in its zone, above its minimum score. */
  count: number;
  /** Strength of the evidence: best score in the zone (for absence: 1 − best score of any person in the zone). */
  score: number;
  boxes: RelDetection[];
};

/** Evaluates one rule against one frame's detections (pure; no state). */
export function evaluateRule(rule: ActiveRule, detections: readonly RelDetection[], at: Date): RuleVerdict {
  const d = rule.definition;
  const inForce = scheduleActive(d.schedule, at);
  const labels = new Set<string>(d.labels);
  const inZone = detections.filter((x) => {
    if (!labels.has(x.label) || x.score < d.minScore) return false;
    if (!d.zone) return true;
    const [px, py] = anchorPoint(x.box, x.label);
    return insidePolygon(px, py, d.zone);
  });
  const count = inZone.length;
  const best = inZone.reduce((m, x) => Math.max(m, x.score), 0);
  let match: boolean;
  let score = best;
  switch (rule.kind) {
    case 'overcrowding':
      match = count > (d.countLimit ?? Number.POSITIVE_INFINITY);
      break;
    case 'unattended_post':
      match = count < (d.countLimit ?? 1);
      score = 1 - best;
      break;
    default: // restricted_area, after_hours, animal, phone_use: any such object in the zone
      match = count > 0;
  }
  return { inForce, match: inForce && match, count, score, boxes: inZone };
}

export function reasonFor(rule: ActiveRule, v: RuleVerdict): { zh: string; en: string } {
  const d = rule.definition;
  const where = d.zone ? '划定区域内' : '画面内';
  const whereEn = d.zone ? 'in the zone' : 'in the picture';
  switch (rule.kind) {
    case 'overcrowding':
      return { zh: `${where}有 ${v.count} 人，超过上限 ${d.countLimit} 人`, en: `${v.count} people ${whereEn}, above the limit of ${d.countLimit}` };
    case 'unattended_post':
      return { zh: `${where}仅 ${v.count} 人，少于要求的 ${d.countLimit} 人`, en: `only ${v.count} people ${whereEn}, fewer than the ${d.countLimit} required` };
    case 'after_hours':
      return { zh: `非营业时间${where}有人（${v.count}）`, en: `person ${whereEn} outside opening hours (${v.count})` };
    case 'animal': {
      // Best sighting first: the words name what the evidence shows most clearly.
      const seen = [...new Set([...v.boxes].sort((a, b) => b.score - a.score).map((b) => b.label))];
      return { zh: `${where}出现动物：${seen.map(objectLabelZh).join('、')}`, en: `animal ${whereEn}: ${seen.map(objectLabelEn).join(', ')}` };
    }
    case 'phone_use':
      return { zh: `${where}有人使用手机`, en: `phone in use ${whereEn}` };
    default:
      return { zh: `${where}有人进入（${v.count}）`, en: `person ${whereEn} (${v.count})` };
  }
}

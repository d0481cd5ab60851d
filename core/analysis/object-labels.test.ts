import { describe, expect, it } from 'vitest';
import { labels as humanLabels } from '../../node_modules/@vladmandic/human/src/object/labels';
import { COCO_LABELS } from '../../models/centernet/coco-labels.js';
import { OBJECT_LABEL_ZH, objectLabelZh } from './object-labels.js';
import { RULE_LABELS } from './rule-kinds.js';

// The decode maps score channel c to COCO_LABELS[c]; the model's own code (@vladmandic/human,
// object/centernet.ts: `labels[classVal]`, classVal = topk index mod 80) maps it to labels[c].
describe('object labels', () => {
  it("follow the model's channel order (cat 15, dog 16), 80 classes", () => {
    expect(COCO_LABELS).toHaveLength(80);
    expect(humanLabels.map((l) => l.label)).toEqual([...COCO_LABELS]);
    expect(COCO_LABELS.indexOf('cat')).toBe(15);
    expect(COCO_LABELS.indexOf('dog')).toBe(16);
  });

  it('every class the model knows has a Chinese name, and no other', () => {
    expect(Object.keys(OBJECT_LABEL_ZH).sort()).toEqual([...COCO_LABELS].sort());
    for (const l of COCO_LABELS) expect(OBJECT_LABEL_ZH[l], l).toMatch(/^[\u4e00-\u9fff]+$/);
    for (const l of RULE_LABELS) expect(COCO_LABELS).toContain(l);
    expect(objectLabelZh('dog')).toBe('狗');
    expect(objectLabelZh('cat')).toBe('猫');
  });
});

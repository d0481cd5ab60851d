import { describe, expect, it } from 'vitest';
import { parseRuleDefinition } from '../../core/analysis/rule-definition.js';
import { createEventMerger } from './event-merger.js';
import { evaluateRule, reasonFor, type ActiveRule } from './rule-evaluator.js';
import { inWindows, scheduleActive } from './schedule.js';
import { insidePolygon } from './zone.js';

const rule = (kind: ActiveRule['kind'], def: object): ActiveRule => ({ id: 'r1', version: 1, kind, name: 'x', definition: parseRuleDefinition(kind, def) });
const person = (x1: number, y1: number, x2: number, y2: number, score = 0.8) => ({ label: 'person', score, box: [x1, y1, x2, y2] as [number, number, number, number] });
const noon = new Date('2026-11-30T04:00:00Z'); // Monday 12:00 in Asia/Shanghai

describe('zones', () => {
  it('even–odd point in polygon, concave shapes included', () => {
    const l = [[0, 0], [1, 0], [1, 0.2], [0.2, 0.2], [0.2, 1], [0, 1]] as [number, number][];
    expect(insidePolygon(0.1, 0.5, l)).toBe(true);
    expect(insidePolygon(0.5, 0.5, l)).toBe(false);
    expect(insidePolygon(0.5, 0.1, l)).toBe(true);
  });
});

describe('rule evaluation', () => {
  const left = [[0, 0], [0.5, 0], [0.5, 1], [0, 1]] as [number, number][];
  it('a person counts where their feet are, not where their box is', () => {
    const r = rule('restricted_area', { zone: left });
    // Box mostly on the right, feet on the left half.
    expect(evaluateRule(r, [person(0.3, 0.1, 0.6, 0.9)], noon).match).toBe(true);
    expect(evaluateRule(r, [person(0.45, 0.1, 0.9, 0.9)], noon).match).toBe(false);
  });
  it('ignores other labels and low scores', () => {
    const r = rule('restricted_area', { zone: left, minScore: 0.5 });
    expect(evaluateRule(r, [person(0.1, 0.1, 0.2, 0.5, 0.45), { label: 'dog', score: 0.9, box: [0.1, 0.1, 0.2, 0.2] }], noon).count).toBe(0);
  });
  it('overcrowding is more than the limit; unattended post is fewer than required', () => {
    const crowd = rule('overcrowding', { countLimit: 2 });
    const three = [person(0, 0, 0.1, 0.1), person(0.2, 0, 0.3, 0.1), person(0.4, 0, 0.5, 0.1)];
    expect(evaluateRule(crowd, three.slice(0, 2), noon).match).toBe(false);
    expect(evaluateRule(crowd, three, noon).match).toBe(true);
    const post = rule('unattended_post', { countLimit: 1, zone: left });
    expect(evaluateRule(post, [], noon).match).toBe(true);
    expect(evaluateRule(post, [person(0.1, 0.1, 0.2, 0.6)], noon).match).toBe(false);
  });
  it('after hours only matches outside the windows', () => {
    const r = rule('after_hours', {}); // default: outside 06:00–20:00 every day
    expect(evaluateRule(r, [person(0.1, 0.1, 0.2, 0.5)], noon).match).toBe(false);
    const night = new Date('2026-11-30T15:30:00Z'); // 23:30 Shanghai
    expect(evaluateRule(r, [person(0.1, 0.1, 0.2, 0.5)], night).match).toBe(true);
  });
  it('rejects kinds with a missing count limit and zones outside the picture', () => {
    expect(() => parseRuleDefinition('overcrowding', { countLimit: null })).toThrow();
    expect(() => parseRuleDefinition('restricted_area', { zone: [[0, 0], [1.2, 0], [1, 1]] })).toThrow();
  });
});

describe('reasons', () => {
  it('name the animal in the reader\'s language, best sighting first (no English "cat" in the Chinese text)', () => {
    const r = rule('animal', {});
    const v = evaluateRule(r, [{ label: 'cat', score: 0.4, box: [0.1, 0.1, 0.2, 0.2] }, { label: 'dog', score: 0.9, box: [0.5, 0.5, 0.7, 0.8] }], noon);
    expect(reasonFor(r, v)).toEqual({ zh: '画面内出现动物：狗、猫', en: 'animal in the picture: dog, cat' });
    const phone = rule('phone_use', { labels: ['cell phone'] });
    expect(reasonFor(phone, evaluateRule(phone, [{ label: 'cell phone', score: 0.8, box: [0.1, 0.1, 0.2, 0.2] }], noon)).zh).not.toMatch(/[a-z]/i);
  });
});

describe('schedules', () => {
  const overnight = { mode: 'inside' as const, windows: [{ days: [1], from: '22:00', to: '06:00' }], timeZone: 'Asia/Shanghai' };
  it('an overnight window belongs to its start day and runs into the next morning', () => {
    expect(inWindows(overnight, new Date('2026-11-30T14:30:00Z'))).toBe(true); // Mon 22:30
    expect(inWindows(overnight, new Date('2026-11-30T21:00:00Z'))).toBe(true); // Tue 05:00
    expect(inWindows(overnight, new Date('2026-11-29T21:00:00Z'))).toBe(false); // Mon 05:00 (Sunday night not listed)
    expect(scheduleActive({ ...overnight, mode: 'outside' }, new Date('2026-11-30T04:00:00Z'))).toBe(true);
  });
});

describe('event merging', () => {
  it('waits for the dwell, merges sightings within the cooldown, ends at the last sighting', () => {
    const m = createEventMerger({ minDwellMs: 2000, closeAfterMs: 5000, graceMs: 1500 });
    expect(m.feed(0, true, 0.5).kind).toBe('none');
    expect(m.feed(1000, false, 0).kind).toBe('none'); // one missed frame is tolerated
    const open = m.feed(2000, true, 0.6);
    expect(open).toMatchObject({ kind: 'open', event: { startedMs: 0, peakScore: 0.6 } });
    expect(m.feed(3000, false, 0).kind).toBe('none');
    expect(m.feed(6000, true, 0.9)).toMatchObject({ kind: 'peak', event: { peakScore: 0.9, peakAtMs: 6000 } });
    expect(m.feed(10_000, false, 0).kind).toBe('none');
    expect(m.feed(11_000, false, 0)).toMatchObject({ kind: 'close', event: { startedMs: 0, lastTrueMs: 6000 } });
  });
  it('a flicker shorter than the dwell raises nothing', () => {
    const m = createEventMerger({ minDwellMs: 3000, closeAfterMs: 5000, graceMs: 1000 });
    const steps = [m.feed(0, true, 1), m.feed(500, true, 1), m.feed(2000, false, 0), m.feed(3500, true, 1), m.feed(4000, false, 0)];
    expect(steps.every((s) => s.kind === 'none')).toBe(true);
  });
  it('a resumed event continues rather than opening a second one', () => {
    const m = createEventMerger({ minDwellMs: 0, closeAfterMs: 5000, graceMs: 1000 });
    m.resume({ startedMs: 0, lastTrueMs: 1000, peakScore: 0.7, peakAtMs: 500 });
    expect(m.feed(2000, true, 0.5).kind).toBe('none');
    expect(m.feed(8000, false, 0)).toMatchObject({ kind: 'close', event: { startedMs: 0, lastTrueMs: 2000 } });
  });
  it('only analysed frames end an event: one late miss after a stall longer than the cooldown ends nothing; enough misses in a row do', () => {
    const m = createEventMerger({ minDwellMs: 0, closeAfterMs: 4000, graceMs: 1500, closeAfterMisses: 3 });
    expect(m.feed(0, true, 0.8).kind).toBe('open');
    expect(m.feed(500, true, 0.8).kind).toBe('none');
    // The model stalls for 10 s; its first answer afterwards misses the object, then sees it again.
    expect(m.feed(10_500, false, 0).kind).toBe('none');
    expect(m.feed(11_000, true, 0.7).kind).toBe('none');
    expect(m.current()).toMatchObject({ startedMs: 0, lastTrueMs: 11_000 });
    // Three analysed misses in a row, but within the cooldown: still open.
    for (const t of [11_500, 12_000, 12_500]) expect(m.feed(t, false, 0).kind).toBe('none');
    // Past the cooldown and past three misses: the event ends at its last sighting.
    expect(m.feed(15_000, false, 0)).toMatchObject({ kind: 'close', event: { startedMs: 0, lastTrueMs: 11_000 } });
  });
});

import { describe, expect, it } from 'vitest';
import { decideEvidence, evidenceBounds, type EvidenceFlag, type EvidenceSettings, type NewestClip, type Recorded } from './evidence-plan.js';

const T0 = Date.parse('2026-12-05T02:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000);
const S: EvidenceSettings = { preRollMs: 10_000, postRollMs: 10_000, firstMs: 20_000, extendMs: 60_000, maxMs: 300_000, giveUpMs: 900_000 };
const active = (over: Partial<EvidenceFlag> = {}): EvidenceFlag => ({ state: 'active', startedAt: at(0), endedAt: null, evidenceFrom: null, ...over });
const ended = (end: number, over: Partial<EvidenceFlag> = {}): EvidenceFlag => ({ state: 'ended', startedAt: at(0), endedAt: at(end), evidenceFrom: null, ...over });
const rec = (until: number | null, live = true): Recorded => ({ coveredUntil: until === null ? null : at(until), anySegment: until !== null, live });
const clip = (version: number, to: number, final = false): NewestClip => ({ version, requestedTo: at(to), final });

describe('decideEvidence: an event that goes on', () => {
  it('waits for the first seconds to be recorded, then cuts pre-roll + first seconds at once, still open', () => {
    expect(decideEvidence(active(), null, rec(15), S, at(16))).toEqual({ kind: 'wait', afterS: 7, until: at(20) });
    expect(decideEvidence(active(), null, rec(20), S, at(21))).toEqual({ kind: 'cut', from: at(-10), to: at(20), coverage: 'event_ongoing', final: false });
  });

  it('a late job cuts everything already recorded', () => {
    expect(decideEvidence(active(), null, rec(45), S, at(50))).toMatchObject({ kind: 'cut', from: at(-10), to: at(45), coverage: 'event_ongoing' });
  });

  it('extends every period from the newest version, always from the same start', () => {
    expect(decideEvidence(active(), clip(1, 20), rec(30), S, at(31))).toMatchObject({ kind: 'wait', until: at(80) });
    expect(decideEvidence(active(), clip(1, 20), rec(80), S, at(81))).toEqual({ kind: 'cut', from: at(-10), to: at(80), coverage: 'event_ongoing', final: false });
  });

  it('closes at the maximum length even though the event goes on, and then does nothing more', () => {
    // max 300 s from −10 → 290.
    expect(decideEvidence(active(), clip(4, 260), rec(295), S, at(296))).toEqual({ kind: 'cut', from: at(-10), to: at(290), coverage: 'max_length', final: true });
    expect(decideEvidence(active(), clip(5, 290, true), rec(400), S, at(401))).toEqual({ kind: 'done' });
    expect(decideEvidence(ended(500), clip(5, 290, true), rec(520), S, at(521))).toEqual({ kind: 'done' });
  });

  it('a camera that stopped publishing: what is recorded is cut now, then it waits for the flag to end', () => {
    expect(decideEvidence(active(), null, rec(12, false), S, at(14))).toMatchObject({ kind: 'cut', to: at(12), coverage: 'event_ongoing' });
    expect(decideEvidence(active(), clip(1, 12), rec(12, false), S, at(20))).toMatchObject({ kind: 'wait', afterS: 30 });
  });
});

describe('decideEvidence: an event that ended', () => {
  it('the last version reaches the end plus the post-roll, once that is recorded', () => {
    expect(decideEvidence(ended(30), clip(1, 20), rec(35), S, at(36))).toMatchObject({ kind: 'wait', until: at(40) });
    expect(decideEvidence(ended(30), clip(1, 20), rec(40), S, at(41))).toEqual({ kind: 'cut', from: at(-10), to: at(40), coverage: 'event_ended', final: true });
    // Short events never had a clip: one final clip, as before.
    expect(decideEvidence(ended(5), null, rec(20, false), S, at(30))).toEqual({ kind: 'cut', from: at(-10), to: at(15), coverage: 'event_ended', final: true });
  });

  it('an event that ended past the maximum: the last version stops at the maximum', () => {
    expect(decideEvidence(ended(400), clip(3, 200), rec(420), S, at(421))).toEqual({ kind: 'cut', from: at(-10), to: at(290), coverage: 'max_length', final: true });
  });

  it('nothing recorded at all: unavailable; a camera still live past the give-up time: what there is', () => {
    expect(decideEvidence(ended(5), null, rec(null, false), S, at(30))).toEqual({ kind: 'unavailable' });
    expect(decideEvidence(ended(5), null, rec(12, true), { ...S, giveUpMs: 0 }, at(30))).toMatchObject({ kind: 'cut', to: at(15), final: true });
  });
});

describe('evidenceBounds', () => {
  it('starts where the flag says its evidence starts (a tampering that began earlier), else start − pre-roll', () => {
    expect(evidenceBounds(active(), S)).toEqual({ from: at(-10), maxTo: at(290), needTo: at(290) });
    expect(evidenceBounds(active({ evidenceFrom: at(-25) }), S)).toEqual({ from: at(-25), maxTo: at(275), needTo: at(275) });
    // An ended event needs the recording up to its end plus the post-roll, at most the maximum.
    expect(evidenceBounds(ended(30), S).needTo).toEqual(at(40));
    expect(evidenceBounds(ended(400), S).needTo).toEqual(at(290));
    // Never after the event's start.
    expect(evidenceBounds(active({ evidenceFrom: at(5) }), S).from).toEqual(at(0));
    expect(decideEvidence(active({ evidenceFrom: at(-25) }), null, rec(20), S, at(21))).toMatchObject({ kind: 'cut', from: at(-25), to: at(20) });
  });
});

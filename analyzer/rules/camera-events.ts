import type { FlagDetail } from '../../core/analysis/flag-contract.js';
import type { FlagType } from '../../core/analysis/rule-definition.js';
import type { Logger } from '../../core/log.js';
import type { Frame } from '../detectors/detector.js';
import type { SnapshotOptions } from '../evidence/snapshot.js';
import type { DevicePlace, FlagStore } from '../flags/flag.store.js';
import { createEventMerger, type EventMerger, type OpenEvent } from './event-merger.js';
import type { ActiveRule } from './rule-evaluator.js';

/** An event that has its flag: what a checkpoint carries to the next holder. */
export type FlagEvent = OpenEvent & { flagId: string; detail?: FlagDetail };
export type RenderSnapshot = (frame: Frame, opts: Pick<SnapshotOptions, 'boxes' | 'zone'>) => Promise<Buffer>;

export type CameraEventsDeps = {
  deviceId: string;
  place: DevicePlace;
  model: { name: string; version: string; sha256: string };
  flags: Pick<FlagStore, 'open' | 'close'>;
  snapshot: RenderSnapshot;
  log: Logger;
  /** Missed frames tolerated while a rule's dwell builds up. */
  graceMs: number;
  /** A tamper condition gone this long ends its flag. */
  tamperCloseAfterMs: number;
  /** Analysed frames in a row without the condition before an event may end (with the cooldown). */
  closeAfterMisses: number;
};

export const ruleKey = (r: { id: string; version: number }) => `rule:${r.id}:${r.version}`;

/**
 * One camera's events and their flags: a merger per rule or tamper condition turns the analysed
 * frames' verdicts into events; an event's flag is written when it opens and closed when it ends.
 */
export function createCameraEvents(deps: CameraEventsDeps, carried: Record<string, FlagEvent>) {
  const { deviceId, log } = deps;
  const mergers = new Map<string, EventMerger>();
  const events: Record<string, FlagEvent> = { ...carried };

  const mergerFor = (key: string, rule: ActiveRule | null) => {
    let m = mergers.get(key);
    if (!m) {
      m = rule
        ? createEventMerger({ minDwellMs: rule.definition.minDwellS * 1000, closeAfterMs: Math.max(rule.definition.cooldownS * 1000, deps.graceMs), graceMs: deps.graceMs, closeAfterMisses: deps.closeAfterMisses })
        : createEventMerger({ minDwellMs: 0, closeAfterMs: deps.tamperCloseAfterMs, graceMs: 0, closeAfterMisses: deps.closeAfterMisses });
      const ev = events[key];
      if (ev) m.resume(ev);
      mergers.set(key, m);
    }
    return m;
  };

  async function open(key: string, type: FlagType, rule: ActiveRule | null, ev: OpenEvent, detail: FlagDetail, frame: Frame | null) {
    const snapshotJpeg = frame ? await deps.snapshot(frame, { boxes: detail.boxes ?? [], zone: detail.zone ?? null }).catch((err: unknown) => (log.warn({ err }, 'snapshot failed'), null)) : null;
    const r = await deps.flags.open({
      place: deps.place,
      source: rule ? 'rule' : 'tamper',
      type,
      rule: rule ? { id: rule.id, version: rule.version } : null,
      model: rule ? deps.model : null,
      startedAt: new Date(ev.startedMs),
      peakScore: ev.peakScore,
      peakAt: new Date(ev.peakAtMs),
      detail,
      snapshotJpeg,
    });
    events[key] = { ...ev, flagId: r.id, detail };
    log.info({ deviceId, type, flagId: r.id, created: r.created }, 'flag raised');
  }

  async function close(key: string, ev: OpenEvent) {
    const flag = events[key];
    delete events[key];
    if (!flag) return;
    const detail = { ...(flag.detail ?? {}), durationS: Math.round((ev.lastTrueMs - ev.startedMs) / 100) / 10 };
    await deps.flags.close(flag.flagId, { endedAt: new Date(ev.lastTrueMs), peakScore: ev.peakScore, peakAt: new Date(ev.peakAtMs), detail });
    log.info({ deviceId, flagId: flag.flagId }, 'flag ended');
  }

  return {
    open,
    close,
    get: (key: string): FlagEvent | undefined => events[key],
    /** Continues carried-over events under mergers of their own (rules known now, tamper conditions). */
    adopt(rules: ActiveRule[]) {
      for (const key of Object.keys(events)) {
        if (key.startsWith('tamper:') && key !== 'tamper:stream_lost') mergerFor(key, null);
        const rule = rules.find((r) => ruleKey(r) === key);
        if (rule) mergerFor(key, rule);
      }
    },
    /**
     * One analysed frame's verdict for one rule or tamper condition. `sinceMs`: when the condition
     * began, if known (a tamper check raises a condition only after holding it; its flag, and so its
     * evidence clip with the pre-roll, starts when the tampering did).
     */
    async step(key: string, type: FlagType, rule: ActiveRule | null, atMs: number, condition: boolean, score: number, detail: () => FlagDetail, frame: Frame, sinceMs?: number) {
      const m = mergerFor(key, rule);
      const r = m.feed(atMs, condition, score, sinceMs);
      if (r.kind === 'open') {
        try {
          await open(key, type, rule, r.event, detail(), frame);
        } catch (err) {
          // Not written: drop the event so the next sighting opens it afresh (no half-written flag).
          m.forceClose();
          throw err;
        }
      } else if (r.kind === 'peak' && events[key]) {
        // The stronger sighting's detail, its reason included: the words and the boxes describe the
        // same frame (an opening frame's "cat" stayed in the reason while the boxes said dog).
        Object.assign(events[key], r.event, { detail: detail() });
      } else if (r.kind === 'close') {
        await close(key, r.event);
      } else if (condition && events[key]) {
        events[key].lastTrueMs = atMs;
      }
    },
    /** Nothing can be seen any more (the stream is lost): every open event ends at its last sighting. */
    async endAll() {
      for (const [key, m] of mergers) {
        const ev = m.forceClose();
        if (ev && events[key]) await close(key, ev);
      }
    },
    /** Rules whose version changed or that were removed end their open events. */
    async retire(liveRuleKeys: Set<string>) {
      for (const key of Object.keys(events)) {
        if (!key.startsWith('rule:') || liveRuleKeys.has(key)) continue;
        const ev = mergers.get(key)?.forceClose() ?? events[key];
        mergers.delete(key);
        await close(key, ev);
      }
    },
    snapshot: () => JSON.parse(JSON.stringify(events)) as Record<string, FlagEvent>,
    count: () => Object.keys(events).length,
  };
}
export type CameraEvents = ReturnType<typeof createCameraEvents>;

import type { evidenceZh } from './evidence.zh-CN';

/** What an evidence clip covers (flag page), English. */
export const evidenceEn: typeof evidenceZh = {
  covers: 'Clip covers',
  range: '{{from}} to {{to}} ({{duration}})',
  version: 'Version {{version}} of {{count}}',
  ongoing: 'The event is still going on: this clip holds what is recorded so far; longer versions follow while it lasts. You can review it now.',
  maxOngoing: 'Maximum length reached: the clip is closed while the event goes on; see the original recording for what follows.',
  maxEnded: 'Maximum length reached: the clip is closed; the event went on until {{end}} — see the original recording for the rest.',
  ended: 'Covers the whole event: from {{pre}} s before it began to {{post}} s after it ended.',
  endedShort: 'Covers from {{pre}} s before the event began; the recording stopped before it ended, so the clip ends at {{to}}.',
  endedPending: 'The event has ended; the final clip covering all of it is being made…',
  versions: 'Versions of the clip',
  versionItem: 'Version {{version}}',
  coverage: {
    event_ongoing: 'cut while the event went on',
    event_ended: 'cut after the event ended (final)',
    max_length: 'maximum length reached (final)',
  },
  open: 'Play this version',
  seconds: '{{n}} s',
  minutes: '{{m}} min {{s}} s',
};

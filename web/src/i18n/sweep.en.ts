import type { sweepZh } from './sweep.zh-CN';

/** Server-written reasons and punctuation, English. */
export const sweepEn: typeof sweepZh = {
  reasons: {
    consentActive: 'Consent in force',
    noConsent: 'No valid consent',
    consentExpired: 'Consent period ended',
    supersededBy: 'Replaced by amendment {{ref}}',
  },
  colon: ': ',
  open: ' (',
  close: ')',
};

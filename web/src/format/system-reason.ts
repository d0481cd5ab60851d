import type { TFunction } from 'i18next';

/**
 * A status reason as stored: the platform's own (written in Chinese by the server: consent-state.ts,
 * consent-expiry.ts, consent-signing.service.ts) is said in the UI's language; anything else is what
 * a person typed (a retirement reason) and is shown as it is.
 */
export function statusReasonText(t: TFunction, reason: string): string {
  const fixed: Record<string, string> = { 确认书生效: 'consentActive', 无有效确认书: 'noConsent', 有效期届满: 'consentExpired' };
  if (fixed[reason]) return t(`sweep.reasons.${fixed[reason]}`);
  const superseded = /^由 (\S+) 变更替代$/.exec(reason);
  if (superseded) return t('sweep.reasons.supersededBy', { ref: superseded[1] });
  return reason;
}

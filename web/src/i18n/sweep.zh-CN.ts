/**
 * Words the server writes in Chinese into records (a device's or consent's status reason) and
 * punctuation that differs by language — said in the UI's language (issue 12, item 14).
 */
export const sweepZh = {
  reasons: {
    consentActive: '确认书生效',
    noConsent: '无有效确认书',
    consentExpired: '有效期届满',
    supersededBy: '由 {{ref}} 变更替代',
  },
  colon: '：',
  open: '（',
  close: '）',
};

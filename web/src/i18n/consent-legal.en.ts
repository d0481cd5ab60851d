import type { consentLegalZh } from './consent-legal.zh-CN';

export const consentLegalEn: Record<keyof typeof consentLegalZh, string> = {
  analysisDerived: 'What is analysed is written by the platform from what its analysis rules and recognition model can actually do, and cannot be edited, so the confirmation never promises detection the platform cannot do.',
  analysisLoading: 'Reading what the platform can analyse…',
  templateVersion: 'Template version: {{version}}',
  amendedAnalysis: 'The consent being amended said: {{text}}. The new one is written from what the platform can do now.',
  agencySide: 'Agency',
  agencyPhone: 'Phone',
  noPhone: 'Not registered (an administrator should add it to the agency: the site notice needs it)',
  issuedBy: 'Issued by',
  confirmations: 'Statements ticked',
  confirmedAt: 'Ticked at',
  noConfirmations: 'Signed before tick times were recorded: only that every statement was ticked is on record.',
};

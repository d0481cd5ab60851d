import type { DocumentTemplate } from '../template.js';
import { caseAcceptanceV1 } from './case-acceptance.v1.js';
import { closingReportV1 } from './closing-report.v1.js';
import { collectiveDiscussionRecordV1 } from './collective-discussion-record.v1.js';
import { evidencePreservationDecisionV1 } from './evidence-preservation-decision.v1.js';
import { filingReportV1 } from './filing-report.v1.js';
import { hearingNoticeV1 } from './hearing-notice.v1.js';
import { hearingRecordV1 } from './hearing-record.v1.js';
import { inquiryRecordV1 } from './inquiry-record.v1.js';
import { investigationEndReportV1 } from './investigation-end-report.v1.js';
import { legalReviewOpinionV1 } from './legal-review-opinion.v1.js';
import { onSiteRecordV1 } from './on-site-record.v1.js';
import { onTheSpotDecisionV1 } from './on-the-spot-decision.v1.js';
import { panelDiscussionRecordV1 } from './panel-discussion-record.v1.js';
import { penaltyDecisionV1 } from './penalty-decision.v1.js';
import { priorNoticeV1 } from './prior-notice.v1.js';
import { reminderV1 } from './reminder.v1.js';
import { seizureDecisionV1 } from './seizure-decision.v1.js';
import { seizureExtensionDecisionV1 } from './seizure-extension-decision.v1.js';
import { serviceCertificateV1 } from './service-certificate.v1.js';

/**
 * Every version of every case document template (R8), in the order of the procedure. A template
 * is never edited once released: a change is a new file `<kind>.v2.ts` added here beside v1.
 */
export const CASE_TEMPLATES: readonly DocumentTemplate<any>[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  caseAcceptanceV1,
  filingReportV1,
  onSiteRecordV1,
  inquiryRecordV1,
  evidencePreservationDecisionV1,
  seizureDecisionV1,
  seizureExtensionDecisionV1,
  investigationEndReportV1,
  panelDiscussionRecordV1,
  legalReviewOpinionV1,
  collectiveDiscussionRecordV1,
  priorNoticeV1,
  hearingNoticeV1,
  hearingRecordV1,
  penaltyDecisionV1,
  onTheSpotDecisionV1,
  reminderV1,
  closingReportV1,
  serviceCertificateV1,
];

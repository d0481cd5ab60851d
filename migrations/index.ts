import type { Migration } from 'kysely';
import * as m20261124T080000 from './20261124T080000-create-foundation.js';
import * as m20261124T090000 from './20261124T090000-create-process-heartbeats.js';
import * as m20261125T000000 from './20261125T000000-create-consents.js';
import * as m20261125T010000 from './20261125T010000-create-recordings.js';
import * as m20261125T020000 from './20261125T020000-create-media-views.js';
import * as m20261125T030000 from './20261125T030000-create-retention.js';
import * as m20261125T040000 from './20261125T040000-create-device-health.js';
import * as m20261125T050000 from './20261125T050000-create-device-alerts.js';
import * as m20261129T000000 from './20261129T000000-create-analysis.js';
import * as m20261129T100000 from './20261129T100000-create-review.js';
import * as m20261129T110000 from './20261129T110000-create-findings.js';
import * as m20261204T090000 from './20261204T090000-verify-service-addresses.js';
import * as m20261204T130000 from './20261204T130000-add-consent-public-ref.js';
import * as m20261204T131000 from './20261204T131000-add-refusal-kind.js';
import * as m20261205T010000 from './20261205T010000-add-agency-phone-consent-agreement.js';
import * as m20261205T020000 from './20261205T020000-add-finding-decisions.js';
import * as m20261205T030000 from './20261205T030000-create-flag-clips.js';
import * as m20261205T040000 from './20261205T040000-add-media-view-range.js';
import * as m20261205T050000 from './20261205T050000-create-sensor-readings.js';
import * as m20261206T010000 from './20261206T010000-create-documents.js';
import * as m20261206T020000 from './20261206T020000-create-agency-seal-certificates.js';
import * as m20261206T030000 from './20261206T030000-create-cases.js';
import * as m20261206T040000 from './20261206T040000-create-agency-document-settings.js';
import * as m20261206T041000 from './20261206T041000-scope-document-number-per-series.js';
import * as m20261207T010000 from './20261207T010000-create-deliveries.js';
import * as m20261207T020000 from './20261207T020000-create-service-address-confirmations.js';
import * as m20261207T040000 from './20261207T040000-create-case-closing.js';
import * as m20261207T050000 from './20261207T050000-create-case-party-files.js';
import * as m20261207T060000 from './20261207T060000-move-finding-deliveries.js';
import * as m20261208T020000 from './20261208T020000-create-access-requests.js';
import * as m20261208T030000 from './20261208T030000-create-backups.js';
import * as m20261208T040000 from './20261208T040000-create-sampling-audits.js';
import * as m20261208T050000 from './20261208T050000-create-record-exports.js';
import * as m20261208T060000 from './20261208T060000-create-record-reads.js';
import * as m20261208T070000 from './20261208T070000-create-record-holds.js';
import * as m20261208T080000 from './20261208T080000-create-mobile-recordings.js';
import * as m20261208T090000 from './20261208T090000-create-record-export-jobs.js';
import * as m20261209T010000 from './20261209T010000-create-device-health-days.js';
import * as m20261209T020000 from './20261209T020000-create-credit-grades.js';
import * as m20261209T030000 from './20261209T030000-create-self-inspection-reports.js';
import * as m20261209T040000 from './20261209T040000-create-inspection-plans.js';
import * as m20261209T050000 from './20261209T050000-create-publications.js';
import * as m20261210T010000 from './20261210T010000-create-health-region-days.js';
import * as m20261210T020000 from './20261210T020000-index-device-health-days-online.js';

/** Every migration, in order. Add new ones here (static imports work under tsx and vitest alike). */
export const migrations: Record<string, Migration> = {
  '20261124T080000-create-foundation': m20261124T080000,
  '20261124T090000-create-process-heartbeats': m20261124T090000,
  '20261125T000000-create-consents': m20261125T000000,
  '20261125T010000-create-recordings': m20261125T010000,
  '20261125T020000-create-media-views': m20261125T020000,
  '20261125T030000-create-retention': m20261125T030000,
  '20261125T040000-create-device-health': m20261125T040000,
  '20261125T050000-create-device-alerts': m20261125T050000,
  '20261129T000000-create-analysis': m20261129T000000,
  '20261129T100000-create-review': m20261129T100000,
  '20261129T110000-create-findings': m20261129T110000,
  '20261204T090000-verify-service-addresses': m20261204T090000,
  '20261204T130000-add-consent-public-ref': m20261204T130000,
  '20261204T131000-add-refusal-kind': m20261204T131000,
  '20261205T010000-add-agency-phone-consent-agreement': m20261205T010000,
  '20261205T020000-add-finding-decisions': m20261205T020000,
  '20261205T030000-create-flag-clips': m20261205T030000,
  '20261205T040000-add-media-view-range': m20261205T040000,
  '20261205T050000-create-sensor-readings': m20261205T050000,
  '20261206T010000-create-documents': m20261206T010000,
  '20261206T020000-create-agency-seal-certificates': m20261206T020000,
  '20261206T030000-create-cases': m20261206T030000,
  '20261206T040000-create-agency-document-settings': m20261206T040000,
  '20261206T041000-scope-document-number-per-series': m20261206T041000,
  '20261207T010000-create-deliveries': m20261207T010000,
  '20261207T020000-create-service-address-confirmations': m20261207T020000,
  '20261207T040000-create-case-closing': m20261207T040000,
  '20261207T050000-create-case-party-files': m20261207T050000,
  '20261207T060000-move-finding-deliveries': m20261207T060000,
  '20261208T020000-create-access-requests': m20261208T020000,
  '20261208T030000-create-backups': m20261208T030000,
  '20261208T040000-create-sampling-audits': m20261208T040000,
  '20261208T050000-create-record-exports': m20261208T050000,
  '20261208T060000-create-record-reads': m20261208T060000,
  '20261208T070000-create-record-holds': m20261208T070000,
  '20261208T080000-create-mobile-recordings': m20261208T080000,
  '20261208T090000-create-record-export-jobs': m20261208T090000,
  '20261209T010000-create-device-health-days': m20261209T010000,
  '20261209T020000-create-credit-grades': m20261209T020000,
  '20261209T030000-create-self-inspection-reports': m20261209T030000,
  '20261209T040000-create-inspection-plans': m20261209T040000,
  '20261209T050000-create-publications': m20261209T050000,
  '20261210T010000-create-health-region-days': m20261210T010000,
  '20261210T020000-index-device-health-days-online': m20261210T020000,
};

import { listenChannel } from '../../core/db/listen.js';
import { PUBLISH_GATE_CHANNEL, type PublishGateNotice } from '../../core/events.js';
import type { Logger } from '../../core/log.js';

/**
 * LISTENs for the API's publish-gate notices (consent suspended/revoked/expired, key rotated or
 * revoked) and hands them on; the ingest re-asks the authority for those devices. After a lost
 * connection `onReconnect` runs (notices sent meanwhile were missed: re-ask for every device).
 */
export function listenPublishGate(url: string, log: Logger, onNotice: (n: PublishGateNotice) => void, onReconnect?: () => void) {
  return listenChannel<PublishGateNotice>(url, PUBLISH_GATE_CHANNEL, log, onNotice, onReconnect);
}

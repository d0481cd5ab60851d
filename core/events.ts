import { EventEmitter } from 'node:events';

/** Live events pushed to browsers over socket.io. Payloads carry ids, never records. */
export type ServerEvents = {
  'registry:changed': { entity: 'business' | 'site' | 'device' | 'service_address'; id: string };
  'health:changed': { component: string; status: 'ok' | 'degraded' | 'down' };
  'consent:changed': { id: string; status: string };
  'device:health': { deviceId: string; online: boolean };
  /** A finding was opened, answered or expired: to staff of its agency subtree and to the business's own users. */
  'finding:changed': { id: string; flagId: string; businessId: string; agencyId: string; status: string };
  /** A case moved (a stage, a clock, an extension, its evidence): to staff of its agency subtree. */
  'case:changed': { id: string; agencyId: string; state: string; version: number };
  /** A flag was raised, ended or got its evidence; scoped to officers of its agency subtree. */
  'flag:changed': { id: string; deviceId: string; agencyId: string; type: string; state: 'active' | 'ended'; evidence: 'pending' | 'ready' | 'unavailable'; reviewStatus?: string };
  /** A clip export job moved (queued, running with its percent, done with the export id, failed with why): to its requester's sockets only. */
  'export:changed': { id: string; userId: string; status: 'queued' | 'running' | 'done' | 'failed'; percent: number; exportId: string | null; error: string | null };
  /** Internal, never sent to browsers: a session ended (logout); its sockets are closed at once. */
  'session:ended': { sessionId: string };
};

/** NOTIFY channel on which the streams process announces a device going on- or offline. */
export const DEVICE_HEALTH_CHANNEL = 'vigil_device_health';

/**
 * PostgreSQL NOTIFY channel on which the API announces, inside the transaction that causes it,
 * that some devices' right to publish may have changed (consent suspended, revoked, expired or
 * superseded; credential rotated or revoked). Payload: `{ consentId?, deviceIds, reason }`.
 * The streams process listens and re-asks the publish authority for those devices' streams.
 */
export const PUBLISH_GATE_CHANNEL = 'vigil_publish_gate';
export type PublishGateNotice = { consentId?: string; deviceIds: string[]; reason: string };

export type EventBus = {
  emit<K extends keyof ServerEvents>(event: K, payload: ServerEvents[K]): void;
  on<K extends keyof ServerEvents>(event: K, fn: (payload: ServerEvents[K]) => void): () => void;
};

export function createEventBus(): EventBus {
  const em = new EventEmitter();
  em.setMaxListeners(100);
  return {
    emit: (event, payload) => void em.emit(event, payload),
    on: (event, fn) => {
      em.on(event, fn as (p: unknown) => void);
      return () => em.off(event, fn as (p: unknown) => void);
    },
  };
}

/**
 * NOTIFY channel on which analyzers announce, inside the transaction that writes it, that a
 * flag was raised or ended (payload `{ flagId }`). The API pushes it to dashboards at once; the
 * 'flags.raised' job carries the same news durably (review queue), for when no API listens.
 */
export const FLAG_CHANNEL = 'vigil_flag_changed';

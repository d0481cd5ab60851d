import { EventEmitter } from 'node:events';

/** Live events pushed to browsers over socket.io. Payloads carry ids, never records. */
export type ServerEvents = {
  'registry:changed': { entity: 'business' | 'site' | 'device' | 'service_address'; id: string };
  'health:changed': { component: string; status: 'ok' | 'degraded' | 'down' };
};

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

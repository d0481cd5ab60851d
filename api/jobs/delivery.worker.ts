import type { DeliverySender } from '../delivery/delivery-sender.js';

/** 'delivery.send': one channel of a delivery; a throw (4xx, no answer) makes pg-boss retry it (core/jobs.ts). */
export const deliverySendWorker = (sender: DeliverySender) => (payload: { channelId: string }) => sender.send(payload.channelId);
/** 'delivery.dead': the dead letter of a channel whose retries ran out. */
export const deliveryDeadWorker = (sender: DeliverySender) => (payload: { channelId: string }) => sender.dead(payload.channelId);

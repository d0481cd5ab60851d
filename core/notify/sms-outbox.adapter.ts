import type { SmsAdapter } from './notify.types.js';

/**
 * The development SMS adapter: no gateway; the message stays in the outbox as 'captured'.
 * A production gateway (Aliyun, Tencent Cloud SMS…) implements the same interface.
 */
export const outboxSmsAdapter: SmsAdapter = {
  name: 'outbox',
  async send() {
    return { providerId: null, captured: true };
  },
};

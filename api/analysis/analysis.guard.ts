import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';

/**
 * A device whose analysis the caller may read ('analysis.read'), or with `forEdit` change
 * ('analysis.write'): the access layer decides (403 outside his subtree, 404 when there is none);
 * an edit also needs a camera that is not retired (409 otherwise).
 */
export function createDeviceGuard(deps: { db: Db; access: Access }) {
  return async function deviceFor(caller: Caller, deviceId: string, opts: { forEdit?: boolean } = {}) {
    await deps.access.require(caller, opts.forEdit ? 'analysis.write' : 'analysis.read', { kind: 'device', id: deviceId });
    const device = await deps.db.selectFrom('devices').select(['id', 'business_id', 'site_id', 'kind', 'status', 'name']).where('id', '=', deviceId).executeTakeFirstOrThrow();
    if (opts.forEdit) {
      if (device.kind !== 'camera') throw new AppError('conflict', '只有摄像头可以设置分析规则 (only cameras are analysed)');
      if (device.status === 'retired') throw new AppError('conflict', '设备已停用 (the device is retired)');
    }
    return device;
  };
}
export type DeviceGuard = ReturnType<typeof createDeviceGuard>;

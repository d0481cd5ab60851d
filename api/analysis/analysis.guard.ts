import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../http/request-context.js';
import type { BusinessRepository } from '../registry/business.repository.js';
import { businessInScope } from '../registry/registry.guard.js';
import { REGISTRY_EDITORS, STAFF_ROLES } from '../registry/scope.js';

/** Staff see the rules and flags of their agency subtree; business users wait for issue 6. */
export function assertAnalysisReader(caller: Caller) {
  if (!(STAFF_ROLES as readonly string[]).includes(caller.user.role)) throw new AppError('forbidden', '');
}

/** Officers and admins write rules and ask for a scene to be learned again. */
export function assertAnalysisEditor(caller: Caller) {
  if (!(REGISTRY_EDITORS as readonly string[]).includes(caller.user.role)) throw new AppError('forbidden', '');
}

/**
 * A device the caller may see (403 outside his subtree, 404 when there is none). With
 * `forEdit`, also an officer or admin, a camera, and not retired (409 otherwise).
 */
export function createDeviceGuard(deps: { db: Db; businesses: BusinessRepository }) {
  return async function deviceFor(caller: Caller, deviceId: string, opts: { forEdit?: boolean } = {}) {
    if (opts.forEdit) assertAnalysisEditor(caller);
    else assertAnalysisReader(caller);
    const device = await deps.db.selectFrom('devices').select(['id', 'business_id', 'site_id', 'kind', 'status', 'name']).where('id', '=', deviceId).executeTakeFirst();
    if (!device) throw new AppError('not_found', '');
    await businessInScope(deps.businesses, caller, device.business_id);
    if (opts.forEdit) {
      if (device.kind !== 'camera') throw new AppError('conflict', '只有摄像头可以设置分析规则 (only cameras are analysed)');
      if (device.status === 'retired') throw new AppError('conflict', '设备已停用 (the device is retired)');
    }
    return device;
  };
}
export type DeviceGuard = ReturnType<typeof createDeviceGuard>;

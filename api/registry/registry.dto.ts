import type { BusinessRow, Contact, DeviceRow, ServiceAddressRow, SiteRow } from '../../core/db/database.js';
import { DEVICE_STATES, type DeviceStateView } from '../../core/devices/device-state.js';
import { stateFields } from './device-state.repository.js';
import { z } from '../http/openapi.js';

export const BusinessDto = z
  .object({
    id: z.string(),
    name: z.string(),
    creditCode: z.string(),
    category: z.string(),
    agencyId: z.string(),
    agencyName: z.string(),
    address: z.string(),
    contacts: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string(), email: z.string() })),
    status: z.string(),
    archiveReason: z.string().nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Business');
export const SiteDto = z
  .object({ id: z.string(), businessId: z.string(), name: z.string(), address: z.string(), openingHours: z.string(), status: z.string(), archiveReason: z.string().nullable(), version: z.number() })
  .openapi('Site');
export const DeviceDto = z
  .object({
    id: z.string(),
    siteId: z.string(),
    businessId: z.string(),
    name: z.string(),
    kind: z.string(),
    mobility: z.string(),
    protocol: z.string(),
    pointsAt: z.string(),
    coverage: z.string(),
    recordsAudio: z.boolean(),
    calibrationDate: z.string().nullable(),
    calibrationDueDate: z.string().nullable(),
    /** The registry's lifecycle status (consent, suspension, retirement). */
    status: z.string(),
    statusReason: z.string().nullable(),
    /** What every page shows: derived by core/devices/device-state.ts from status, key and last heartbeat. */
    state: z.enum(DEVICE_STATES),
    stateSince: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    version: z.number(),
  })
  .openapi('Device');
export const ServiceAddressDto = z
  .object({
    id: z.string(),
    businessId: z.string(),
    method: z.string(),
    address: z.string(),
    agreedAt: z.string(),
    /** pending_verification (registered, receives nothing), verified (in force), active (not e-mail/SMS), withdrawn. */
    status: z.enum(['pending_verification', 'verified', 'active', 'withdrawn']),
    verifiedAt: z.string().nullable(),
    withdrawReason: z.string().nullable(),
  })
  .openapi('ServiceAddress');
export const AddressCodeSentDto = z.object({ channel: z.string(), address: z.string(), expiresAt: z.string(), resendAfterSeconds: z.number() }).openapi('AddressCodeSent');
export const BusinessDetailDto = BusinessDto.extend({
  sites: z.array(SiteDto.extend({ devices: z.array(DeviceDto) })),
  serviceAddresses: z.array(ServiceAddressDto),
}).openapi('BusinessDetail');

export const toBusinessDto = (b: BusinessRow & { agency_name: string }) => ({
  id: b.id,
  name: b.name,
  creditCode: b.credit_code,
  category: b.category,
  agencyId: b.agency_id,
  agencyName: b.agency_name,
  address: b.address,
  contacts: b.contacts as Contact[],
  status: b.status,
  archiveReason: b.archive_reason,
  version: b.version,
  createdAt: b.created_at.toISOString(),
  updatedAt: b.updated_at.toISOString(),
});
export const toSiteDto = (s: SiteRow) => ({
  id: s.id,
  businessId: s.business_id,
  name: s.name,
  address: s.address,
  openingHours: s.opening_hours,
  status: s.status,
  archiveReason: s.archive_reason,
  version: s.version,
});
export const toDeviceDto = (d: DeviceRow, state: DeviceStateView | null | undefined) => ({
  id: d.id,
  siteId: d.site_id,
  businessId: d.business_id,
  name: d.name,
  kind: d.kind,
  mobility: d.mobility,
  protocol: d.protocol,
  pointsAt: d.points_at,
  coverage: d.coverage,
  recordsAudio: d.records_audio,
  calibrationDate: d.calibration_date,
  calibrationDueDate: d.calibration_due_date,
  status: d.status,
  statusReason: d.status_reason,
  ...stateFields(state),
  version: d.version,
});
export const toServiceAddressDto = (a: ServiceAddressRow) => ({
  id: a.id,
  businessId: a.business_id,
  method: a.method,
  address: a.address,
  agreedAt: a.agreed_at.toISOString(),
  status: a.status,
  // The status change to verified is the address's last update until it is withdrawn.
  verifiedAt: a.status === 'verified' ? a.updated_at.toISOString() : null,
  withdrawReason: a.withdraw_reason,
});

import type { DeviceState } from '../../../core/devices/device-state';
import type { Permission } from '../../../core/access/permissions';
/** Shapes of the Vigil API as the web app uses them. */

export const ROLES = ['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin', 'business'] as const;
export type Role = (typeof ROLES)[number];

export const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SERVICE_METHODS = ['email', 'sms', 'fax', 'wechat', 'phone', 'post'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

export type User = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  businessId: string | null;
  /** What the user may do (the server's one permission table, core/access/permissions.ts). */
  permissions: Permission[];
};

export type Session = { user: User; csrfToken: string };

export type Agency = { id: string; parentId: string | null; level: 'province' | 'city' | 'district'; name: string; shortName: string; code: string; areaAbbreviation: string };

export type Contact = { name: string; role: string; phone: string; email: string };

export type RecordStatus = 'active' | 'archived';

export type Business = {
  id: string;
  name: string;
  creditCode: string;
  category: Category;
  agencyId: string;
  agencyName: string;
  address: string;
  contacts: Contact[];
  status: RecordStatus;
  archiveReason?: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type Site = {
  id: string;
  businessId: string;
  name: string;
  address: string;
  openingHours: string;
  status: RecordStatus;
  archiveReason?: string | null;
  version: number;
};

export type DeviceKind = 'camera' | 'sensor';
export type DeviceMobility = 'fixed' | 'mobile';
export type DeviceStatus = 'pending_consent' | 'active' | 'suspended' | 'fault' | 'retired';

export type Device = {
  id: string;
  siteId: string;
  name: string;
  kind: DeviceKind;
  mobility: DeviceMobility;
  pointsAt: string;
  coverage: string;
  recordsAudio: boolean;
  calibrationDate: string | null;
  calibrationDueDate: string | null;
  status: DeviceStatus;
  statusReason?: string | null;
  /** The one state every page shows (core/devices/device-state.ts). */
  state: DeviceState;
  stateSince: string | null;
  lastSeenAt: string | null;
  version: number;
};

export type ServiceAddress = {
  id: string;
  businessId: string;
  method: ServiceMethod;
  address: string;
  agreedAt: string;
  /** E-mail/SMS: pending_verification until proven with the code sent to it, then verified (in force). Others: active. */
  status: 'pending_verification' | 'verified' | 'active' | 'withdrawn';
  verifiedAt?: string | null;
  withdrawReason?: string | null;
};
export type AddressCodeSent = { channel: string; address: string; expiresAt: string; resendAfterSeconds: number };

export type BusinessDetail = Business & {
  sites: (Site & { devices: Device[] })[];
  serviceAddresses: ServiceAddress[];
};

export type Page<T> = { items: T[]; total: number };

export type BusinessInput = {
  name: string;
  creditCode: string;
  category: Category;
  agencyId: string;
  address: string;
  contacts: { name: string; role?: string; phone?: string; email?: string }[];
};

export type BusinessQuery = { q?: string; category?: string; agencyId?: string; status?: string; /** Issue 16: region subtree; covered or not by monitoring. */ regionId?: string; coverage?: string; /** With coverage: covered in these days (as the dashboard counts it); without: online now. */ from?: string; to?: string; limit: number; offset: number };

export type SiteInput = { name: string; address: string; openingHours: string };

export type DeviceInput = {
  name: string;
  kind: DeviceKind;
  mobility: DeviceMobility;
  pointsAt: string;
  coverage: string;
  recordsAudio: boolean;
  calibrationDate: string | null;
  calibrationDueDate: string | null;
};

export type ServiceAddressInput = { method: ServiceMethod; address: string; agreedAt: string };

/** Live event pushed by the server over socket.io. */
export type RegistryChanged = { entity: string; id: string };

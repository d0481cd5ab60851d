import { daysBetween, isDay, MAX_PERIOD_DAYS } from '../../core/dashboard/period.js';
import { normaliseUscc, usccProblem } from '../../core/uscc.js';
import { z } from '../http/openapi.js';

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid').refine((s) => !Number.isNaN(Date.parse(s)), 'invalid');

export const CATEGORY = z.enum(['medical', 'public_place', 'school_canteen', 'water_supply', 'other']);

export const CreditCode = z
  .string()
  .transform(normaliseUscc)
  .superRefine((code, ctx) => {
    const problem = usccProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: `uscc.${problem}` });
  })
  .openapi({ description: 'Unified social credit code (GB 32100), 18 characters with check character', example: '91440300708461136T' });

export const ContactSchema = z.strictObject({
  name: required(50),
  role: text(50).default(''),
  phone: z.string().trim().max(30).regex(/^[0-9+\-() ]*$/, 'invalid').default(''),
  email: z.union([z.literal(''), z.email().max(200)]).default(''),
});

export const BusinessInput = z.strictObject({
  name: required(200),
  creditCode: CreditCode,
  category: CATEGORY,
  agencyId: z.uuid(),
  address: required(300),
  contacts: z.array(ContactSchema).max(20).default([]),
});
export const BusinessPatch = BusinessInput.partial().extend({ version: z.number().int().min(1) }).strict();

export const SiteInput = z.strictObject({ name: required(200), address: required(300), openingHours: text(200).default('') });
export const SitePatch = SiteInput.partial().extend({ version: z.number().int().min(1) }).strict();

const deviceFields = {
  name: required(100),
  kind: z.enum(['camera', 'sensor']),
  mobility: z.enum(['fixed', 'mobile']),
  pointsAt: text(300).default(''),
  coverage: text(300).default(''),
  recordsAudio: z.boolean().default(false),
  calibrationDate: isoDate.nullable().default(null),
  calibrationDueDate: isoDate.nullable().default(null),
};
const calibrationOrder = (d: { calibrationDate?: string | null; calibrationDueDate?: string | null }) =>
  !d.calibrationDate || !d.calibrationDueDate || d.calibrationDueDate >= d.calibrationDate;
export const DeviceInput = z.strictObject(deviceFields).refine(calibrationOrder, { message: 'date.order', path: ['calibrationDueDate'] });
export const DevicePatch = z
  .strictObject({
    name: deviceFields.name.optional(),
    kind: deviceFields.kind.optional(),
    mobility: deviceFields.mobility.optional(),
    pointsAt: text(300).optional(),
    coverage: text(300).optional(),
    recordsAudio: z.boolean().optional(),
    calibrationDate: isoDate.nullable().optional(),
    calibrationDueDate: isoDate.nullable().optional(),
    version: z.number().int().min(1),
  })
  .refine(calibrationOrder, { message: 'date.order', path: ['calibrationDueDate'] });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE = /^(1[3-9]\d{9}|\+\d{8,15})$/;
export const ServiceAddressInput = z
  .strictObject({
    method: z.enum(['email', 'sms', 'fax', 'wechat', 'phone', 'post']),
    address: required(300),
    agreedAt: z.iso.datetime({ offset: true }).or(isoDate),
  })
  // A code can only prove an address the notifier can send to.
  .refine((v) => (v.method === 'email' ? EMAIL.test(v.address) : v.method === 'sms' ? MOBILE.test(v.address.replace(/[\s-]/g, '')) : true), { message: 'invalid', path: ['address'] });

export const AddressCodeInput = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'consent.code_format') });

export const ReasonInput = z.strictObject({ reason: required(500) });
export const IdParam = z.object({ id: z.uuid() });

export const ListQuery = z.object({
  q: text(100).optional(),
  category: CATEGORY.optional(),
  agencyId: z.uuid().optional(),
  status: z.enum(['active', 'archived']).optional(),
  // Issue 16 (the dashboard's drill-downs): the agency's whole subtree, and covered / not covered by monitoring.
  regionId: z.uuid().optional(),
  coverage: z.enum(['covered', 'uncovered']).optional(),
  // With coverage: covered in these Beijing days (both included) as the dashboard counts it — a
  // device online on some day of them while under consent; without: online now.
  from: z.string().refine(isDay, 'dashboard.day_invalid').optional(),
  to: z.string().refine(isDay, 'dashboard.day_invalid').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).superRefine((q, ctx) => {
  if (!q.from !== !q.to) ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'dashboard.period_incomplete' });
  else if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'dashboard.period_order' });
  else if (q.from && q.to && daysBetween(q.from, q.to) > MAX_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: 'dashboard.period_too_long' });
});

/** An agency's public phone as people dial it: 0579-82468000, 13800000000, +86 579 8246 8000. */
export const AgencyPhone = z.string().trim().regex(/^[0-9+][0-9 ()+-]{4,29}$/, 'agency.phone_invalid');

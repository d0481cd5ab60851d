import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../core/db/database.js';
import { SERVICE_ADDRESS_STATEMENTS_V1 } from '../../core/documents/service-address-confirmation.v1.js';
import type { Session } from './api-client.js';
import type { HttpSession } from './http-client.js';

type Opts = { only?: string[]; portal?: boolean };

/**
 * What a business sends to sign its 送达地址确认书: the addresses it has proved (all, or those named
 * in `only`) and, unless `portal: false`, its portal account (electronic service goes only to a
 * signed confirmation: issue 14 item 1); each statement shown for a plausible time before signing.
 */
async function signingBody(db: Kysely<Database>, businessId: string, basedOnVersion: number, opts: Opts) {
  const verified = await db.selectFrom('service_addresses').select(['id', 'address']).where('business_id', '=', businessId).where('status', '=', 'verified').execute();
  const addressIds = verified.filter((a) => !opts.only || opts.only.includes(a.address)).map((a) => a.id);
  const confirmed = SERVICE_ADDRESS_STATEMENTS_V1.map((s, i) => ({ key: s.key, msBeforeSign: 4000 - i * 1000 }));
  return { basedOnVersion, addressIds, portal: opts.portal ?? true, signerName: '王建国', signerRole: '法定代表人', confirmed };
}
const confirmations = (businessId: string) => `/api/businesses/${businessId}/service-address-confirmations`;

/** The business's user (an in-process test API session) signs its confirmation. */
export async function confirmServiceAddresses(db: Kysely<Database>, business: Session, opts: Opts = {}) {
  const bid = business.user.businessId!;
  const seen = (await (await business.get(confirmations(bid))).json()) as { current: { version: number } | null };
  const res = await business.post(confirmations(bid), await signingBody(db, bid, seen.current?.version ?? 0, opts));
  expect(res.status, await res.clone().text()).toBe(201);
}

/** The same over HTTP against a running platform (e2e tests). */
export async function httpConfirmServiceAddresses(db: Kysely<Database>, business: HttpSession, opts: Opts = {}) {
  const bid = business.user.businessId!;
  const seen = await business.call<{ current: { version: number } | null }>('GET', confirmations(bid));
  await business.call('POST', confirmations(bid), await signingBody(db, bid, seen.current?.version ?? 0, opts));
}

/** A logged-in HTTP client against a running platform (cookie + CSRF), for e2e tests and benches. */
export async function httpLogin(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken, user } = (await res.json()) as { csrfToken: string; user: { id: string; businessId: string | null } };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'user-agent': 'vigil-http-client', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as T) : (Buffer.from(await r.arrayBuffer()) as T);
  };
  /** A raw upload (the body is the file), as the pages send one. */
  const upload = async <T>(path: string, bytes: Buffer, type: string): Promise<T> => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': type }, body: new Uint8Array(bytes) });
    if (!r.ok) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { call, upload, user, cookie };
}
export type HttpSession = Awaited<ReturnType<typeof httpLogin>>;

type C = { id: string; version: number; textSha256: string; statements: { key: string }[] };

/** Over HTTP, with the demo mailbox: a signed consent for the business's first site and a key for its first device. */
export async function httpConsentedDevice(officer: HttpSession, biz: HttpSession, signaturePng: string) {
  type Detail = { sites: { id: string; devices: { id: string }[] }[] };
  const detail = await officer.call<Detail>('GET', `/api/businesses/${biz.user.businessId}`);
  const site = detail.sites[0];
  const deviceIds = site.devices.map((d) => d.id);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
  const draft = await officer.call<C>('POST', '/api/consents', { siteId: site.id, deviceIds, purpose: '非现场监管', retention: '6 个月', viewers: '授权执法人员', validFrom: today, validUntil: until });
  const proposed = await officer.call<C>('POST', `/api/consents/${draft.id}/propose`, { version: draft.version });
  await biz.call('POST', `/api/consents/${proposed.id}/code`, { channel: 'email' });
  const box = await biz.call<{ items: { subject: string; body: string }[] }>('GET', '/api/dev/mailbox');
  const code = /验证码[:：]\s*(\d{6})/.exec(box.items.find((m) => m.subject.startsWith('签署验证码'))!.body)![1];
  const signed = await biz.call<C>('POST', `/api/consents/${proposed.id}/sign`, { code, signerName: '王建国', confirmed: proposed.statements.map((s) => s.key), signaturePng, textSha256: proposed.textSha256 });
  const { key } = await officer.call<{ key: string }>('POST', `/api/devices/${deviceIds[0]}/credentials`, {});
  return { consent: signed, deviceId: deviceIds[0], key, siteId: site.id, deviceIds };
}

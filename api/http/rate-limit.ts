import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from './context.js';
import { clientIp } from './request-context.js';

/**
 * At most `limit` requests per client address in any `windowMs` (a sliding window), for public
 * routes with no session to hold to account; the next one is answered 429 `rate_limited` with
 * Retry-After, before its body is read. The address comes from clientIp() (TRUST_PROXY aware).
 */
export function rateLimit(opts: { limit: number; windowMs: number; now?: () => number }): MiddlewareHandler<AppEnv> {
  const now = opts.now ?? Date.now;
  const seen = new Map<string, number[]>();
  const live = (key: string, t: number) => (seen.get(key) ?? []).filter((at) => at > t - opts.windowMs);

  return async (c, next) => {
    const t = now();
    const key = clientIp(c) ?? 'unknown';
    const list = live(key, t);
    if (list.length >= opts.limit) {
      seen.set(key, list);
      const retryAfterS = Math.max(1, Math.ceil((list[list.length - opts.limit] + opts.windowMs - t) / 1000));
      c.header('retry-after', String(retryAfterS));
      throw new AppError('rate_limited', '');
    }
    list.push(t);
    seen.set(key, list);
    if (seen.size > 50_000) for (const k of [...seen.keys()]) if (!live(k, t).length) seen.delete(k);
    await next();
  };
}

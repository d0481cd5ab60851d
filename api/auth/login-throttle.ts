/**
 * Failed-login throttle keyed by (account, address): after `maxAttempts` failures of one pair,
 * each further attempt of that pair waits twice as long as the one before (1 s, 2 s, 4 s … up to
 * the window). Someone guessing a password from elsewhere therefore never locks the real user out
 * of their own address. A generous cap per address (failures against any accounts within the
 * window) is only a back-stop against one address trying many accounts.
 */
export type LoginThrottleOptions = {
  /** Failures of one (account, address) pair before the back-off starts. */
  maxAttempts: number;
  /** How long failures are remembered, and the longest single back-off. */
  windowMs: number;
  /** Failures from one address, any accounts, within the window before it waits. */
  addressMaxFailures: number;
  /** The first back-off; doubles with each further failure. */
  baseDelayMs?: number;
  now?: () => number;
};

type Pair = { failures: number; last: number };

const MAX_KEYS = 100_000;

export class LoginThrottle {
  private readonly pairs = new Map<string, Pair>();
  private readonly addresses = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly baseDelayMs: number;

  constructor(private readonly opts: LoginThrottleOptions) {
    this.now = opts.now ?? Date.now;
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
  }

  /** Milliseconds until this account may try again from this address (0: now). */
  retryAfterMs(account: string, address: string | null): number {
    const t = this.now();
    let wait = 0;
    const pair = this.livePair(pairKey(account, address), t);
    if (pair && pair.failures >= this.opts.maxAttempts) wait = pair.last + this.delayAfter(pair.failures) - t;
    const list = this.liveAddress(addressKey(address), t);
    const cap = this.opts.addressMaxFailures;
    if (list.length >= cap) wait = Math.max(wait, list[list.length - cap] + this.opts.windowMs - t);
    return Math.max(0, wait);
  }

  recordFailure(account: string, address: string | null): void {
    const t = this.now();
    const key = pairKey(account, address);
    const pair = this.livePair(key, t) ?? { failures: 0, last: t };
    pair.failures += 1;
    pair.last = t;
    this.pairs.set(key, pair);
    const aKey = addressKey(address);
    const list = this.liveAddress(aKey, t);
    list.push(t);
    if (list.length > this.opts.addressMaxFailures) list.splice(0, list.length - this.opts.addressMaxFailures);
    this.addresses.set(aKey, list);
    if (this.pairs.size > MAX_KEYS || this.addresses.size > MAX_KEYS) this.sweep(t);
  }

  /** A successful login clears that pair's failures (not the address's back-stop count). */
  recordSuccess(account: string, address: string | null): void {
    this.pairs.delete(pairKey(account, address));
  }

  /** The wait imposed after `failures` failures of one pair. */
  delayAfter(failures: number): number {
    if (failures < this.opts.maxAttempts) return 0;
    return Math.min(this.opts.windowMs, this.baseDelayMs * 2 ** (failures - this.opts.maxAttempts));
  }

  /** A pair is forgotten after a whole window with no failure once its back-off has run out. */
  private livePair(key: string, t: number): Pair | undefined {
    const pair = this.pairs.get(key);
    if (pair && t >= pair.last + this.delayAfter(pair.failures) + this.opts.windowMs) {
      this.pairs.delete(key);
      return undefined;
    }
    return pair;
  }

  private liveAddress(key: string, t: number): number[] {
    const list = (this.addresses.get(key) ?? []).filter((at) => at > t - this.opts.windowMs);
    if (list.length) this.addresses.set(key, list);
    else this.addresses.delete(key);
    return list;
  }

  private sweep(t: number): void {
    for (const key of [...this.pairs.keys()]) this.livePair(key, t);
    for (const key of [...this.addresses.keys()]) this.liveAddress(key, t);
  }
}

const addressKey = (address: string | null) => address ?? 'unknown';
const pairKey = (account: string, address: string | null) => `${addressKey(address)}\u0000${account}`;

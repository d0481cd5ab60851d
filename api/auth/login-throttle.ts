/**
 * Sliding-window limiter for failed logins, keyed by client address and by username, so one
 * address cannot guess many accounts and many addresses cannot hammer one account.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Milliseconds until another attempt is allowed for any of these keys (0 = allowed now).
   * Keys starting with `ip:` get four times the limit: one office shares one address.
   */
  retryAfterMs(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const key of keys) {
      const list = this.prune(key, t);
      const max = key.startsWith('ip:') ? this.maxAttempts * 4 : this.maxAttempts;
      if (list.length >= max) wait = Math.max(wait, list[list.length - max] + this.windowMs - t);
    }
    return wait;
  }

  recordFailure(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const list = this.prune(key, t);
      list.push(t);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.sweep(t);
  }

  reset(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private prune(key: string, t: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > t - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private sweep(t: number): void {
    for (const key of [...this.failures.keys()]) this.prune(key, t);
  }
}

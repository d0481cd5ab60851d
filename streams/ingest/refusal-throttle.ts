/**
 * Refused publishes per address in a sliding window: past `max`, further attempts from that
 * address are dropped at once without asking the database (a key-guessing client costs nothing).
 */
export class RefusalThrottle {
  private readonly fails = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  fail(address: string): void {
    const list = this.recent(address);
    list.push(this.now());
    this.fails.set(address, list);
    if (this.fails.size > 10_000) this.fails.delete(this.fails.keys().next().value!);
  }

  blocked(address: string): boolean {
    return this.recent(address).length >= this.max;
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.fails.get(address) ?? []).filter((t) => t > cutoff);
    if (list.length) this.fails.set(address, list);
    else this.fails.delete(address);
    return list;
  }
}

/** The client address of a node-media-server session ("address:port", IPv4 mapped into IPv6). */
export function addressOf(ip: string): string {
  return ip.replace(/:\d+$/, '').replace(/^::ffff:/, '');
}

import net from 'node:net';
import type { TrustProxy } from '../../core/config.js';

/**
 * The client's address, as every throttle and ledger entry needs it. `X-Forwarded-For` is read
 * only when the direct peer is a configured trusted proxy (TRUST_PROXY); otherwise anyone could
 * name any address and escape a throttle, or have another address throttled. The chain is
 * walked right to left (each proxy appends the address it saw), skipping trusted hops; the first
 * untrusted one is the client. With a hop count the client is that many hops left of the peer.
 */
export type ClientAddressResolver = (peer: string | null, forwardedFor: string | undefined) => string | null;

/** '::ffff:10.0.0.1' → '10.0.0.1'; anything that is not an IP address → null. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  if (mapped) s = mapped[1];
  return net.isIP(s) ? s.toLowerCase() : null;
}

function blockListOf(cidrs: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of cidrs) {
    const [addr, bits] = entry.split('/');
    const type = net.isIPv6(addr) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

export function clientAddressResolver(trust: TrustProxy): ClientAddressResolver {
  if (trust.kind === 'none') return (peer) => normalizeIp(peer);
  const hops = (forwardedFor: string | undefined) =>
    (forwardedFor ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  if (trust.kind === 'hops') {
    return (peerRaw, forwardedFor) => {
      const peer = normalizeIp(peerRaw);
      const chain = [...hops(forwardedFor), peer ?? ''];
      for (let i = chain.length - 1, n = 0; i >= 0; i--, n++) {
        const ip = normalizeIp(chain[i]);
        // A hop we cannot read ends the walk at the last address we could.
        if (!ip) return i === chain.length - 1 ? null : normalizeIp(chain[i + 1]);
        if (n === trust.hops || i === 0) return ip;
      }
      return peer;
    };
  }

  const trusted = blockListOf(trust.cidrs);
  const isTrusted = (ip: string) => trusted.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');
  return (peerRaw, forwardedFor) => {
    const peer = normalizeIp(peerRaw);
    if (!peer || !isTrusted(peer)) return peer;
    let client = peer;
    const chain = hops(forwardedFor);
    for (let i = chain.length - 1; i >= 0; i--) {
      const ip = normalizeIp(chain[i]);
      if (!ip) return client;
      client = ip;
      if (!isTrusted(ip)) return ip;
    }
    return client;
  };
}

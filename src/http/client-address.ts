import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, for rate limits, token throttling and logs. Behind a load
 * balancer or CDN every request arrives from the proxy: the addresses and CIDRs of
 * TRUSTED_PROXIES are believed when they say who they forwarded (`Forwarded: for=`, RFC 7239,
 * else `X-Forwarded-For`), hop by hop from the right, and the first address no trusted proxy
 * vouches for is the client. A header from an untrusted peer changes nothing: anyone can send one.
 */
export function clientAddressOf(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = plainAddress(req.socket.remoteAddress ?? '') ?? 'unknown';
  if (trustedProxies.length === 0) return peer;
  const trusted = blockListOf(trustedProxies);
  if (!isTrusted(trusted, peer)) return peer;
  const forwarded = req.headers.forwarded;
  const hops = forwarded !== undefined ? forwardedFor(forwarded) : (req.headers['x-forwarded-for'] ?? '').toString().split(',').map((h) => h.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i]);
    // A hop that is no address (`unknown`, an obfuscated name, garbage): the proxy that wrote it is as far as we can see.
    if (!hop) return client;
    client = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return client;
}

const blockLists = new WeakMap<readonly string[], BlockList>();

function blockListOf(entries: readonly string[]): BlockList {
  let list = blockLists.get(entries);
  if (!list) {
    list = new BlockList();
    for (const entry of entries) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
    blockLists.set(entries, list);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** An IP address without brackets, port or the IPv4-mapped prefix; null when it is none. */
export function plainAddress(raw: string): string | null {
  let value = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  if (value.toLowerCase().startsWith('::ffff:') && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value : null;
}

/** The `for=` of each element of a Forwarded header, in order (`for=192.0.2.1;proto=https, for="[2001:db8::1]:4711"`). */
function forwardedFor(header: string | string[]): string[] {
  const hops: string[] = [];
  for (const element of String(header).split(',')) {
    const pair = element.split(';').map((p) => p.trim()).find((p) => /^for=/i.test(p));
    hops.push(pair ? pair.slice(4) : '');
  }
  return hops;
}

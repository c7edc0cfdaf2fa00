import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Address ranges a webhook may not reach unless ALERT_WEBHOOK_ALLOW_PRIVATE=true: the server's own network. */
const RANGES: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (carrier NAT)'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fc00::', 7, 'ipv6', 'unique-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const lists = RANGES.map(([network, prefix, family, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, kind };
});

/** Why `address` (an IP) is not a public one, or null; IPv4-mapped IPv6 addresses count as their IPv4. */
export function nonPublicKind(address: string): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return lists.find(({ list }) => list.check(address, family))?.kind ?? null;
}

/** A URL host without the brackets of an IPv6 literal. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

export class AddressRefused extends Error {
  readonly code = 'EADDRREFUSED';
}

const refusal = (host: string, address: string, kind: string) =>
  new AddressRefused(`${host === address ? address : `${host} resolves to ${address}, which`} is a ${kind} address; webhooks go to public addresses`);

/** Resolves the URL's host and refuses it when any address is not public. */
export async function checkWebhookHost(url: URL): Promise<AddressRefused | null> {
  const host = bareHost(url);
  const addresses = isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  for (const address of addresses) {
    const kind = nonPublicKind(address);
    if (kind) return refusal(host, address, kind);
  }
  return null;
}

/**
 * The DNS lookup of an outgoing webhook request: the socket connects only to an address
 * checked here, so a name re-pointed after registration cannot reach the internal network.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    for (const { address } of addresses) {
      const kind = nonPublicKind(address);
      if (kind) return callback(refusal(hostname, address, kind) as NodeJS.ErrnoException, '', 0);
    }
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

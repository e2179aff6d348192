import { BlockList, isIP } from 'node:net';

/**
 * Ranges a download must not reach unless allowed: the server's own host and network, and
 * addresses such as the cloud metadata service (169.254.169.254) that only make sense from inside.
 */
const INTERNAL_IPV4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];

const INTERNAL_IPV6: readonly [string, number][] = [
  ['::', 96], // unspecified, loopback and the IPv4-compatible form
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // the former site-local
  ['ff00::', 8], // multicast
];

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

export interface AddressRules {
  /** Every address is allowed. */
  readonly allowPrivate: boolean;
  /** Internal addresses or CIDR blocks allowed all the same. */
  readonly allowedNetworks: readonly string[];
}

/**
 * Decides which IP addresses a download may connect to. IPv4-mapped IPv6 addresses
 * (`::ffff:127.0.0.1`) are judged by the IPv4 address they carry: `BlockList` maps them itself.
 */
export class AddressPolicy {
  private readonly internal = new BlockList();
  private readonly allowed: BlockList;

  constructor(private readonly rules: AddressRules) {
    for (const [address, prefix] of INTERNAL_IPV4) this.internal.addSubnet(address, prefix, 'ipv4');
    for (const [address, prefix] of INTERNAL_IPV6) this.internal.addSubnet(address, prefix, 'ipv6');
    this.allowed = blockListOf(rules.allowedNetworks);
  }

  allows(address: string): boolean {
    if (this.rules.allowPrivate) return true;
    const family = isIP(address);
    if (family === 0) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    return this.allowed.check(address, type) || !this.internal.check(address, type);
  }
}

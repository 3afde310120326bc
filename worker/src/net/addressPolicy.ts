/**
 * Which IP addresses the worker may open a connection to when it fetches a repository:
 * public unicast only, plus loopback in local development. Judged with node's BlockList on
 * the address a name resolved to, so a public-looking name that resolves to an internal
 * address (or is re-pointed between two lookups) cannot reach it. Read by guardedLookup
 * and the git HTTP client; the ranges are IANA's special-purpose registries.
 */
import { BlockList, isIP } from "node:net";

/** IPv4 ranges that are not the public internet. */
const IPV4_NOT_PUBLIC: readonly [string, number][] = [
  ["0.0.0.0", 8], // "this network", 0.0.0.0 reaches the local host
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

/**
 * IPv6 is judged the other way round: only global unicast (2000::/3) is public, which leaves
 * out ::, ::1, IPv4-mapped and -compatible addresses, NAT64 (64:ff9b::/96, which could reach
 * internal IPv4), unique-local fc00::/7, link-local fe80::/10 and multicast ff00::/8. Inside
 * 2000::/3, these are not public either.
 */
const IPV6_GLOBAL: readonly [string, number][] = [["2000::", 3]];
const IPV6_GLOBAL_NOT_PUBLIC: readonly [string, number][] = [
  ["2001::", 23], // IETF protocol assignments: Teredo (embeds IPv4), benchmarking, ORCHID
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds IPv4)
  ["3fff::", 20], // documentation
];

function blockList(ranges: readonly [string, number][], family: "ipv4" | "ipv6"): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

const ipv4NotPublic = blockList(IPV4_NOT_PUBLIC, "ipv4");
const ipv6Global = blockList(IPV6_GLOBAL, "ipv6");
const ipv6GlobalNotPublic = blockList(IPV6_GLOBAL_NOT_PUBLIC, "ipv6");
// Two lists: one holding an IPv4 range would also match its IPv4-mapped IPv6 forms.
const loopback4 = blockList([["127.0.0.0", 8]], "ipv4");
const loopback6 = blockList([["::1", 128]], "ipv6");

/** `[::1]` (as URL.hostname gives it) → `::1`; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

export function isPublicAddress(address: string): boolean {
  const ip = unbracket(address);
  switch (isIP(ip)) {
    case 4:
      return !ipv4NotPublic.check(ip, "ipv4");
    case 6:
      return ipv6Global.check(ip, "ipv6") && !ipv6GlobalNotPublic.check(ip, "ipv6");
    default:
      return false;
  }
}

export function isLoopbackAddress(address: string): boolean {
  const ip = unbracket(address);
  const family = isIP(ip);
  // Only the plain forms: ::ffff:127.0.0.1 is not needed by local development.
  if (family === 4) return loopback4.check(ip, "ipv4");
  return family === 6 && loopback6.check(ip, "ipv6");
}

/** What a clone may connect to. */
export interface AddressPolicy {
  /** True when a connection to this resolved address may be opened. */
  allows(address: string): boolean;
}

/** Production: public addresses only. Local development: loopback as well. */
export function addressPolicy(options: { allowLoopback: boolean }): AddressPolicy {
  return {
    allows: (address) =>
      isPublicAddress(address) || (options.allowLoopback && isLoopbackAddress(address)),
  };
}

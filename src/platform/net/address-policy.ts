import net from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** What each kind of address is, in words for an error message. */
const KIND: Record<string, string> = {
  loopback: 'a loopback address',
  unspecified: 'an unspecified address (0.0.0.0/8 or ::)',
  private: 'a private address (10/8, 172.16/12 or 192.168/16)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64/10)',
  linkLocal: 'a link-local address (169.254/16 or fe80::/10), where cloud metadata services answer',
  uniqueLocal: 'a unique local IPv6 address (fc00::/7)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  nat64Local: 'a local-use NAT64 address (64:ff9b:1::/48)',
  ipv4Compatible: 'an IPv4-compatible IPv6 address (::/96)',
};
const kindOf = (range: string) => KIND[range] ?? `a reserved or special-purpose address (${range})`;

/** The IPv4 address held in an IPv6 address's last 32 bits. */
const lastFour = (ip: ipaddr.IPv6) =>
  new ipaddr.IPv4([ip.parts[6]! >> 8, ip.parts[6]! & 255, ip.parts[7]! >> 8, ip.parts[7]! & 255]);

/**
 * The range an address belongs to, as ipaddr.js names it; 'unicast' only for a public address. An
 * IPv6 address that carries an IPv4 one (IPv4-mapped, SIIT, IPv4-compatible, well-known NAT64)
 * is judged by the IPv4 address it reaches.
 */
function rangeOf(ip: Address): string {
  if (ip.kind() === 'ipv4') return ip.range();
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return rangeOf(lastFour(v6));
  if (range === 'rfc6052') return v6.parts[2] === 0 ? rangeOf(lastFour(v6)) : 'nat64Local';
  if (range === 'unicast' && v6.parts.slice(0, 6).every((p) => p === 0)) return 'ipv4Compatible';
  return range;
}

/** The IPv4 form of an IPv4-mapped address, so allow-list ranges match however the address is written. */
const plain = (ip: Address): Address =>
  ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;

/** Host names that are loopback whatever a resolver says (RFC 6761). */
const LOCALHOST = /(^|\.)localhost$/;

/** A host name as compared: lower case, without the trailing dot of a fully qualified name. */
export const normalHost = (host: string) => host.toLowerCase().replace(/\.$/, '');

export interface AddressPolicy {
  /** Why a connection to this address is refused, or undefined for a public (or allowed) address. */
  refusal(address: string): string | undefined;
  /** Whether the allow-list names this host, which may then reach any address it resolves to. */
  allowsHost(host: string): boolean;
  /** Why a host name is refused whatever it resolves to (localhost), or undefined. */
  nameRefusal(host: string): string | undefined;
}

/** Why an allow-list entry cannot be read, or undefined. Config checks each entry with this. */
export function allowEntryProblem(entry: string): string | undefined {
  if (ipaddr.isValidCIDR(entry) || net.isIP(entry)) return undefined;
  if (/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(entry))
    return undefined;
  return `"${entry}" is neither a host name, an IP address nor a CIDR range like 10.20.0.0/16`;
}

/**
 * Outbound connections go to public addresses only: loopback, unspecified, private, carrier-grade
 * NAT, link-local (cloud metadata), unique local, multicast, broadcast, documentation, benchmarking
 * and every other special-purpose range are refused, IPv4 inside IPv6 included. `allow` names the
 * exceptions (host names, addresses, CIDR ranges): an internal chat server an installation uses.
 */
export function createAddressPolicy(allow: readonly string[] = []): AddressPolicy {
  const ranges: [Address, number][] = [];
  const hosts = new Set<string>();
  for (const entry of allow) {
    if (ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else if (net.isIP(entry)) {
      const ip = plain(ipaddr.parse(entry));
      ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(normalHost(entry));
  }
  const allowed = (ip: Address) =>
    ranges.some(([net, bits]) => {
      const [a, b] = [plain(ip), plain(net)];
      return a.kind() === b.kind() && a.match(b, bits);
    });
  return {
    refusal(address) {
      if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
      const ip = ipaddr.parse(address);
      if (allowed(ip)) return undefined;
      const range = rangeOf(ip);
      return range === 'unicast' ? undefined : `${address} is ${kindOf(range)}`;
    },
    allowsHost: (host) => hosts.has(normalHost(host)),
    nameRefusal: (host) =>
      LOCALHOST.test(normalHost(host)) && !hosts.has(normalHost(host)) ? `${host} is ${kindOf('loopback')}` : undefined,
  };
}

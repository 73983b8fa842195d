import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { createAddressPolicy, normalHost, type AddressPolicy } from './address-policy.ts';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Resolves a host name to every address it has. The server uses the system's; tests give a stub. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A connection the address policy refused; retrying cannot help until the policy or the DNS changes. */
export class OutboundRefusedError extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** A URL's host as the connection sees it: IPv6 literals without their brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

export interface OutboundGuard {
  /**
   * Why a URL's host is refused, asked before a connection is opened: the literal address, or a name
   * that is always internal. A name is judged again on what it resolves to, in `lookup`.
   */
  hostRefusal(url: URL): string | undefined;
  /**
   * Why a URL is refused as a destination, resolving its host now (when a subscription is saved). A
   * name that does not resolve is not refused here: `lookup` still judges it at every connection.
   */
  check(url: URL): Promise<string | undefined>;
  /** The `lookup` for node:http/node:net: resolves, then refuses the connection if any address is refused. */
  lookup: LookupFunction;
}

/**
 * Keeps outbound requests (webhooks) out of the network Custodian runs in: refused when the
 * destination is saved and again on the very address each connection is about to use, so a name
 * that resolves to a public address when saved and to an internal one when sent (DNS rebinding)
 * is refused too. Every address a name resolves to must pass, not only the one tried first.
 */
export function createOutboundGuard(opts: { allow?: readonly string[]; resolve?: HostResolver } = {}): OutboundGuard {
  const policy: AddressPolicy = createAddressPolicy(opts.allow);
  const resolve = opts.resolve ?? systemResolver;

  const hostRefusal = (url: URL) => {
    const host = hostOf(url);
    if (net.isIP(host)) return policy.refusal(host);
    return policy.nameRefusal(host);
  };
  const refusalOf = (host: string, addresses: ResolvedAddress[]) => {
    if (policy.allowsHost(host)) return undefined;
    for (const { address } of addresses) {
      const refused = policy.refusal(address);
      if (refused) return `${normalHost(host)} resolves to ${refused}`;
    }
    return undefined;
  };

  return {
    hostRefusal,
    async check(url) {
      const early = hostRefusal(url);
      if (early || net.isIP(hostOf(url)) || policy.allowsHost(hostOf(url))) return early;
      const addresses = await resolve(hostOf(url)).catch(() => []);
      return refusalOf(hostOf(url), addresses);
    },
    lookup(hostname, options, callback) {
      resolve(hostname).then(
        (all) => {
          const wanted =
            options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
          const refused = refusalOf(hostname, all);
          if (refused) return callback(new OutboundRefusedError(refused), '', 0);
          const first = wanted[0];
          if (!first)
            return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
          if (options.all) return (callback as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
          callback(null, first.address, first.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, '', 0),
      );
    },
  };
}

import net from 'node:net';
import type { HostResolver } from '../../src/platform/net/index.ts';

/**
 * A resolver for tests: answers from `names` (which a test may change, to rebind a name between
 * saving and sending) and says ENOTFOUND for every other name, so no test ever asks a real DNS server.
 */
export function stubResolver(
  names: Map<string, string[]> = new Map(),
): HostResolver & { names: Map<string, string[]> } {
  const resolve = async (hostname: string) => {
    const addresses = names.get(hostname.toLowerCase());
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: net.isIPv6(address) ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { names });
}

import { describe, expect, it } from 'vitest';
import { stubResolver } from '../../../test/support/stub-resolver.ts';
import { allowEntryProblem, createAddressPolicy, createOutboundGuard } from './index.ts';

/** Every way of writing an internal destination the issue names, and more. */
const INTERNAL_URLS = [
  'https://127.0.0.1/hook',
  'https://127.255.255.254/hook',
  'https://localhost/hook',
  'https://LOCALHOST./hook',
  'https://api.localhost/hook',
  'https://[::1]/hook',
  'https://0.0.0.0/hook',
  'https://0/hook',
  'https://[::]/hook',
  'https://2130706433/hook',
  'https://0x7f000001/hook',
  'https://0x7f.1/hook',
  'https://127.1/hook',
  'https://0177.0.0.1/hook',
  'https://017700000001/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://[::ffff:7f00:1]/hook',
  'https://[::127.0.0.1]/hook',
  'https://[::ffff:0:127.0.0.1]/hook',
  'https://[64:ff9b::a9fe:a9fe]/hook',
  'https://[64:ff9b:1::1]/hook',
  'https://[2002:7f00:1::]/hook',
  'https://169.254.169.254/latest/meta-data/',
  'https://[fd00:ec2::254]/hook',
  'https://[fe80::1]/hook',
  'https://[fc00::1]/hook',
  'https://10.0.0.1/hook',
  'https://10.255.255.255/hook',
  'https://172.16.0.1/hook',
  'https://172.31.255.255/hook',
  'https://192.168.1.1/hook',
  'https://100.64.0.1/hook',
  'https://100.127.255.255/hook',
  'https://224.0.0.1/hook',
  'https://[ff02::1]/hook',
  'https://255.255.255.255/hook',
  'https://198.18.0.1/hook',
  'https://192.0.2.1/hook',
  'https://240.0.0.1/hook',
  'https://[2001:db8::1]/hook',
  'https://metadata.google.internal/computeMetadata/v1/',
  'https://rebound.test/hook',
  'https://two-faced.test/hook',
];
const PUBLIC_URLS = [
  'https://93.184.215.14/hook',
  'https://172.32.0.1/hook',
  'https://100.128.0.1/hook',
  'https://[2606:4700:4700::1111]/hook',
  'https://[::ffff:93.184.215.14]/hook',
  'https://[64:ff9b::5db8:d70e]/hook',
  'https://chat.example/hook',
  'https://not-in-dns.example/hook',
];

const resolver = () =>
  stubResolver(
    new Map([
      ['metadata.google.internal', ['169.254.169.254']],
      ['rebound.test', ['10.1.2.3']],
      ['two-faced.test', ['93.184.215.14', '127.0.0.1']],
      ['chat.example', ['93.184.215.14', '2606:4700:4700::1111']],
      ['chat.corp.internal', ['10.20.0.5']],
    ]),
  );

describe('the outbound address policy', () => {
  it('refuses every internal, special-purpose or odd spelling of one, and names what it is', async () => {
    const guard = createOutboundGuard({ resolve: resolver() });
    for (const url of INTERNAL_URLS) expect(await guard.check(new URL(url)), url).toMatch(/ is (a|an|the) /);
    expect(await guard.check(new URL('https://169.254.169.254/'))).toBe(
      '169.254.169.254 is a link-local address (169.254/16 or fe80::/10), where cloud metadata services answer',
    );
    expect(await guard.check(new URL('https://metadata.google.internal/'))).toMatch(
      /^metadata\.google\.internal resolves to 169\.254\.169\.254 is a link-local address/,
    );
  });

  it('lets public addresses through, and a name the resolver does not know (checked again when connecting)', async () => {
    const guard = createOutboundGuard({ resolve: resolver() });
    for (const url of PUBLIC_URLS) expect(await guard.check(new URL(url)), url).toBeUndefined();
  });

  it('lets through only what the allow-list names: a host name, an address or a CIDR range', async () => {
    const guard = createOutboundGuard({
      resolve: resolver(),
      allow: ['chat.corp.internal', '127.0.0.1', '192.168.10.0/24', 'fd00:ec2::/32'],
    });
    for (const url of [
      'https://chat.corp.internal/hook',
      'https://127.0.0.1/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://192.168.10.77/hook',
      'https://[fd00:ec2::254]/hook',
    ])
      expect(await guard.check(new URL(url)), url).toBeUndefined();
    for (const url of [
      'https://127.0.0.2/hook',
      'https://192.168.11.1/hook',
      'https://rebound.test/',
      'https://localhost/',
    ])
      expect(await guard.check(new URL(url)), url).toBeDefined();
  });

  it('reads allow-list entries strictly', () => {
    for (const ok of ['chat.corp.internal', '10.0.0.0/8', '::1', 'fd00::/8', '127.0.0.1'])
      expect(allowEntryProblem(ok)).toBeUndefined();
    for (const bad of ['10.0.0.0/33', 'http://chat', 'a b', '', '*.internal'])
      expect(allowEntryProblem(bad), bad).toMatch(/is neither a host name/);
    expect(createAddressPolicy().refusal('not an address')).toBe('not an address is not an IP address');
  });

  it('refuses at connection time when any address a name resolves to is internal, whatever the family asked', async () => {
    const guard = createOutboundGuard({ resolve: resolver() });
    const lookup = (host: string, options: { all?: boolean; family?: number }) =>
      new Promise<unknown>((resolve, reject) =>
        guard.lookup(host, options as never, (err, address, family) =>
          err ? reject(err) : resolve(address ?? family),
        ),
      );
    await expect(lookup('two-faced.test', { all: true })).rejects.toMatchObject({ code: 'ERR_OUTBOUND_REFUSED' });
    await expect(lookup('two-faced.test', { family: 4 })).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
    await expect(lookup('chat.example', { all: true })).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
    await expect(lookup('chat.example', { family: 6 })).resolves.toBe('2606:4700:4700::1111');
    await expect(lookup('nowhere.test', {})).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

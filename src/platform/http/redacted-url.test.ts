import { describe, expect, it } from 'vitest';
import { redactedUrl } from './redacted-url.ts';

const routed = (url: string, pattern: string | undefined, credentialParams?: string[]) => ({
  url,
  routeOptions: { url: pattern, config: credentialParams ? { credentialParams } : {} },
});

describe('redactedUrl', () => {
  it('replaces the path segments and query parameters the route declares credentials', () => {
    expect(redactedUrl(routed('/feeds/deadlines/cdf_abc.ics', '/feeds/deadlines/:token', ['token']))).toBe(
      '/feeds/deadlines/[redacted]',
    );
    expect(redactedUrl(routed('/setup/abc?token=abc&page=2&tok%65n=x', '/setup/:token', ['token']))).toBe(
      '/setup/[redacted]?token=[redacted]&page=2&tok%65n=[redacted]',
    );
    expect(redactedUrl(routed('/a/one-two/b', '/a/:id-:key/b', ['key']))).toBe('/a/[redacted]/b');
  });

  it('leaves addresses alone when the route declares no credential, or no route matched', () => {
    expect(redactedUrl(routed('/contracts/abc?token=x', '/contracts/:contractId'))).toBe('/contracts/abc?token=x');
    expect(redactedUrl(routed('/nowhere/abc', undefined, ['token']))).toBe('/nowhere/abc');
    expect(redactedUrl({ url: '/setup/abc/more', server: { routeCatalogue: [{ url: '/contracts/:id' }] } })).toBe(
      '/setup/abc/more',
    );
    expect(redactedUrl({ url: '/raw' })).toBe('/raw');
    expect(redactedUrl(routed('/api/v1/tokens/abc', '/api/v1/tokens/:tokenId', ['token']))).toBe('/api/v1/tokens/abc');
  });

  it('redacts a request to no route as the credential route it resembles would be (a mistyped link)', () => {
    const server = {
      routeCatalogue: [
        { url: '/setup/:token', credentialParams: ['token'] },
        { url: '/feeds/deadlines/:token', credentialParams: ['token'] },
        { url: '/contracts/:contractId' },
      ],
    };
    expect(redactedUrl({ url: '/setup/abc/extra?token=abc', server })).toBe('/setup/[redacted]/extra?token=[redacted]');
    expect(redactedUrl({ url: '/feeds/deadlines/cdf_x.ics/', server })).toBe('/feeds/deadlines/[redacted]/');
    expect(redactedUrl({ url: '/feeds/other/cdf_x', server })).toBe('/feeds/other/cdf_x');
    expect(redactedUrl({ url: '/setup', server })).toBe('/setup');
    expect(redactedUrl({ url: '/contracts/abc/nope', server })).toBe('/contracts/abc/nope');
  });
});

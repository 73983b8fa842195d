/** What a credential is shown as wherever an address is logged or recorded. */
export const REDACTED = '[redacted]';

/**
 * The parts of a request the redaction reads. Fastify hands its own request (with the matched route)
 * to the pino serializers as well as to hooks, so both logs can share this one rule.
 */
export interface RoutedRequest {
  url: string;
  routeOptions?: { url?: string | undefined; config?: { credentialParams?: readonly string[] | undefined } };
  /** The app, whose route catalogue says which routes carry credentials (for requests that matched none). */
  server?: { routeCatalogue?: readonly { url: string; credentialParams?: readonly string[] }[] };
}

/**
 * The request's URL with every credential its route declares (`config.credentialParams`) replaced by
 * [redacted], in the path and in the query string. A request that matched no route (a mistyped
 * one-time link, say) is redacted as the credential route it most resembles would be: any whose
 * fixed segments it shares up to the credential. Addresses of routes declaring no credential come
 * back unchanged.
 */
export function redactedUrl(request: RoutedRequest): string {
  const pattern = request.routeOptions?.url;
  if (!pattern)
    return resemblingRoutes(request).reduce(
      (url, route) => redact(url, route.url, route.credentialParams),
      request.url,
    );
  return redact(request.url, pattern, request.routeOptions?.config?.credentialParams ?? []);
}

/** The credential routes whose fixed path segments an unmatched request's path shares, up to their credential. */
function resemblingRoutes(request: RoutedRequest): { url: string; credentialParams: readonly string[] }[] {
  const segments = (request.url.split('?')[0] ?? '').split('/');
  const routes = (request.server?.routeCatalogue ?? []).filter(
    (r): r is { url: string; credentialParams: readonly string[] } => Boolean(r.credentialParams?.length),
  );
  return routes.filter((route) => {
    const parts = route.url.split('/');
    const last = parts.findLastIndex((part) => paramsIn(part).some((p) => route.credentialParams.includes(p)));
    return (
      last >= 0 &&
      last < segments.length &&
      parts.slice(0, last).every((part, i) => part.includes(':') || part === segments[i])
    );
  });
}

const paramsIn = (segment: string) => [...segment.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

function redact(url: string, pattern: string, credentials: readonly string[]): string {
  if (credentials.length === 0) return url;
  const request = { url };
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  // A route parameter never spans a '/' (only a trailing '*' does), so segment i of the path is segment i of the pattern.
  const patternSegments = pattern.split('/');
  const holdsCredential = (segment: string | undefined) =>
    segment !== undefined && paramsIn(segment).some((p) => credentials.includes(p));
  const redactedPath = path
    .split('/')
    .map((segment, i) => (holdsCredential(patternSegments[i]) ? REDACTED : segment))
    .join('/');
  if (q < 0) return redactedPath;
  const query = request.url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const key = pair.split('=')[0] ?? '';
      return credentials.includes(decodeKey(key)) ? `${key}=${REDACTED}` : pair;
    });
  return `${redactedPath}?${query.join('&')}`;
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** What a credential is shown as wherever an address is logged or recorded. */
export const REDACTED = '[redacted]';

/**
 * The parts of a request the redaction reads. Fastify hands its own request (with the matched route)
 * to the pino serializers as well as to hooks, so both logs can share this one rule.
 */
export interface RoutedRequest {
  url: string;
  routeOptions?: { url?: string | undefined; config?: { credentialParams?: readonly string[] | undefined } };
}

/**
 * The request's URL with every credential its route declares (`config.credentialParams`) replaced by
 * [redacted], in the path and in the query string. Requests to no route, or to a route declaring no
 * credential, come back unchanged.
 */
export function redactedUrl(request: RoutedRequest): string {
  const credentials = request.routeOptions?.config?.credentialParams ?? [];
  const pattern = request.routeOptions?.url;
  if (credentials.length === 0 || !pattern) return request.url;
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  // A route parameter never spans a '/' (only a trailing '*' does), so segment i of the path is segment i of the pattern.
  const patternSegments = pattern.split('/');
  const holdsCredential = (segment: string | undefined) =>
    segment !== undefined && [...segment.matchAll(/:([A-Za-z0-9_]+)/g)].some((m) => credentials.includes(m[1]!));
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

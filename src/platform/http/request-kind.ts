import type { FastifyRequest } from 'fastify';

const API = /^\/api\//i;

/**
 * The path as the router reads it, for a request no route matched: the path of an absolute-form
 * URL, percent-decoded, with repeated slashes folded. Never throws; an undecodable path is kept raw.
 */
function routedPath(url: string): string {
  let path = url.split(/[?#]/, 1)[0] ?? '';
  // Only an absolute-form URL goes through the URL parser: it would read `//api/…` as a host.
  if (!path.startsWith('/'))
    try {
      path = new URL(url).pathname;
    } catch {
      // not a URL at all: classify the raw text
    }
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape: the router refuses it too
  }
  return path.replace(/\/{2,}/g, '/');
}

/**
 * API requests get JSON errors and bearer authentication (never the session cookie); everything
 * else is a web page. Decided on what the router matched, not on the URL as sent: `/%61pi/v1/…` and
 * `http://host/api/v1/…` reach /api/v1 routes, so they are API requests too. A request that matched
 * no route is classified on its decoded, slash-folded path, ignoring case, so its 404 is JSON.
 */
export const isApiRequest = (request: FastifyRequest): boolean =>
  API.test(request.routeOptions.url ?? routedPath(request.url));

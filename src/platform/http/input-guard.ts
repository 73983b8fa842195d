import type { FastifyInstance } from 'fastify';

const MAX_DEPTH = 32;
// In Unicode mode a surrogate pair is one code point, so this matches only a surrogate standing alone.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a string cannot be taken as input, or undefined when it can. */
function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'The request contains a character that is not allowed (NUL)';
  // A lone surrogate (JSON's "\ud800") is no character at all: it cannot be encoded as UTF-8.
  if (LONE_SURROGATE.test(s)) return 'The request contains text that is not well-formed Unicode (a lone surrogate)';
  return undefined;
}

/** The first problem with any string in the value (keys included), however nested. */
function problemIn(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return stringProblem(value);
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const problem = stringProblem(k) ?? problemIn(v, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Refuses malformed input (400) for every route, before any handler runs, so nothing is half done:
 * - a NUL character: PostgreSQL cannot store U+0000 in text and SQLite can, so without this the
 *   same input would be a 500 on one database and stored on the other; no field needs one;
 * - a lone surrogate: JSON can spell one ("\ud800") but no UTF-8 can hold it, so it fails deep in a
 *   hash, a driver or a template, after the handler has begun.
 * Forms, query strings and path parameters decode ill-formed UTF-8 to U+FFFD, and headers are read
 * as Latin-1, so only JSON bodies can carry a lone surrogate; every source is checked all the same.
 * Runs after authorisation, before any handler.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem = problemIn(request.query) ?? problemIn(request.params) ?? problemIn(request.body);
    if (problem) throw Object.assign(new Error(problem), { statusCode: 400 });
  });
}

import type { FastifyInstance } from 'fastify';

const MAX_DEPTH = 32;

/** True when any string in the value (keys included), however nested, holds U+0000. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (!value || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || holdsNul(v, depth + 1)) return true;
  return false;
}

/**
 * Refuses input holding a NUL character as malformed (400). PostgreSQL cannot store U+0000 in text
 * and SQLite can, so without this the same input would be a 500 on one database and stored on the
 * other; no field of Custodian needs one. Runs after authorisation, before any handler.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.query) || holdsNul(request.params) || holdsNul(request.body)) {
      throw Object.assign(new Error('The request contains a character that is not allowed (NUL)'), { statusCode: 400 });
    }
  });
}

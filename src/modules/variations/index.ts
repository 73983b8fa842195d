import type { FastifyInstance } from 'fastify';
import { variationsApi } from './variations.api.ts';
import { variationsWeb, type VariationsWebDeps } from './variations.web.ts';

/**
 * The Variation Procedure as records, for any module whose agreed things change by Variation (the
 * Security Management Plan, clause 4.4.3–4.4.4; the Security Policy, clause 2.4): proposals with
 * rationale and the changes, agreement bound to a hash, fast-track, rejection and formalisation.
 */
export {
  createVariationsService,
  type Variation,
  type VariationSubject,
  type VariationsService,
} from './variations.service.ts';

export async function variationsPlugin(app: FastifyInstance, opts: VariationsWebDeps): Promise<void> {
  variationsWeb(app, opts);
  await app.register(variationsApi, opts);
}

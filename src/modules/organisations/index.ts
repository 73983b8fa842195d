import type { FastifyInstance } from 'fastify';
import { organisationsWeb } from './organisations.web.ts';
import type { OrganisationsService } from './organisations.service.ts';

/** Organisations: the Agencies, Clients and oversight bodies that are parties to contracts. */
export { createOrganisationsService, type OrganisationsService } from './organisations.service.ts';
export { organisationOutput, KIND_LABELS, type Organisation } from './organisations.schemas.ts';

export async function organisationsPlugin(
  app: FastifyInstance,
  opts: { organisations: OrganisationsService },
): Promise<void> {
  organisationsWeb(app, opts.organisations);
}

import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../platform/auth/index.ts';
import { requiredText } from '../../platform/validation/index.ts';

export const organisationKind = z.enum(ORGANISATION_KINDS, { message: 'Select the kind of organisation' });

export const createOrganisationInput = z.object({
  name: requiredText('the organisation name', 200),
  kind: organisationKind,
});
export type CreateOrganisationInput = z.output<typeof createOrganisationInput>;

export const renameOrganisationInput = z.object({ name: requiredText('the organisation name', 200) });

/** What the API returns for an organisation. */
export const organisationOutput = z.object({
  id: z.string(),
  name: z.string(),
  kind: organisationKind,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.output<typeof organisationOutput>;

export const KIND_LABELS: Record<(typeof ORGANISATION_KINDS)[number], string> = {
  agency: 'Agency (supplier)',
  client: 'Client (buyer)',
  oversight: 'Oversight body',
};

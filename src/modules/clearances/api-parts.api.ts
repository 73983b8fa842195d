import { z } from 'zod';
import { apiErrorOutput, apiLookupErrors, uuidParam } from '../../platform/http/index.ts';

/** Path parameters and errors the clearances API routes share. */
export const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });
export const writeErrors = {
  ...apiLookupErrors,
  409: apiErrorOutput.describe(
    'The clearance or role is in a state that refuses this (already ended, already decided, changed since read)',
  ),
  422: apiErrorOutput.describe('A field is missing or wrong: `details.fields` says which'),
};

import { z } from 'zod';
import { CONTRACT_ROLES } from '../../platform/auth/index.ts';
import { civilDate, requiredText } from '../../platform/validation/index.ts';

export const createApiTokenInput = z.object({
  name: requiredText('a name for the token', 100),
  contractId: z.string({ message: 'Select a contract' }).uuid('Select a contract'),
  role: z.enum(CONTRACT_ROLES, { message: 'Select a role' }),
  expiresOn: civilDate('the expiry date'),
});

export const apiTokenOutput = z.object({
  id: z.string(),
  name: z.string(),
  contractId: z.string(),
  role: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiToken = z.output<typeof apiTokenOutput>;

import type { ContractRole } from '../../platform/auth/index.ts';

/**
 * Roles a contract role may give and remove on its own contract without an administrator: the
 * Agency's security manager runs its own staff list, so leavers lose access the same day (clause B6).
 */
export const ROLE_DELEGATION: Partial<Record<ContractRole, readonly ContractRole[]>> = {
  'agency-security-manager': ['agency-staff'],
};

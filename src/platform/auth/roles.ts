/**
 * The parties to a contract and the roles people hold on it: the vocabulary permissions are granted
 * in. Which role holds which permission each module declares in its manifest (see permissions.ts);
 * the catalogue assembled from them is in docs/permissions.md.
 */
export const CONTRACT_ROLES = [
  'agency-security-manager',
  'agency-staff',
  'client-representative',
  'client-viewer',
  'oversight-viewer',
  'auditor',
] as const;
export type ContractRole = (typeof CONTRACT_ROLES)[number];

export const ORGANISATION_KINDS = ['agency', 'client', 'oversight'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Which organisation kind may hold each role. An auditor is independent of the Agency. */
export const ROLE_ORGANISATION_KINDS: Record<ContractRole, readonly OrganisationKind[]> = {
  'agency-security-manager': ['agency'],
  'agency-staff': ['agency'],
  'client-representative': ['client'],
  'client-viewer': ['client'],
  'oversight-viewer': ['oversight'],
  auditor: ['client', 'oversight'],
};

export const ROLE_LABELS: Record<ContractRole | 'system-admin', string> = {
  'agency-security-manager': 'Agency security manager',
  'agency-staff': 'Agency staff',
  'client-representative': "Client's Representative",
  'client-viewer': 'Client viewer',
  'oversight-viewer': 'Oversight viewer',
  auditor: 'Auditor',
  'system-admin': 'System administrator',
};

export const isContractRole = (value: string): value is ContractRole =>
  (CONTRACT_ROLES as readonly string[]).includes(value);

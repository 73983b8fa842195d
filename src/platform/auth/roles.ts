/**
 * The role and permission catalogue: the single source of truth for least privilege (clause B5).
 * A route names one permission; a principal holds it only through a role listed here.
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

/**
 * scope says how a permission is checked:
 * - public: anyone, signed in or not;
 * - pending: a session that has passed the password but not yet MFA;
 * - signed-in: any fully signed-in user (what they then see is filtered by the service);
 * - admin: the installation-wide system-admin role;
 * - contract: a role on the contract named by the route's :contractId (or the API token's contract).
 */
export const PERMISSIONS = {
  public: { scope: 'public' },
  'session:pending': { scope: 'pending' },
  'signed-in': { scope: 'signed-in' },
  'organisations:manage': { scope: 'admin' },
  'users:manage': { scope: 'admin' },
  'contracts:manage': { scope: 'admin' },
  'memberships:manage': { scope: 'admin' },
  'api-tokens:manage': { scope: 'admin' },
  /** The Working-Day calendar: GOV.UK bank-holiday data and one-off holidays. */
  'calendar:manage': { scope: 'admin' },
  'notifications:manage': { scope: 'admin' },
  'contract:view': { scope: 'contract' },
  'contract:members:view': { scope: 'contract' },
  'contract:staff:manage': { scope: 'contract' },
  'contract:audit:view': { scope: 'contract' },
  /** Webhook subscriptions of the holder's own party on the contract (the service keeps each side to its own). */
  'contract:webhooks:manage': { scope: 'contract' },
  /** Adding deadlines for clauses Custodian does not track itself, marking those met, waiving what is owed to one's party. */
  'contract:deadlines:manage': { scope: 'contract' },
  /** Every version of the Security Management Plan (everyone else with contract:view reads the plan in force). */
  'contract:smp:versions': { scope: 'contract' },
  /** Writing and submitting the plan: the Agency's security manager (clause 4.3.1). */
  'contract:smp:edit': { scope: 'contract' },
  /** Approving or refusing a submitted plan: the Client's Representative (clause 4.3.2). */
  'contract:smp:decide': { scope: 'contract' },
  /** Reading the contract's Variations: what each proposed, who decided and when it took effect. */
  'contract:variations:view': { scope: 'contract' },
  /** Recording the signed Variation that formalises an agreed change: either party's lead. */
  'contract:variations:formalise': { scope: 'contract' },
} as const satisfies Record<string, { scope: 'public' | 'pending' | 'signed-in' | 'admin' | 'contract' }>;
export type Permission = keyof typeof PERMISSIONS;

export const CONTRACT_ROLE_PERMISSIONS: Record<ContractRole, readonly Permission[]> = {
  'agency-security-manager': [
    'contract:view',
    'contract:members:view',
    'contract:staff:manage',
    'contract:audit:view',
    'contract:webhooks:manage',
    'contract:deadlines:manage',
    'contract:smp:versions',
    'contract:smp:edit',
    'contract:variations:view',
    'contract:variations:formalise',
  ],
  'agency-staff': ['contract:view'],
  'client-representative': [
    'contract:view',
    'contract:members:view',
    'contract:audit:view',
    'contract:webhooks:manage',
    'contract:deadlines:manage',
    'contract:smp:versions',
    'contract:smp:decide',
    'contract:variations:view',
    'contract:variations:formalise',
  ],
  'client-viewer': ['contract:view', 'contract:smp:versions', 'contract:variations:view'],
  'oversight-viewer': ['contract:view', 'contract:smp:versions', 'contract:variations:view'],
  auditor: [
    'contract:view',
    'contract:members:view',
    'contract:audit:view',
    'contract:smp:versions',
    'contract:variations:view',
  ],
};

/** A system administrator administers every contract; each such use is marked privileged in the audit log. */
export const SYSTEM_ADMIN_PERMISSIONS: readonly Permission[] = [
  'organisations:manage',
  'users:manage',
  'contracts:manage',
  'memberships:manage',
  'api-tokens:manage',
  'calendar:manage',
  'notifications:manage',
  'contract:view',
  'contract:members:view',
  'contract:staff:manage',
  'contract:audit:view',
  'contract:webhooks:manage',
  'contract:deadlines:manage',
  'contract:smp:versions',
  'contract:variations:view',
];

/**
 * Roles a contract role may give and remove on its own contract without an administrator: the
 * Agency's security manager runs its own staff list, so leavers lose access the same day (clause B6).
 */
export const ROLE_DELEGATION: Partial<Record<ContractRole, readonly ContractRole[]>> = {
  'agency-security-manager': ['agency-staff'],
};

export const isContractRole = (value: string): value is ContractRole =>
  (CONTRACT_ROLES as readonly string[]).includes(value);
export const isPermission = (value: unknown): value is Permission => typeof value === 'string' && value in PERMISSIONS;

/** True when any of the roles grants the permission. */
export const rolesGrant = (roles: readonly string[], permission: Permission): boolean =>
  roles.some((r) => isContractRole(r) && CONTRACT_ROLE_PERMISSIONS[r].includes(permission));

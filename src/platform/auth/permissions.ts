import { CONTRACT_ROLES, type ContractRole } from './roles.ts';

/**
 * How a permission is checked:
 * - public: anyone, signed in or not;
 * - pending: a session that has passed the password but not yet MFA;
 * - signed-in: any fully signed-in user (what they then see is filtered by the service);
 * - admin: the installation-wide system-admin role;
 * - contract: a role on the contract named by the route's :contractId (or the API token's contract).
 */
export type PermissionScope = 'public' | 'pending' | 'signed-in' | 'admin' | 'contract';

/** One permission as a module declares it. */
export interface PermissionDefinition {
  scope: PermissionScope;
  /** Contract scope: the roles on the contract that hold it. */
  roles?: readonly ContractRole[];
  /** Contract scope: a system administrator holds it on every contract too (each use marked privileged). */
  systemAdmin?: boolean;
  /** What it lets the holder do, in a line: docs/permissions.md shows it. */
  about: string;
}

export type PermissionDefinitions = Readonly<Record<string, PermissionDefinition>>;

/**
 * Every permission by name. Platform declares the three that are not about any module; each module
 * adds its own with `declare module '…/platform/auth/index.ts' { interface PermissionRegistry extends
 * Registered<typeof permissions> {} }`, so a route naming a permission no module declares does not
 * compile (and is refused at registration too).
 */
export interface PermissionRegistry {
  public: true;
  'session:pending': true;
  'signed-in': true;
}
export type Permission = keyof PermissionRegistry;
/** The registry entries for a module's permission definitions. */
export type Registered<P extends PermissionDefinitions> = { [K in keyof P]: true };

/** The permissions that belong to no module: who is asking, not what they may touch. */
export const PLATFORM_PERMISSIONS = {
  public: { scope: 'public', about: 'Anyone, signed in or not: sign-in, setup and activation links, health checks.' },
  'session:pending': {
    scope: 'pending',
    about: 'A sign-in that has passed the password and not yet the authenticator code.',
  },
  'signed-in': {
    scope: 'signed-in',
    about: 'Anyone fully signed in; what each person then sees is filtered to them.',
  },
} as const satisfies PermissionDefinitions;

/** A permission in the catalogue, with the module that declares it. */
export interface CataloguedPermission extends PermissionDefinition {
  name: Permission;
  module: string;
}

/** The assembled catalogue: the single source of truth for least privilege (clause B5). */
export interface PermissionCatalogue {
  /** Every permission, platform's first, then each module's in module order. */
  readonly entries: readonly CataloguedPermission[];
  has(name: unknown): name is Permission;
  scopeOf(permission: Permission): PermissionScope;
  /** True when any of these contract roles holds the permission. */
  rolesGrant(roles: readonly string[], permission: Permission): boolean;
  /** True when a system administrator holds the permission (admin scope, or contract scope marked so). */
  systemAdminHolds(permission: Permission): boolean;
  /** The contract-scope permissions a role holds. */
  permissionsOf(role: ContractRole): Permission[];
}

/**
 * Assembles the catalogue from the platform's permissions and each module's. Refuses a name
 * declared twice, a role that does not exist, and roles or the system-admin mark on a permission
 * that is not contract-scoped (they would mean nothing there).
 */
export function createPermissionCatalogue(
  modules: readonly { name: string; permissions: PermissionDefinitions }[],
): PermissionCatalogue {
  const entries: CataloguedPermission[] = [];
  const byName = new Map<string, CataloguedPermission>();
  for (const { name: module, permissions } of [{ name: 'platform', permissions: PLATFORM_PERMISSIONS }, ...modules]) {
    for (const [name, definition] of Object.entries(permissions)) {
      if (byName.has(name))
        throw new Error(`Permission ${name} is declared by ${byName.get(name)!.module} and by ${module}`);
      for (const role of definition.roles ?? [])
        if (!(CONTRACT_ROLES as readonly string[]).includes(role))
          throw new Error(`Permission ${name} (${module}) names the role ${role}, which does not exist`);
      if (definition.scope !== 'contract' && (definition.roles?.length || definition.systemAdmin))
        throw new Error(`Permission ${name} (${module}) has roles or a system-admin mark but is not contract-scoped`);
      const entry = { ...definition, name: name as Permission, module };
      entries.push(entry);
      byName.set(name, entry);
    }
  }
  const get = (permission: Permission) => {
    const entry = byName.get(permission);
    if (!entry) throw new Error(`Permission ${permission} is not in the catalogue`);
    return entry;
  };
  return {
    entries,
    has: (name): name is Permission => typeof name === 'string' && byName.has(name),
    scopeOf: (permission) => get(permission).scope,
    rolesGrant: (roles, permission) => {
      const holders = get(permission).roles ?? [];
      return roles.some((r) => (holders as readonly string[]).includes(r));
    },
    systemAdminHolds: (permission) => {
      const entry = get(permission);
      return entry.scope === 'admin' || (entry.scope === 'contract' && entry.systemAdmin === true);
    },
    permissionsOf: (role) => entries.filter((e) => e.roles?.includes(role)).map((e) => e.name),
  };
}

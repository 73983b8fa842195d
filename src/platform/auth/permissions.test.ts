import { describe, expect, it } from 'vitest';
import { createPermissionCatalogue, type Permission, type PermissionDefinitions } from './permissions.ts';

const mod = (name: string, permissions: PermissionDefinitions) => ({ name, permissions });
const p = (name: string) => name as Permission;

describe('the permission catalogue', () => {
  const catalogue = createPermissionCatalogue([
    mod('things', {
      'things:manage': { scope: 'admin', about: 'x' },
      'contract:things:view': { scope: 'contract', roles: ['auditor', 'agency-staff'], systemAdmin: true, about: 'x' },
      'contract:things:edit': { scope: 'contract', roles: ['agency-security-manager'], about: 'x' },
    }),
  ]);

  it('knows the platform’s permissions and each module’s, with the module that declares each', () => {
    expect(catalogue.entries.map((e) => [e.name, e.module])).toEqual([
      ['public', 'platform'],
      ['session:pending', 'platform'],
      ['signed-in', 'platform'],
      ['things:manage', 'things'],
      ['contract:things:view', 'things'],
      ['contract:things:edit', 'things'],
    ]);
    expect(catalogue.has('contract:things:view')).toBe(true);
    expect(catalogue.has('contract:things:delete')).toBe(false);
    expect(catalogue.scopeOf(p('things:manage'))).toBe('admin');
  });

  it('grants by role, and to a system administrator only where declared', () => {
    expect(catalogue.rolesGrant(['auditor'], p('contract:things:view'))).toBe(true);
    expect(catalogue.rolesGrant(['client-viewer', 'not-a-role'], p('contract:things:view'))).toBe(false);
    expect(catalogue.rolesGrant(['auditor'], p('contract:things:edit'))).toBe(false);
    expect(catalogue.systemAdminHolds(p('contract:things:view'))).toBe(true);
    expect(catalogue.systemAdminHolds(p('contract:things:edit'))).toBe(false);
    expect(catalogue.systemAdminHolds(p('things:manage'))).toBe(true);
    expect(catalogue.systemAdminHolds(p('signed-in'))).toBe(false);
    expect(catalogue.permissionsOf('agency-staff')).toEqual(['contract:things:view']);
  });

  it('refuses a permission declared twice, an unknown role, and roles on a permission that is not contract-scoped', () => {
    expect(() => createPermissionCatalogue([mod('a', { public: { scope: 'public', about: 'x' } })])).toThrow(
      'Permission public is declared by platform and by a',
    );
    expect(() =>
      createPermissionCatalogue([mod('a', { 'c:x': { scope: 'contract', roles: ['chief' as never], about: 'x' } })]),
    ).toThrow('names the role chief');
    expect(() =>
      createPermissionCatalogue([mod('a', { 'x:y': { scope: 'admin', roles: ['auditor'], about: 'x' } })]),
    ).toThrow('not contract-scoped');
  });
});

import { describe, expect, it } from 'vitest';
import type { DirectoryUser } from './directory-user.ts';
import { ScimError, SCIM_URN, type ScimType } from './scim-errors.ts';
import { applyScimPatch } from './scim-patch.ts';
import { fromScimUser } from './scim-user-mapping.ts';
import { entra, okta } from './provider-requests.fixtures.ts';

const at = { created: '2026-12-01T09:00:00Z', lastModified: '2026-12-01T09:00:00Z', version: '1' };
const stored = (data = fromScimUser(entra.createUser)): DirectoryUser => ({
  ...data,
  id: '0190a0a0-0000-7000-8000-00000000aaaa',
  meta: at,
});
const patch = (...Operations: unknown[]) => ({ schemas: [SCIM_URN.patchOp], Operations });

function refusal(body: unknown, user = stored()): ScimError {
  try {
    applyScimPatch(user, body);
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(body)} was applied`);
}

describe('reading a SCIM User', () => {
  it('keeps what a provider sends on create, drops what Custodian does not keep, ignores read-only attributes', () => {
    expect(fromScimUser(entra.createUser)).toEqual({
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      givenName: 'givenName',
      familyName: 'familyName',
      formattedName: 'givenName familyName',
      email: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
      active: true,
      displayName: undefined,
      title: undefined,
      employeeNumber: undefined,
      organization: undefined,
      department: undefined,
      managerId: undefined,
    });
    const fromOkta = fromScimUser(okta.createUser);
    expect(fromOkta).toMatchObject({
      userName: 'test.user@okta.local',
      displayName: 'Test User',
      externalId: '00ujl29u0le5T6Aj10h7',
    });
    expect(JSON.stringify(fromOkta)).not.toContain('1mz050nq');
  });

  it('refuses a body that is not a User', () => {
    const bad: [unknown, ScimType, RegExp][] = [
      [[], 'invalidSyntax', /JSON object/],
      [{ userName: 'x' }, 'invalidSyntax', /schemas/],
      [{ schemas: [SCIM_URN.user] }, 'invalidValue', /userName" is required/],
      [{ schemas: [SCIM_URN.user], userName: 'x', active: 'perhaps' }, 'invalidValue', /true or false/],
      [{ schemas: [SCIM_URN.user], userName: 'x', emails: 'a@b' }, 'invalidValue', /list of objects/],
      [
        { schemas: [SCIM_URN.user], userName: 'x', emails: [{ type: 'work', value: 'nope' }] },
        'invalidValue',
        /not an email/,
      ],
      [{ schemas: [SCIM_URN.user], userName: 'x'.repeat(1025) }, 'invalidValue', /1024 characters/],
      [{ schemas: [SCIM_URN.user], userName: 'x', name: 'X' }, 'invalidValue', /"name" must be an object/],
    ];
    for (const [body, scimType, detail] of bad) {
      try {
        fromScimUser(body);
        throw new Error(`${JSON.stringify(body)} was accepted`);
      } catch (err) {
        expect(err).toBeInstanceOf(ScimError);
        expect([(err as ScimError).status, (err as ScimError).scimType]).toEqual([400, scimType]);
        expect((err as ScimError).detail).toMatch(detail);
      }
    }
  });
});

describe('SCIM PATCH (RFC 7644 §3.5.2) with the requests providers send', () => {
  it('Entra ID: capitalised ops, a value-filtered email path and name.familyName', () => {
    expect(applyScimPatch(stored(), entra.updateMultiValued)).toMatchObject({
      email: 'updatedEmail@microsoft.com',
      familyName: 'updatedFamilyName',
      givenName: 'givenName',
    });
    expect(applyScimPatch(stored(), entra.updateUserName).userName).toBe(
      '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com',
    );
  });

  it('Entra ID: disables with a boolean, and with the string "False" it sends without the compliance flag', () => {
    expect(applyScimPatch(stored(), entra.disableUser).active).toBe(false);
    expect(applyScimPatch(stored(), entra.disableUserStringBoolean).active).toBe(false);
  });

  it('Entra ID: replaces many attributes, by path and (with the flag) as paths inside a no-path value', () => {
    expect(applyScimPatch(stored(), entra.replaceMany)).toMatchObject({
      displayName: 'Pvlo',
      email: 'TestBcwqnm@test.microsoft.com',
      givenName: 'Gtfd',
      familyName: 'Pkqf',
      externalId: 'Eqpj',
      employeeNumber: 'Eqpj',
    });
    expect(applyScimPatch(stored(), entra.replaceManyCompliant)).toMatchObject({
      displayName: 'Bjfe',
      email: 'TestMhvaes@test.microsoft.com',
      givenName: 'Kkom',
      familyName: 'Unua',
      employeeNumber: 'Aklq',
    });
  });

  it('Entra ID: accepts an attribute RFC 7643 defines that Custodian does not keep, changing nothing', () => {
    const before = stored();
    const { id: _id, meta: _meta, ...data } = before;
    expect(applyScimPatch(before, entra.addNickName)).toEqual(data);
  });

  it('Okta: deactivates with a replace that has no path', () => {
    const user = stored(fromScimUser(okta.createUser));
    expect(applyScimPatch(user, okta.deactivate)).toMatchObject({ active: false, userName: 'test.user@okta.local' });
  });

  it('adds, replaces and removes with and without paths, on every kind of attribute', () => {
    const user = stored();
    expect(
      applyScimPatch(
        user,
        patch(
          { op: 'add', path: 'title', value: 'Engineer' },
          { op: 'remove', path: 'name.formatted' },
          { op: 'add', value: { [SCIM_URN.enterpriseUser]: { department: 'Security', manager: { value: 'm-1' } } } },
          { op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: 'm-2' },
          {
            op: 'add',
            path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization',
            value: 'Acme Ltd',
          },
        ),
      ),
    ).toMatchObject({
      title: 'Engineer',
      formattedName: undefined,
      department: 'Security',
      managerId: 'm-2',
      organization: 'Acme Ltd',
    });
    // Replacing the whole list; removing by a value filter; adding a work address where there was none.
    const replaced = applyScimPatch(
      user,
      patch({ op: 'replace', path: 'emails', value: [{ type: 'work', value: 'new@example.com', primary: 'True' }] }),
    );
    expect(replaced.email).toBe('new@example.com');
    const added = applyScimPatch(
      user,
      patch({ op: 'add', path: 'emails', value: [{ type: 'work', value: 'added@example.com' }] }),
    );
    expect(added.email).toBe('added@example.com');
    expect(
      applyScimPatch(
        { ...user, email: undefined },
        patch({ op: 'replace', path: 'emails.value', value: 'only@example.com' }),
      ).email,
    ).toBe('only@example.com');
    const removed = applyScimPatch(user, patch({ op: 'remove', path: 'emails[type eq "work"]' }));
    expect(removed.email).toBeUndefined();
    expect(
      applyScimPatch(
        { ...user, email: undefined },
        patch({ op: 'add', path: 'emails[type eq "work"].value', value: 'a@b.example' }),
      ).email,
    ).toBe('a@b.example');
    expect(applyScimPatch(user, patch({ op: 'remove', path: SCIM_URN.enterpriseUser })).employeeNumber).toBeUndefined();
    // A complex value adds to the sub-attributes it names and leaves the others.
    expect(applyScimPatch(user, patch({ op: 'replace', path: 'NAME', value: { GIVENNAME: 'B' } }))).toMatchObject({
      givenName: 'B',
      familyName: 'familyName',
    });
    // Okta's group-style no-path replace repeats the id: the same id changes nothing.
    expect(applyScimPatch(user, patch({ op: 'replace', value: { id: user.id, active: false } })).active).toBe(false);
  });

  it('refuses bad operations with the RFC 7644 error type, and applies none of them', () => {
    const bad: [unknown, ScimType, RegExp][] = [
      [{ Operations: [] }, 'invalidSyntax', /schemas/],
      [patch(), 'invalidSyntax', /one or more/],
      [
        patch(...Array.from({ length: 101 }, () => ({ op: 'add', path: 'title', value: 'x' }))),
        'invalidSyntax',
        /at most 100/,
      ],
      [patch({ op: 'move', path: 'title', value: 'x' }), 'invalidSyntax', /add, replace or remove/],
      [patch({ op: 'add', path: 'title' }), 'invalidSyntax', /needs a "value"/],
      [patch({ op: 'remove' }), 'noTarget', /needs a "path"/],
      [
        patch({ op: 'replace', path: 'emails[value co "nobody"].value', value: 'x@y.z' }),
        'noTarget',
        /No value matches/,
      ],
      [patch({ op: 'replace', path: 'favouriteColour', value: 'x' }), 'invalidPath', /names no attribute/],
      [patch({ op: 'replace', path: 'name.nickname', value: 'x' }), 'invalidPath', /no sub-attribute/],
      [patch({ op: 'replace', path: 'title[value eq "x"]', value: 'x' }), 'invalidPath', /one value/],
      [patch({ op: 'replace', path: 'emails[type eq ]', value: 'x' }), 'invalidPath', /cannot read/],
      [patch({ op: 'replace', path: 'emails[type eq "work"]x', value: 'x' }), 'invalidPath', /not well formed/],
      [
        patch({ op: 'replace', path: 'urn:example:custom:2.0:User:x', value: 'x' }),
        'invalidPath',
        /schema Custodian does not support/,
      ],
      [patch({ op: 'replace', value: { favouriteColour: 'x' } }), 'invalidPath', /names no attribute/],
      [patch({ op: 'replace', path: 'id', value: 'another' }), 'mutability', /read-only/],
      [patch({ op: 'remove', path: 'meta' }), 'mutability', /read-only/],
      [patch({ op: 'add', path: 'groups', value: [{ value: 'g' }] }), 'mutability', /read-only/],
      [patch({ op: 'replace', path: 'active', value: 'no' }), 'invalidValue', /true or false/],
      [patch({ op: 'replace', path: 'title', value: 7 }), 'invalidValue', /takes a string/],
      [patch({ op: 'replace', value: 'x' }), 'invalidValue', /takes an object/],
      [patch({ op: 'remove', path: 'userName' }), 'invalidValue', /userName" is required/],
    ];
    for (const [body, scimType, detail] of bad) {
      const err = refusal(body);
      expect([err.status, err.scimType], JSON.stringify(body)).toEqual([400, scimType]);
      expect(err.detail, JSON.stringify(body)).toMatch(detail);
    }
    // The operation that failed is named; the ones before it were not kept.
    expect(refusal(patch({ op: 'replace', path: 'title', value: 'x' }, { op: 'remove', path: 'id' })).detail).toMatch(
      /^Operation 2:/,
    );
  });
});

/**
 * Requests as Microsoft Entra ID and Okta document sending them, for the tests. The bodies follow
 * the providers' published examples (the URL beside each); ids and names are the examples' own.
 */

const ENTRA_TUTORIAL =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups';
const ENTRA_KNOWN_ISSUES =
  'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility';
const OKTA_REFERENCE = 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20';

export const entra = {
  source: { tutorial: ENTRA_TUTORIAL, knownIssues: ENTRA_KNOWN_ISSUES },
  // ENTRA_TUTORIAL, "Create User": note the empty roles and the client-sent meta.
  createUser: {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    active: true,
    emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
  },
  // ENTRA_TUTORIAL, "Get User by query" (as the query string carries it).
  filterByUserName: 'userName eq "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee"',
  // ENTRA_TUTORIAL, "User Operations": the other attribute Entra ID matches users on.
  filterByWorkEmail: 'emails[type eq "work"].value eq "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"',
  // ENTRA_TUTORIAL, "Update User [Multi-valued properties]".
  updateMultiValued: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    ],
  },
  // ENTRA_TUTORIAL, "Update User [Single-valued properties]".
  updateUserName: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com' }],
  },
  // ENTRA_TUTORIAL, "Disable User".
  disableUser: {
    Operations: [{ op: 'Replace', path: 'active', value: false }],
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  },
  // ENTRA_KNOWN_ISSUES, "Requests made to disable users", without the feature flag: a string boolean.
  disableUserStringBoolean: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  },
  // ENTRA_KNOWN_ISSUES, "Requests to replace multiple attributes", without the feature flag.
  replaceMany: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [
      { op: 'Replace', path: 'displayName', value: 'Pvlo' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'TestBcwqnm@test.microsoft.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
      { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
      { op: 'Replace', path: 'externalId', value: 'Eqpj' },
      {
        op: 'Replace',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
        value: 'Eqpj',
      },
    ],
  },
  // ENTRA_KNOWN_ISSUES, the same with the aadOptscim062020 flag: attributes named by path inside a no-path value.
  replaceManyCompliant: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'TestMhvaes@test.microsoft.com' },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
        },
      },
    ],
  },
  // ENTRA_KNOWN_ISSUES, "Requests made to add a single-value string attribute" (nickName: not kept, accepted).
  addNickName: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }],
  },
} as const;

export const okta = {
  source: OKTA_REFERENCE,
  // OKTA_REFERENCE, "Determine if the User already exists": the query string as sent.
  existsQuery: 'filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100',
  // OKTA_REFERENCE, "Create the User": with a password (write-only) and groups (read-only).
  createUser: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
  },
  // OKTA_REFERENCE, "Update the User" (PUT): the whole user back, with id, middleName and emails.display.
  replaceUser: (id: string) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id,
    userName: 'test.user@okta.local',
    name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' }],
    active: true,
    groups: [],
    meta: { resourceType: 'User' },
  }),
  // OKTA_REFERENCE, "Update a specific User (PATCH)": deactivation, a replace without a path.
  deactivate: {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { active: false } }],
  },
  // OKTA_REFERENCE, "Retrieve Users": an import, page by page.
  importQuery: 'startIndex=1&count=100',
} as const;

import { SCIM_URN } from './scim-errors.ts';

/** An attribute definition, as RFC 7643 §7 describes one (what /Schemas publishes). */
export interface ScimAttribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: ScimAttribute[];
}

type Options = Partial<Omit<ScimAttribute, 'name' | 'type' | 'description'>>;

// RFC 7643 §2.2 defaults: optional, case-insensitive, read-write, returned by default, not unique.
const attr = (name: string, type: ScimAttribute['type'], description: string, o: Options = {}): ScimAttribute => ({
  name,
  type,
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});

/** The core User attributes Custodian keeps (RFC 7643 §4.1), with their RFC characteristics. */
export const USER_ATTRIBUTES: ScimAttribute[] = [
  attr('userName', 'string', 'Unique identifier for the User, unique across the service provider’s Users.', {
    required: true,
    uniqueness: 'server',
  }),
  attr('name', 'complex', "The components of the user's name.", {
    subAttributes: [
      attr('formatted', 'string', 'The full name, formatted for display.'),
      attr('familyName', 'string', 'The family name (last name).'),
      attr('givenName', 'string', 'The given name (first name).'),
    ],
  }),
  attr('displayName', 'string', 'The name of the User, suitable for display.'),
  attr('title', 'string', 'The user\'s title or role, such as "Vice President".'),
  attr('active', 'boolean', "The User's administrative status: false once the person no longer needs access."),
  attr('emails', 'complex', 'Email addresses; Custodian keeps the work address.', {
    multiValued: true,
    subAttributes: [
      attr('value', 'string', 'The email address.'),
      attr('type', 'string', 'The kind of address; Custodian keeps "work".', {
        canonicalValues: ['work', 'home', 'other'],
      }),
      attr('primary', 'boolean', 'Whether this is the primary address.'),
    ],
  }),
];

/** The enterprise extension attributes Custodian keeps (RFC 7643 §4.3). */
export const ENTERPRISE_ATTRIBUTES: ScimAttribute[] = [
  attr('employeeNumber', 'string', 'Identifier assigned to the person by their employer.'),
  attr('organization', 'string', 'The name of the organization the user works for.'),
  attr('department', 'string', 'The name of a department.'),
  attr('manager', 'complex', "The user's manager.", {
    subAttributes: [
      attr('value', 'string', 'The id of the manager.'),
      attr('$ref', 'reference', 'The URI of the manager.', { referenceTypes: ['User'] }),
      attr('displayName', 'string', 'The display name of the manager.', { mutability: 'readOnly' }),
    ],
  }),
];

/**
 * Core and extension attributes RFC 7643 defines that Custodian does not keep. Providers send them by
 * default (Okta a password, Entra ID addresses and phone numbers), so they are accepted and dropped
 * rather than refused: refusing would stop the provider's whole provisioning cycle.
 */
export const DROPPED_ATTRIBUTES = {
  [SCIM_URN.user]: [
    'nickName',
    'profileUrl',
    'userType',
    'preferredLanguage',
    'locale',
    'timezone',
    'password',
    'phoneNumbers',
    'ims',
    'photos',
    'addresses',
    'entitlements',
    'roles',
    'x509Certificates',
  ],
  [SCIM_URN.enterpriseUser]: ['costCenter', 'division'],
} as const;

/** Sub-attributes RFC 7643 defines that Custodian does not keep, by their attribute. */
export const DROPPED_SUB_ATTRIBUTES: Record<string, readonly string[]> = {
  name: ['middleName', 'honorificPrefix', 'honorificSuffix'],
  emails: ['display'],
};

/** RFC 7643 §4.1.2 `groups` is read-only: set through the Group resource, which Custodian does not offer. */
export const READ_ONLY_USER_ATTRIBUTES = ['groups'] as const;

/** Finds a definition by name, ignoring case (RFC 7643 §2.1: attribute names are case-insensitive). */
export const findAttribute = (list: readonly ScimAttribute[] | undefined, name: string) =>
  list?.find((a) => a.name.toLowerCase() === name.toLowerCase());

export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

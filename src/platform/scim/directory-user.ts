/**
 * The neutral shape of a person as an identity provider describes them: what the SCIM layer hands
 * to a store and gets back, with no SCIM wire format in it. A store keeps what it needs of it.
 */
export interface DirectoryUserData {
  /** RFC 7643 `userName`: unique across the tenant, compared without regard to case. */
  userName: string;
  /** The identity provider's own id for the person (RFC 7643 §3.1 `externalId`, case-exact). */
  externalId?: string | undefined;
  displayName?: string | undefined;
  givenName?: string | undefined;
  familyName?: string | undefined;
  /** `name.formatted`: the full name as the provider spells it. */
  formattedName?: string | undefined;
  /** The work email (`emails[type eq "work"]`, else the primary one). */
  email?: string | undefined;
  title?: string | undefined;
  /** False once the provider deactivates the person (Entra ID and Okta deprovision this way). */
  active: boolean;
  /** Enterprise extension: `employeeNumber`, `organization` (the employer), `department`, `manager.value`. */
  employeeNumber?: string | undefined;
  organization?: string | undefined;
  department?: string | undefined;
  managerId?: string | undefined;
}

/** A stored person, with the store's id and the RFC 7643 §3.1 `meta` facts it keeps. */
export interface DirectoryUser extends DirectoryUserData {
  id: string;
  meta: {
    /** ISO 8601 instants. */
    created: string;
    lastModified: string;
    /** Changes whenever the record changes; sent as the weak entity tag `W/"<version>"`. */
    version: string;
  };
}

/** The attributes a filter can name, as DirectoryUser fields (plus the two `meta` instants). */
export type DirectoryAttribute =
  | 'id'
  | 'externalId'
  | 'userName'
  | 'displayName'
  | 'givenName'
  | 'familyName'
  | 'formattedName'
  | 'email'
  | 'title'
  | 'active'
  | 'employeeNumber'
  | 'organization'
  | 'department'
  | 'managerId'
  | 'created'
  | 'lastModified';

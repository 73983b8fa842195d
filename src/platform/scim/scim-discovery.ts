import { SCIM_URN } from './scim-errors.ts';
import { ENTERPRISE_ATTRIBUTES, USER_ATTRIBUTES } from './scim-schema.ts';

/** RFC 7644 §3.4.2: the envelope of every query response. */
export function listResponse(resources: unknown[], totalResults: number, startIndex: number) {
  return {
    schemas: [SCIM_URN.listResponse],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** What the discovery documents need to know about where and how the service is offered. */
export interface DiscoveryContext {
  /** The absolute URL of the SCIM base (…/scim/v2), without a trailing slash. */
  base: string;
  /** The most resources one query returns (`filter.maxResults`). */
  maxResults: number;
  /** Where people read how to connect an identity provider (docs/scim.md as served, if it is). */
  documentationUri?: string | undefined;
}

/** RFC 7643 §5: what this service supports, so a client need not guess. */
export function serviceProviderConfig(c: DiscoveryContext) {
  return {
    schemas: [SCIM_URN.serviceProviderConfig],
    ...(c.documentationUri ? { documentationUri: c.documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: c.maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Custodian API token',
        description:
          'A Custodian API token scoped to one contract, sent as "Authorization: Bearer cus_…" (RFC 6750). ' +
          'A system administrator creates it under Admin → API tokens.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${c.base}/ServiceProviderConfig` },
  };
}

/** RFC 7643 §6: the one resource type served, User with the enterprise extension. */
export function userResourceType(c: DiscoveryContext) {
  return {
    schemas: [SCIM_URN.resourceType],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'A person, kept current by an identity provider',
    schema: SCIM_URN.user,
    schemaExtensions: [{ schema: SCIM_URN.enterpriseUser, required: false }],
    meta: { resourceType: 'ResourceType', location: `${c.base}/ResourceTypes/User` },
  };
}

/** RFC 7643 §7: the attributes Custodian keeps, as schema resources. */
export function schemaResources(c: DiscoveryContext) {
  const schema = (id: string, name: string, description: string, attributes: unknown[]) => ({
    schemas: [SCIM_URN.schema],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${c.base}/Schemas/${id}` },
  });
  return [
    schema(SCIM_URN.user, 'User', 'User Account', USER_ATTRIBUTES),
    schema(SCIM_URN.enterpriseUser, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES),
  ];
}

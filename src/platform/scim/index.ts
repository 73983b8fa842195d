// SCIM 2.0 (RFC 7643, RFC 7644) for Users: the wire format, filters, PATCH, discovery and the
// Fastify routes, over a store port a directory implements. Domain-free: it names no module.
export type { DirectoryUser, DirectoryUserData, DirectoryAttribute } from './directory-user.ts';
export {
  ScimError,
  SCIM_URN,
  SCIM_MEDIA_TYPE,
  scimErrorBody,
  type ScimType,
  type ScimErrorBody,
} from './scim-errors.ts';
export { parseScimFilter, type ScimFilter, type CompareOp } from './scim-filter.ts';
export { matchesScimFilter } from './scim-filter-match.ts';
export { applyScimPatch, MAX_PATCH_OPERATIONS } from './scim-patch.ts';
export { fromScimUser, toScimUser } from './scim-user-mapping.ts';
export { listResponse, serviceProviderConfig, userResourceType, schemaResources } from './scim-discovery.ts';
export type { ScimUserStore, ScimUserQuery, ScimUserPage } from './scim-store.ts';
export { scimUserRoutes, DEFAULT_SCIM_PREFIX, type ScimRouteOptions } from './scim-routes.ts';
export { scimFrameworkErrors } from './scim-error-hooks.ts';
export { scimTokenCaller, type ScimTokenCaller } from './scim-token-caller.ts';
export { MemoryUserStore } from './memory-user-store.ts';

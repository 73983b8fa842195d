/** The URNs of RFC 7643 and RFC 7644 that Custodian reads and writes. */
export const SCIM_URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** RFC 7644 §8.1: what the service sends, and (with application/json) what it accepts. */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** The `scimType` detail codes of RFC 7644 §3.12 (table 9). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** An RFC 7644 §3.12 error: the routes send it as `urn:ietf:params:scim:api:messages:2.0:Error`. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

/** A 400 with a `scimType`: the shape nearly every refusal of bad input takes. */
export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);

/** The body of an RFC 7644 §3.12 error response (`status` is a string there, not a number). */
export interface ScimErrorBody {
  schemas: [typeof SCIM_URN.error];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function scimErrorBody(error: ScimError): ScimErrorBody {
  return {
    schemas: [SCIM_URN.error],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.detail,
  };
}

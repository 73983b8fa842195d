import fs from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

/**
 * Validators for SCIM documents built from the standard's own definitions, not from Custodian's
 * schema code: the RFC 7643 §8.7 schema representations (src/platform/scim/rfc7643-schemas.fixtures.json)
 * turned into JSON Schema, plus the RFC 7644 §3.4.2 ListResponse and §3.12 Error messages as that
 * RFC's text defines them. ajv validates. Every object is closed (additionalProperties: false), so
 * a misspelt or invented attribute fails, and a `returned: "never"` attribute (password) may not appear.
 */

interface ScimAttr {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  returned?: string;
  subAttributes?: ScimAttr[];
}
interface ScimSchema {
  id: string;
  name: string;
  attributes: ScimAttr[];
}
type JsonSchema = Record<string, unknown>;

const fixture = JSON.parse(
  fs.readFileSync(new URL('../../src/platform/scim/rfc7643-schemas.fixtures.json', import.meta.url), 'utf8'),
) as { schemas: ScimSchema[] };
const byId = (id: string) => {
  const s = fixture.schemas.find((x) => x.id === id);
  if (!s) throw new Error(`RFC 7643 defines no schema ${id}`);
  return s;
};

const SIMPLE: Record<string, JsonSchema> = {
  string: { type: 'string' },
  binary: { type: 'string', contentEncoding: 'base64' },
  // RFC 7643 §2.3.7: a URI, absolute or relative (ResourceType.endpoint is "/Users").
  reference: { type: 'string', format: 'uri-reference' },
  boolean: { type: 'boolean' },
  integer: { type: 'integer' },
  decimal: { type: 'number' },
  dateTime: { type: 'string', format: 'date-time' },
};

function attributeSchema(a: ScimAttr): JsonSchema {
  const one = a.type === 'complex' ? objectOf(a.subAttributes ?? []) : SIMPLE[a.type];
  if (!one) throw new Error(`RFC 7643 has no type ${a.type}`);
  return a.multiValued ? { type: 'array', items: one } : one;
}

function objectOf(attrs: ScimAttr[]): JsonSchema & { properties: Record<string, JsonSchema>; required: string[] } {
  const sent = attrs.filter((a) => a.returned !== 'never');
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(sent.map((a) => [a.name, attributeSchema(a)])),
    required: sent.filter((a) => a.required).map((a) => a.name),
  };
}

// RFC 7643 §3.1: the common attributes, on every resource.
const META: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    resourceType: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    lastModified: { type: 'string', format: 'date-time' },
    location: { type: 'string', format: 'uri' },
    version: { type: 'string' },
  },
};

/** A resource of a schema (and its extensions), as RFC 7643 §3 lays resources out. */
function resourceSchema(coreId: string, extensionIds: string[], hasCommonId: boolean): JsonSchema {
  const s = objectOf(byId(coreId).attributes);
  s.properties.schemas = {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string' },
    contains: { const: coreId },
  };
  s.properties.meta = META;
  s.required.push('schemas');
  if (hasCommonId) {
    s.properties.id = { type: 'string', minLength: 1 };
    s.properties.externalId = { type: 'string' };
    s.required.push('id');
  }
  const allOf: JsonSchema[] = [];
  for (const ext of extensionIds) {
    s.properties[ext] = objectOf(byId(ext).attributes);
    // §3: a resource carrying an extension's attributes lists that extension in `schemas`.
    allOf.push({ if: { required: [ext] }, then: { properties: { schemas: { contains: { const: ext } } } } });
  }
  return allOf.length ? { ...s, allOf } : s;
}

const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
];

// RFC 7644 §3.12: status is the HTTP status as a string; scimType one of table 9.
const ERROR: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schemas', 'status'],
  properties: {
    schemas: {
      type: 'array',
      items: { const: 'urn:ietf:params:scim:api:messages:2.0:Error' },
      minItems: 1,
      maxItems: 1,
    },
    status: { type: 'string', pattern: '^[1-5][0-9]{2}$' },
    scimType: { enum: SCIM_TYPES },
    detail: { type: 'string' },
  },
};

// RFC 7644 §3.4.2: totalResults always; Resources when there are any; startIndex and itemsPerPage when paged.
const LIST: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schemas', 'totalResults', 'Resources', 'startIndex', 'itemsPerPage'],
  properties: {
    schemas: {
      type: 'array',
      items: { const: 'urn:ietf:params:scim:api:messages:2.0:ListResponse' },
      minItems: 1,
      maxItems: 1,
    },
    totalResults: { type: 'integer', minimum: 0 },
    startIndex: { type: 'integer', minimum: 1 },
    itemsPerPage: { type: 'integer', minimum: 0 },
    Resources: { type: 'array' },
  },
};

export type ScimDocumentKind = 'User' | 'ServiceProviderConfig' | 'ResourceType' | 'Schema' | 'ListResponse' | 'Error';

const ajv = new Ajv({ allErrors: true, strict: false });
formats.default(ajv);
const validators: Record<ScimDocumentKind, ValidateFunction> = {
  User: ajv.compile(
    resourceSchema(
      'urn:ietf:params:scim:schemas:core:2.0:User',
      ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      true,
    ),
  ),
  ServiceProviderConfig: ajv.compile(
    resourceSchema('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig', [], false),
  ),
  ResourceType: ajv.compile(resourceSchema('urn:ietf:params:scim:schemas:core:2.0:ResourceType', [], false)),
  Schema: ajv.compile(resourceSchema('urn:ietf:params:scim:schemas:core:2.0:Schema', [], false)),
  ListResponse: ajv.compile(LIST),
  Error: ajv.compile(ERROR),
};

/** Every violation of the standard in a document, as "<path> <message>"; empty when it conforms. */
export function scimViolations(kind: ScimDocumentKind, document: unknown): string[] {
  const validate = validators[kind];
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${kind}${e.instancePath} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

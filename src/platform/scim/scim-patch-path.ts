import { badRequest, ScimError, SCIM_URN } from './scim-errors.ts';
import { compare } from './scim-filter.ts';
import { parseAttrPath, parseRawFilter, type RawFilter } from './scim-filter-parser.ts';
import {
  DROPPED_ATTRIBUTES,
  DROPPED_SUB_ATTRIBUTES,
  ENTERPRISE_ATTRIBUTES,
  findAttribute,
  READ_ONLY_USER_ATTRIBUTES,
  sameName,
  USER_ATTRIBUTES,
  type ScimAttribute,
} from './scim-schema.ts';
import { member } from './scim-user-mapping.ts';

/** Where a PATCH operation lands, once its `path` is resolved against the User schema. */
export type PatchTarget =
  /** An attribute RFC 7643 defines that Custodian does not keep: accepted, and changes nothing. */
  | { kind: 'dropped' }
  /** id, meta, schemas, groups: RFC 7643 makes them read-only. */
  | { kind: 'readOnly'; name: string }
  /** The whole enterprise extension (`urn:…:enterprise:2.0:User`). */
  | { kind: 'extension' }
  | {
      kind: 'attribute';
      container: 'core' | 'enterprise';
      attribute: ScimAttribute;
      /** `emails[type eq "work"]`: the values of a multi-valued attribute the operation applies to. */
      filter?: RawFilter;
      /** `name.givenName`, `emails[…].value`; 'dropped' for a sub-attribute Custodian does not keep. */
      sub?: ScimAttribute | 'dropped';
    };

// externalId is a common attribute (RFC 7643 §3.1), not in the User schema, but read-write like one.
const EXTERNAL_ID: ScimAttribute = {
  name: 'externalId',
  type: 'string',
  multiValued: false,
  description: 'The identity provider’s id.',
  required: false,
  caseExact: true,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
};

const invalidPath = (path: string, why: string) => badRequest('invalidPath', `The path "${path}" ${why}`);

function splitValuePath(path: string): { attr: string; filter?: string; sub?: string } {
  const open = path.indexOf('[');
  if (open < 0) return { attr: path };
  const close = path.lastIndexOf(']');
  const rest = path.slice(close + 1);
  if (close < open || (rest !== '' && !rest.startsWith('.'))) throw invalidPath(path, 'is not well formed');
  return { attr: path.slice(0, open), filter: path.slice(open + 1, close), ...(rest ? { sub: rest.slice(1) } : {}) };
}

/** Resolves an RFC 7644 §3.5.2 `path` (attribute names ignore case) or refuses it with `invalidPath`. */
export function resolvePatchPath(path: string): PatchTarget {
  if (sameName(path, SCIM_URN.enterpriseUser)) return { kind: 'extension' };
  const { attr, filter, sub: filterSub } = splitValuePath(path);
  const parsed = parseAttrPath(attr);
  if (!parsed || (filterSub !== undefined && parsed.sub)) throw invalidPath(path, 'is not well formed');
  const sub = filterSub ?? parsed.sub;
  const urn = parsed.urn;
  const inCore = urn === undefined || sameName(urn, SCIM_URN.user);
  const inEnterprise = urn === undefined || sameName(urn, SCIM_URN.enterpriseUser);
  if (!inCore && !inEnterprise) throw invalidPath(path, 'names a schema Custodian does not support');

  if (inCore && ['id', 'meta', 'schemas', ...READ_ONLY_USER_ATTRIBUTES].some((n) => sameName(n, parsed.name)))
    return { kind: 'readOnly', name: parsed.name };
  let attribute = inCore ? findAttribute([...USER_ATTRIBUTES, EXTERNAL_ID], parsed.name) : undefined;
  let container: 'core' | 'enterprise' = 'core';
  // Extension attributes are found by their short name too: older Entra ID jobs sent them so.
  if (!attribute && inEnterprise) {
    attribute = findAttribute(ENTERPRISE_ATTRIBUTES, parsed.name);
    container = 'enterprise';
  }
  if (!attribute) {
    const dropped = [
      ...(inCore ? DROPPED_ATTRIBUTES[SCIM_URN.user] : []),
      ...(inEnterprise ? DROPPED_ATTRIBUTES[SCIM_URN.enterpriseUser] : []),
    ];
    if (dropped.some((n) => sameName(n, parsed.name))) return { kind: 'dropped' };
    throw invalidPath(path, 'names no attribute of the User schema');
  }
  if (filter !== undefined && !attribute.multiValued) throw invalidPath(path, 'filters an attribute with one value');
  let subAttribute: ScimAttribute | 'dropped' | undefined;
  if (sub !== undefined) {
    subAttribute = findAttribute(attribute.subAttributes, sub);
    if (!subAttribute && DROPPED_SUB_ATTRIBUTES[attribute.name]?.some((n) => sameName(n, sub)))
      subAttribute = 'dropped';
    if (!subAttribute) throw invalidPath(path, `names no sub-attribute "${sub}" of "${attribute.name}"`);
  }
  return {
    kind: 'attribute',
    container,
    attribute,
    ...(filter !== undefined ? { filter: elementFilter(path, filter) } : {}),
    ...(subAttribute ? { sub: subAttribute } : {}),
  };
}

function elementFilter(path: string, text: string): RawFilter {
  try {
    return parseRawFilter(text);
  } catch (err) {
    if (err instanceof ScimError) throw invalidPath(path, `has a filter Custodian cannot read: ${err.detail}`);
    throw err;
  }
}

/** Whether one value of a multi-valued attribute (an email) matches a value filter. */
export function elementMatches(filter: RawFilter, element: Record<string, unknown>): boolean {
  switch (filter.op) {
    case 'and':
      return elementMatches(filter.left, element) && elementMatches(filter.right, element);
    case 'or':
      return elementMatches(filter.left, element) || elementMatches(filter.right, element);
    case 'not':
      return !elementMatches(filter.filter, element);
    case 'has':
      throw badRequest('invalidPath', 'A value filter cannot hold another value filter');
    case 'pr': {
      const v = member(element, filter.path.name);
      return v !== undefined && v !== null && v !== '';
    }
    default: {
      const v = member(element, filter.path.name);
      if (v === undefined || v === null) return filter.op === 'ne';
      if (filter.value === null) return filter.op === 'ne';
      if (typeof v !== 'string' && typeof v !== 'boolean') return false;
      return compare(filter.op, v, typeof filter.value === 'number' ? String(filter.value) : filter.value, false);
    }
  }
}

/** The values a new element must hold to match `type eq "work"`-style filters, or undefined for any other filter. */
export function elementFromFilter(filter: RawFilter): Record<string, unknown> | undefined {
  if (filter.op === 'eq' && !filter.path.sub && !filter.path.urn) return { [filter.path.name]: filter.value };
  if (filter.op !== 'and') return undefined;
  const left = elementFromFilter(filter.left);
  const right = elementFromFilter(filter.right);
  return left && right ? { ...left, ...right } : undefined;
}

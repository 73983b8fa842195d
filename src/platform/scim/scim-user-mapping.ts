import type { DirectoryUser, DirectoryUserData } from './directory-user.ts';
import { badRequest, SCIM_URN } from './scim-errors.ts';

/** Longest text Custodian keeps in any one attribute: far above any real name, title or address. */
export const MAX_ATTRIBUTE_LENGTH = 1024;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A member of a JSON object by attribute name, ignoring case (RFC 7643 §2.1). */
export function member(object: Json, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(object)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Refuses a body that is not a JSON object listing `urn` in its `schemas` (RFC 7643 §3, RFC 7644 §3.5.2). */
export function requireMessage(body: unknown, urn: string, what: string): asserts body is Json {
  if (!isObject(body)) throw badRequest('invalidSyntax', `The body must be a JSON object: ${what}`);
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase()))
    throw badRequest('invalidSyntax', `"schemas" must list ${urn}`);
}

function text(value: unknown, label: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest('invalidValue', `"${label}" must be a string`);
  if (value.length > MAX_ATTRIBUTE_LENGTH)
    throw badRequest('invalidValue', `"${label}" must be ${MAX_ATTRIBUTE_LENGTH} characters or fewer`);
  return value;
}

/** A boolean, or the string "True"/"False" that Entra ID sends for `active` (any case). */
export function booleanValue(value: unknown, label: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw badRequest('invalidValue', `"${label}" must be true or false`);
}

function complex(value: unknown, label: string): Json {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw badRequest('invalidValue', `"${label}" must be an object`);
  return value;
}

/** The work address: the one typed "work", else the primary one, else the only one. */
function workEmail(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isObject))
    throw badRequest('invalidValue', '"emails" must be a list of objects with a "value"');
  const chosen =
    value.find((e) => String(member(e, 'type') ?? '').toLowerCase() === 'work') ??
    value.find((e) => booleanValue(member(e, 'primary'), 'emails.primary') === true) ??
    (value.length === 1 ? value[0] : undefined);
  const email = chosen ? text(member(chosen, 'value'), 'emails.value') : undefined;
  if (email !== undefined && !EMAIL.test(email)) throw badRequest('invalidValue', `"${email}" is not an email address`);
  return email;
}

function managerId(value: unknown): string | undefined {
  // RFC 7643 §4.3 makes manager complex; Entra ID sends the bare id when it replaces it by path.
  if (typeof value === 'string') return text(value, 'manager');
  return text(member(complex(value, 'manager'), 'value'), 'manager.value');
}

/**
 * Reads a SCIM User (RFC 7643 §4.1, with the §4.3 enterprise extension) into a DirectoryUserData.
 * Read-only attributes (id, meta, groups) are ignored, as RFC 7644 §3.5.1 says; so are the
 * attributes Custodian does not keep. Absent attributes are unassigned: PUT replaces the whole user.
 */
export function fromScimUser(body: unknown): DirectoryUserData {
  requireMessage(body, SCIM_URN.user, 'a SCIM User');
  const userName = text(member(body, 'userName'), 'userName');
  if (!userName?.trim()) throw badRequest('invalidValue', '"userName" is required');
  const name = complex(member(body, 'name'), 'name');
  const enterprise = complex(member(body, SCIM_URN.enterpriseUser), SCIM_URN.enterpriseUser);
  return {
    userName,
    externalId: text(member(body, 'externalId'), 'externalId'),
    displayName: text(member(body, 'displayName'), 'displayName'),
    givenName: text(member(name, 'givenName'), 'name.givenName'),
    familyName: text(member(name, 'familyName'), 'name.familyName'),
    formattedName: text(member(name, 'formatted'), 'name.formatted'),
    email: workEmail(member(body, 'emails')),
    title: text(member(body, 'title'), 'title'),
    active: booleanValue(member(body, 'active'), 'active') ?? true,
    employeeNumber: text(member(enterprise, 'employeeNumber'), 'employeeNumber'),
    organization: text(member(enterprise, 'organization'), 'organization'),
    department: text(member(enterprise, 'department'), 'department'),
    managerId: managerId(member(enterprise, 'manager')),
  };
}

/** Only the assigned members: RFC 7643 §2.5 treats null and absent alike, and Entra ID asks for no nulls. */
function assigned<T extends Json>(object: T): T | undefined {
  const entries = Object.entries(object).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/** The weak entity tag of a version (RFC 7644 §3.14). */
export const entityTag = (version: string) => `W/"${version.replace(/["\\]/g, '')}"`;

/** Writes a DirectoryUser as a SCIM User resource, at `location` (its absolute URL). */
export function toScimUser(user: DirectoryUser, location: string): Json {
  const enterprise = assigned({
    employeeNumber: user.employeeNumber,
    organization: user.organization,
    department: user.department,
    manager: user.managerId ? { value: user.managerId } : undefined,
  });
  return {
    schemas: enterprise ? [SCIM_URN.user, SCIM_URN.enterpriseUser] : [SCIM_URN.user],
    id: user.id,
    ...assigned({
      externalId: user.externalId,
      userName: user.userName,
      name: assigned({ formatted: user.formattedName, familyName: user.familyName, givenName: user.givenName }),
      displayName: user.displayName,
      title: user.title,
    }),
    active: user.active,
    ...(user.email ? { emails: [{ value: user.email, type: 'work', primary: true }] } : {}),
    ...(enterprise ? { [SCIM_URN.enterpriseUser]: enterprise } : {}),
    meta: {
      resourceType: 'User',
      created: user.meta.created,
      lastModified: user.meta.lastModified,
      version: entityTag(user.meta.version),
      location,
    },
  };
}

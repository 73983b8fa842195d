import type { DirectoryUser, DirectoryUserData } from './directory-user.ts';
import { badRequest, ScimError, SCIM_URN } from './scim-errors.ts';
import { elementFromFilter, elementMatches, resolvePatchPath, type PatchTarget } from './scim-patch-path.ts';
import { findAttribute, type ScimAttribute } from './scim-schema.ts';
import { booleanValue, fromScimUser, isObject, member, requireMessage, toScimUser } from './scim-user-mapping.ts';

type Json = Record<string, unknown>;
type Op = 'add' | 'replace' | 'remove';

/** More operations than any provider sends for one user; a bound on the work one request can ask for. */
export const MAX_PATCH_OPERATIONS = 100;

/** A value checked and converted for an attribute: null unassigns; "False" is false (Entra ID sends it). */
function coerce(attribute: ScimAttribute, value: unknown, label: string): unknown {
  if (value === null) return undefined;
  if (attribute.type === 'boolean') return booleanValue(value, label);
  if (attribute.type === 'complex') {
    if (!isObject(value)) throw badRequest('invalidValue', `"${label}" takes an object`);
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      // Sub-attributes Custodian does not keep (emails.display, name.middleName) are dropped, as on POST.
      const sub = findAttribute(attribute.subAttributes, k);
      if (sub) out[sub.name] = coerce(sub, v, `${label}.${sub.name}`);
    }
    return out;
  }
  if (typeof value !== 'string') throw badRequest('invalidValue', `"${label}" takes a string`);
  return value;
}

function merged(current: unknown, changes: Json): Json | undefined {
  const out = { ...(isObject(current) ? current : {}), ...changes };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return Object.keys(out).length ? out : undefined;
}

function setMember(container: Json, name: string, value: unknown) {
  if (value === undefined) delete container[name];
  else container[name] = value;
}

function applyToAttribute(
  doc: Json,
  op: Op,
  target: Extract<PatchTarget, { kind: 'attribute' }>,
  value: unknown,
  path: string,
) {
  const { attribute: a } = target;
  const container = target.container === 'core' ? doc : ((doc[SCIM_URN.enterpriseUser] ??= {}) as Json);
  if (target.sub === 'dropped') return;
  if (a.multiValued) return applyToValues(container, op, target, value, path);
  if (target.sub) {
    const sub = target.sub;
    const changes = { [sub.name]: op === 'remove' ? undefined : coerce(sub, value, `${a.name}.${sub.name}`) };
    return setMember(container, a.name, merged(container[a.name], changes));
  }
  if (op === 'remove') return setMember(container, a.name, undefined);
  // Entra ID replaces the manager by its bare id.
  const given = a.name === 'manager' && typeof value === 'string' ? { value } : value;
  const v = coerce(a, given, a.name);
  // RFC 7644 §3.5.2.1/3: a complex value adds to or replaces the sub-attributes it names, leaving the rest.
  setMember(container, a.name, a.type === 'complex' && isObject(v) ? merged(container[a.name], v) : v);
}

/** emails, emails[type eq "work"], emails[type eq "work"].value. */
function applyToValues(
  container: Json,
  op: Op,
  target: Extract<PatchTarget, { kind: 'attribute' }>,
  value: unknown,
  path: string,
) {
  const { attribute: a, filter } = target;
  const sub = target.sub === 'dropped' ? undefined : target.sub;
  const values = (Array.isArray(container[a.name]) ? container[a.name] : []) as Json[];
  const element = (v: unknown) => coerce(a, v, a.name) as Json;
  if (!filter && !sub) {
    if (op === 'remove') return setMember(container, a.name, undefined);
    const given = (Array.isArray(value) ? value : [value]).map(element);
    if (op === 'replace') return setMember(container, a.name, given);
    // Entra ID requires one value per type: an added work address takes the old one's place.
    const typeOf = (e: Json) => (typeof e.type === 'string' ? e.type.toLowerCase() : undefined);
    const replacedTypes = new Set(given.map(typeOf).filter(Boolean));
    return setMember(container, a.name, [...values.filter((e) => !replacedTypes.has(typeOf(e))), ...given]);
  }
  const matching = filter ? values.filter((e) => elementMatches(filter, e)) : values;
  if (op === 'remove') {
    const kept = sub
      ? values.map((e) => (matching.includes(e) ? (merged(e, { [sub.name]: undefined }) ?? {}) : e))
      : values.filter((e) => !matching.includes(e));
    return setMember(container, a.name, kept.length ? kept : undefined);
  }
  const changes = sub ? { [sub.name]: coerce(sub, value, `${a.name}.${sub.name}`) } : element(value);
  if (matching.length) {
    return setMember(
      container,
      a.name,
      values.map((e) => (matching.includes(e) ? (merged(e, changes) ?? {}) : e)),
    );
  }
  // No value matches: a filter of plain equalities (type eq "work") says what the new value is;
  // RFC 7644 §3.5.2.3 leaves any other filter without a target.
  const seed = filter ? elementFromFilter(filter) : {};
  if (!seed) throw badRequest('noTarget', `No value matches "${path}"`);
  setMember(container, a.name, [...values, element({ ...seed, ...changes })]);
}

function applyOne(doc: Json, op: Op, path: string, value: unknown) {
  const target = resolvePatchPath(path);
  switch (target.kind) {
    case 'dropped':
      return;
    case 'readOnly':
      // Okta repeats the id in its no-path replace: the same value changes nothing, so it is not refused.
      if (op !== 'remove' && target.name.toLowerCase() === 'id' && value === doc.id) return;
      throw badRequest('mutability', `"${target.name}" is read-only`);
    case 'extension':
      if (op === 'remove') return setMember(doc, SCIM_URN.enterpriseUser, undefined);
      if (!isObject(value)) throw badRequest('invalidValue', `"${SCIM_URN.enterpriseUser}" takes an object`);
      for (const [k, v] of Object.entries(value)) applyOne(doc, op, `${SCIM_URN.enterpriseUser}:${k}`, v);
      return;
    case 'attribute':
      return applyToAttribute(doc, op, target, value, path);
  }
}

function operations(body: unknown): { op: Op; path?: string; value: unknown }[] {
  requireMessage(body, SCIM_URN.patchOp, 'a PatchOp message');
  const ops = member(body, 'Operations');
  if (!Array.isArray(ops) || ops.length === 0)
    throw badRequest('invalidSyntax', '"Operations" must be a list of one or more operations');
  if (ops.length > MAX_PATCH_OPERATIONS)
    throw badRequest('invalidSyntax', `Send at most ${MAX_PATCH_OPERATIONS} operations at once`);
  return ops.map((o, i) => {
    const n = i + 1;
    if (!isObject(o)) throw badRequest('invalidSyntax', `Operation ${n} must be an object`);
    const op = member(o, 'op');
    // Entra ID capitalises the operation ("Replace"); RFC 7644 spells it in lower case.
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove')
      throw badRequest('invalidSyntax', `Operation ${n}: "op" must be add, replace or remove`);
    const path = member(o, 'path');
    if (path !== undefined && (typeof path !== 'string' || !path.trim()))
      throw badRequest('invalidPath', `Operation ${n}: "path" must be a non-empty string`);
    const value = member(o, 'value');
    if (name !== 'remove' && value === undefined)
      throw badRequest('invalidSyntax', `Operation ${n}: ${name} needs a "value"`);
    if (name === 'remove' && path === undefined) throw badRequest('noTarget', `Operation ${n}: remove needs a "path"`);
    return { op: name, ...(path !== undefined ? { path: path.trim() } : {}), value };
  });
}

/**
 * Applies an RFC 7644 §3.5.2 PatchOp message to a user and returns the user it describes, or throws a
 * 400 ScimError (`invalidSyntax`, `invalidPath`, `invalidValue`, `noTarget`, `mutability`). Nothing is
 * half applied: the caller stores the result only if every operation succeeded.
 */
export function applyScimPatch(user: DirectoryUser, body: unknown): DirectoryUserData {
  const doc = toScimUser(user, '');
  delete doc.meta;
  operations(body).forEach(({ op, path, value }, i) => {
    try {
      if (path !== undefined) return applyOne(doc, op, path, value);
      // Without a path the value is a set of attributes (Okta: {"active": false}); Entra ID names
      // some by path ("name.givenName", "urn:…:enterprise:2.0:User:employeeNumber").
      if (!isObject(value)) throw badRequest('invalidValue', `${op} without a "path" takes an object of attributes`);
      for (const [k, v] of Object.entries(value)) applyOne(doc, op, k, v);
    } catch (err) {
      if (err instanceof ScimError) throw new ScimError(err.status, `Operation ${i + 1}: ${err.detail}`, err.scimType);
      throw err;
    }
  });
  const enterprise = doc[SCIM_URN.enterpriseUser];
  if (isObject(enterprise) && Object.keys(enterprise).length === 0) delete doc[SCIM_URN.enterpriseUser];
  return fromScimUser(doc);
}

import type { DirectoryAttribute } from './directory-user.ts';
import { badRequest, SCIM_URN } from './scim-errors.ts';
import { parseRawFilter, type AttrPath, type CompareOp, type RawFilter } from './scim-filter-parser.ts';

export type { CompareOp } from './scim-filter-parser.ts';

/**
 * A filter over DirectoryUser fields, ready for a store to evaluate (as SQL, or in memory with
 * `matchesScimFilter`). String comparisons ignore case unless `caseExact` (RFC 7643 §2.2);
 * `const` appears only as a whole filter (`emails[type eq "home"]` can never match: Custodian keeps
 * only the work address), never inside `and`, `or` or `not`.
 */
export type ScimFilter =
  | { op: 'and' | 'or'; left: ScimFilter; right: ScimFilter }
  | { op: 'not'; filter: ScimFilter }
  | { op: 'pr'; attribute: DirectoryAttribute }
  | { op: CompareOp; attribute: DirectoryAttribute; value: string | boolean; caseExact: boolean }
  | { op: 'const'; value: boolean };

type Kind = 'string' | 'boolean' | 'dateTime';
interface Field {
  attribute: DirectoryAttribute;
  kind: Kind;
  caseExact: boolean;
}
const field = (attribute: DirectoryAttribute, kind: Kind = 'string', caseExact = false): Field => ({
  attribute,
  kind,
  caseExact,
});

// Paths (lower case) a filter may name; RFC 7643 §3.1 makes id and externalId case-exact.
const CORE: Record<string, Field> = {
  id: field('id', 'string', true),
  externalid: field('externalId', 'string', true),
  username: field('userName'),
  displayname: field('displayName'),
  title: field('title'),
  active: field('active', 'boolean'),
  'name.givenname': field('givenName'),
  'name.familyname': field('familyName'),
  'name.formatted': field('formattedName'),
  emails: field('email'),
  'emails.value': field('email'),
  'meta.created': field('created', 'dateTime'),
  'meta.lastmodified': field('lastModified', 'dateTime'),
};
const ENTERPRISE: Record<string, Field> = {
  employeenumber: field('employeeNumber'),
  organization: field('organization'),
  department: field('department'),
  manager: field('managerId'),
  'manager.value': field('managerId'),
};

const OPS_FOR: Record<Kind, readonly CompareOp[]> = {
  string: ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'],
  boolean: ['eq', 'ne'],
  dateTime: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
};

const key = (p: AttrPath) => (p.sub ? `${p.name}.${p.sub}` : p.name).toLowerCase();
const show = (p: AttrPath) => (p.sub ? `${p.name}.${p.sub}` : p.name);

function resolve(path: AttrPath): Field {
  const urn = path.urn?.toLowerCase();
  const table =
    urn === undefined
      ? { ...ENTERPRISE, ...CORE }
      : urn === SCIM_URN.user.toLowerCase()
        ? CORE
        : urn === SCIM_URN.enterpriseUser.toLowerCase()
          ? ENTERPRISE
          : undefined;
  const found = table?.[key(path)];
  if (!found) throw badRequest('invalidFilter', `Custodian cannot filter on "${show(path)}"`);
  return found;
}

/** The work address is the only one kept: inside emails[…], `type` is always "work" and `primary` true. */
const EMAIL_ELEMENT: Record<string, Field | { constant: string | boolean }> = {
  value: field('email'),
  type: { constant: 'work' },
  primary: { constant: true },
};

/** RFC 7644 §3.4.2.2 comparison of one value against another (shared with the in-memory matcher). */
export function compare(op: CompareOp, actual: string | boolean, expected: string | boolean, caseExact: boolean) {
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return op === 'eq' ? actual === expected : op === 'ne' ? actual !== expected : false;
  const a = caseExact ? actual : actual.toLowerCase();
  const b = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'co':
      return a.includes(b);
    case 'sw':
      return a.startsWith(b);
    case 'ew':
      return a.endsWith(b);
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

function comparison(f: Field, op: CompareOp, value: string | number | boolean | null, shown: string): ScimFilter {
  // RFC 7644 §3.4.2.2: `eq null` asks for an unassigned attribute, `ne null` for an assigned one.
  if (value === null && (op === 'eq' || op === 'ne')) {
    const present: ScimFilter = { op: 'pr', attribute: f.attribute };
    return op === 'eq' ? { op: 'not', filter: present } : present;
  }
  if (!OPS_FOR[f.kind].includes(op))
    throw badRequest('invalidFilter', `"${op}" cannot be used with "${shown}", a ${f.kind} attribute`);
  const wanted = f.kind === 'boolean' ? 'boolean' : 'string';
  if (typeof value !== wanted)
    throw badRequest(
      'invalidFilter',
      `"${shown}" is compared with a ${wanted === 'boolean' ? 'true or false' : 'quoted string'} value`,
    );
  if (f.kind === 'dateTime' && Number.isNaN(Date.parse(value as string)))
    throw badRequest('invalidFilter', `"${String(value)}" is not a date and time`);
  return { op, attribute: f.attribute, value: value as string | boolean, caseExact: f.caseExact };
}

/** and/or of two filters, folding constants: `false` absorbs an and, `true` an or; the other constant drops out. */
function combine(op: 'and' | 'or', left: ScimFilter, right: ScimFilter): ScimFilter {
  const absorbing = op === 'or';
  if (left.op === 'const') return left.value === absorbing ? left : right;
  if (right.op === 'const') return right.value === absorbing ? right : left;
  return { op, left, right };
}
const not = (filter: ScimFilter): ScimFilter =>
  filter.op === 'const' ? { op: 'const', value: !filter.value } : { op: 'not', filter };

function translate(raw: RawFilter, element?: 'emails'): ScimFilter {
  switch (raw.op) {
    case 'and':
      return combine('and', translate(raw.left, element), translate(raw.right, element));
    case 'or':
      return combine('or', translate(raw.left, element), translate(raw.right, element));
    case 'not':
      return not(translate(raw.filter, element));
    case 'has': {
      if (
        element ||
        raw.path.sub ||
        key(raw.path) !== 'emails' ||
        (raw.path.urn && raw.path.urn.toLowerCase() !== SCIM_URN.user.toLowerCase())
      )
        throw badRequest('invalidFilter', `Custodian cannot filter on values of "${show(raw.path)}"`);
      return combine('and', { op: 'pr', attribute: 'email' }, translate(raw.filter, 'emails'));
    }
    default: {
      const target = element ? EMAIL_ELEMENT[key(raw.path)] : resolve(raw.path);
      if (!target || (element && (raw.path.urn || raw.path.sub)))
        throw badRequest('invalidFilter', `Custodian cannot filter on "emails.${show(raw.path)}"`);
      if ('constant' in target) {
        if (raw.op === 'pr') return { op: 'const', value: true };
        if (raw.value === null || typeof raw.value === 'number')
          throw badRequest('invalidFilter', `"${show(raw.path)}" is compared with a quoted string or true or false`);
        return { op: 'const', value: compare(raw.op, target.constant, raw.value, false) };
      }
      if (raw.op === 'pr') return { op: 'pr', attribute: target.attribute };
      return comparison(target, raw.op, raw.value, show(raw.path));
    }
  }
}

/**
 * Parses an RFC 7644 §3.4.2.2 filter into a ScimFilter over DirectoryUser fields: what Entra ID and
 * Okta send (`userName eq "x"`, `externalId eq "x"`, `emails[type eq "work"].value eq "x"`) and the
 * rest of the grammar (and, or, not, grouping, pr, every comparison operator). Attribute names and
 * operators ignore case. Anything Custodian cannot evaluate is a 400 `invalidFilter`.
 */
export function parseScimFilter(text: string): ScimFilter {
  return translate(parseRawFilter(text));
}

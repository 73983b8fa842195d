import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { bytewise, type DialectName } from '../../platform/db/index.ts';
import type { CompareOp, DirectoryAttribute, ScimFilter } from '../../platform/scim/index.ts';
import type { PersonnelScimUsersTable } from './personnel.tables.ts';

type Column = keyof PersonnelScimUsersTable;

/** The column holding each attribute a filter may name. */
const COLUMNS: Record<DirectoryAttribute, Column> = {
  id: 'id',
  externalId: 'external_id',
  userName: 'user_name',
  displayName: 'display_name',
  givenName: 'given_name',
  familyName: 'family_name',
  formattedName: 'formatted_name',
  email: 'email',
  title: 'title',
  active: 'active',
  employeeNumber: 'employee_number',
  organization: 'organization',
  department: 'department',
  managerId: 'manager_id',
  created: 'created_at',
  lastModified: 'updated_at',
};

type Condition = RawBuilder<SqlBool>;
const TRUE: Condition = sql<SqlBool>`1 = 1`;
const FALSE: Condition = sql<SqlBool>`1 = 0`;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** An instant as the app clock writes it (fixed-width UTC ISO-8601), so text order is time order. */
const instant = (value: string) => new Date(Date.parse(value)).toISOString();

/**
 * A ScimFilter as a SQL condition on personnel_scim_users, with the semantics of
 * `matchesScimFilter` (RFC 7644 §3.4.2.2): strings compare ignoring case unless case-exact,
 * an unassigned attribute (null) matches only `ne`, instants compare as instants. The condition is
 * never NULL, so `not` is exact. userName is compared through user_name_key, lower-cased by the
 * app as the filter value is; other attributes through SQL lower(), which on SQLite folds ASCII only.
 */
export function scimFilterCondition(filter: ScimFilter, dialect: DialectName): Condition {
  const recurse = (f: ScimFilter): Condition => scimFilterCondition(f, dialect);
  switch (filter.op) {
    case 'const':
      return filter.value ? TRUE : FALSE;
    case 'and':
      return sql<SqlBool>`(${recurse(filter.left)} and ${recurse(filter.right)})`;
    case 'or':
      return sql<SqlBool>`(${recurse(filter.left)} or ${recurse(filter.right)})`;
    case 'not':
      return sql<SqlBool>`(not ${recurse(filter.filter)})`;
    case 'pr': {
      if (filter.attribute === 'active') return TRUE;
      const column = sql.ref(COLUMNS[filter.attribute]);
      return sql<SqlBool>`(${column} is not null and ${column} <> '')`;
    }
    default:
      return comparison(filter.op, filter.attribute, filter.value, filter.caseExact, dialect);
  }
}

function comparison(
  op: CompareOp,
  attribute: DirectoryAttribute,
  value: string | boolean,
  caseExact: boolean,
  dialect: DialectName,
): Condition {
  if (attribute === 'active' || typeof value === 'boolean') {
    if (attribute !== 'active' || typeof value !== 'boolean') return op === 'ne' ? TRUE : FALSE;
    return op === 'eq' ? sql<SqlBool>`active = ${value ? 1 : 0}` : sql<SqlBool>`active <> ${value ? 1 : 0}`;
  }
  const raw = sql.ref(COLUMNS[attribute]);
  const dated = attribute === 'created' || attribute === 'lastModified';
  // Whichever side is compared: the lower-cased key, lower(column), or the column as it is.
  const column = attribute === 'userName' ? sql.ref('user_name_key') : caseExact || dated ? raw : sql`lower(${raw})`;
  const v = dated ? instant(value) : caseExact ? value : value.toLowerCase();
  const assigned = sql<SqlBool>`(${raw} is not null and ${raw} <> '')`;
  const test = compareText(op, column, v, caseExact, dialect);
  return op === 'ne' ? sql<SqlBool>`(not ${assigned} or ${test})` : sql<SqlBool>`(${assigned} and ${test})`;
}

function compareText(
  op: CompareOp,
  column: RawBuilder<unknown>,
  v: string,
  caseExact: boolean,
  dialect: DialectName,
): Condition {
  const n = sql.lit(v.length);
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${column} = ${v}`;
    case 'ne':
      return sql<SqlBool>`${column} <> ${v}`;
    // Case-exact matching avoids LIKE, which ignores ASCII case on SQLite: substr and replace compare bytes.
    case 'sw':
      return caseExact
        ? sql<SqlBool>`substr(${column}, 1, ${n}) = ${v}`
        : sql<SqlBool>`${column} like ${`${escapeLike(v)}%`} escape '\\'`;
    case 'ew':
      return caseExact
        ? sql<SqlBool>`(length(${column}) >= ${n} and substr(${column}, length(${column}) - ${n} + 1) = ${v})`
        : sql<SqlBool>`${column} like ${`%${escapeLike(v)}`} escape '\\'`;
    case 'co':
      if (v === '') return TRUE;
      return caseExact
        ? sql<SqlBool>`replace(${column}, ${v}, '') <> ${column}`
        : sql<SqlBool>`${column} like ${`%${escapeLike(v)}%`} escape '\\'`;
    case 'gt':
      return sql<SqlBool>`${bytewise(dialect, column)} > ${v}`;
    case 'ge':
      return sql<SqlBool>`${bytewise(dialect, column)} >= ${v}`;
    case 'lt':
      return sql<SqlBool>`${bytewise(dialect, column)} < ${v}`;
    case 'le':
      return sql<SqlBool>`${bytewise(dialect, column)} <= ${v}`;
  }
}

import type { DirectoryAttribute, DirectoryUser } from './directory-user.ts';
import { compare, type ScimFilter } from './scim-filter.ts';

function valueOf(user: DirectoryUser, attribute: DirectoryAttribute): string | boolean | undefined {
  if (attribute === 'created' || attribute === 'lastModified') return user.meta[attribute];
  return user[attribute];
}

/**
 * Evaluates a filter against one user, as RFC 7644 §3.4.2.2 defines it: for an in-memory store,
 * and as the reference a SQL translation is tested against. An unassigned attribute matches only `ne`.
 */
export function matchesScimFilter(filter: ScimFilter, user: DirectoryUser): boolean {
  switch (filter.op) {
    case 'const':
      return filter.value;
    case 'and':
      return matchesScimFilter(filter.left, user) && matchesScimFilter(filter.right, user);
    case 'or':
      return matchesScimFilter(filter.left, user) || matchesScimFilter(filter.right, user);
    case 'not':
      return !matchesScimFilter(filter.filter, user);
    case 'pr': {
      const v = valueOf(user, filter.attribute);
      return v !== undefined && v !== '';
    }
    default: {
      const v = valueOf(user, filter.attribute);
      if (v === undefined || v === '') return filter.op === 'ne';
      // Instants compare as instants, whatever their offset or precision.
      if (filter.attribute === 'created' || filter.attribute === 'lastModified') {
        const a = Date.parse(v as string);
        const b = Date.parse(filter.value as string);
        return compare(filter.op, String(a).padStart(16, '0'), String(b).padStart(16, '0'), true);
      }
      return compare(filter.op, v, filter.value, filter.caseExact);
    }
  }
}

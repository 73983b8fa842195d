import { badRequest, SCIM_URN } from './scim-errors.ts';
import { parseAttrPath } from './scim-filter-parser.ts';
import { isObject } from './scim-user-mapping.ts';

type Json = Record<string, unknown>;

/** RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes`: which attributes a response carries. */
export interface Projection {
  mode: 'only' | 'except';
  /** Lower-cased: container ('core' or the extension URN) → attribute → sub-attributes ('*' for all). */
  paths: Map<string, Map<string, Set<string>>>;
}

const ALWAYS = new Set(['id', 'schemas']);
const EXTENSION = SCIM_URN.enterpriseUser.toLowerCase();

function parseList(text: string, mode: Projection['mode']): Projection {
  const paths = new Map<string, Map<string, Set<string>>>();
  const add = (container: string, attr: string, sub: string) => {
    const attrs = paths.get(container) ?? paths.set(container, new Map()).get(container)!;
    (attrs.get(attr) ?? attrs.set(attr, new Set()).get(attr)!).add(sub);
  };
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (item.toLowerCase() === EXTENSION) {
      add('core', EXTENSION, '*');
      continue;
    }
    const p = parseAttrPath(item);
    if (!p) throw badRequest('invalidValue', `"${item}" is not an attribute name`);
    const urn = p.urn?.toLowerCase();
    const container = urn === EXTENSION ? EXTENSION : 'core';
    add(container, p.name.toLowerCase(), p.sub?.toLowerCase() ?? '*');
  }
  return { mode, paths };
}

/** The projection a query asks for, or undefined for the default set. */
export function parseProjection(query: unknown): Projection | undefined {
  const q = (query ?? {}) as Record<string, unknown>;
  for (const [name, mode] of [
    ['attributes', 'only'],
    ['excludedAttributes', 'except'],
  ] as const) {
    const v = q[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw badRequest('invalidValue', `Give "${name}" once, as a comma-separated list`);
    return parseList(v, mode);
  }
  return undefined;
}

function pick(value: unknown, subs: Set<string>, mode: Projection['mode']): unknown {
  if (subs.has('*')) return mode === 'only' ? value : undefined;
  const keep = (o: Json) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => subs.has(k.toLowerCase()) === (mode === 'only')));
  if (Array.isArray(value)) return value.map((e) => (isObject(e) ? keep(e) : e));
  return isObject(value) ? keep(value) : mode === 'only' ? undefined : value;
}

function projectObject(
  object: Json,
  attrs: Map<string, Set<string>> | undefined,
  mode: Projection['mode'],
  top: boolean,
): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(object)) {
    const lower = k.toLowerCase();
    if (top && ALWAYS.has(lower)) out[k] = v;
    else if (top && lower === EXTENSION && !attrs?.has(EXTENSION)) continue;
    else if (attrs?.has(lower)) {
      const picked = pick(v, attrs.get(lower)!, mode);
      if (picked !== undefined) out[k] = picked;
    } else if (mode === 'except') out[k] = v;
  }
  return out;
}

/** A resource with only the attributes asked for (id and schemas always stay), per RFC 7644 §3.4.2.5. */
export function project(resource: Json, projection: Projection | undefined): Json {
  if (!projection) return resource;
  const { mode, paths } = projection;
  const out = projectObject(resource, paths.get('core'), mode, true);
  const ext = Object.keys(resource).find((k) => k.toLowerCase() === EXTENSION);
  if (ext && isObject(resource[ext])) {
    const whole = paths.get('core')?.has(EXTENSION);
    const inner = whole ? resource[ext] : projectObject(resource[ext] as Json, paths.get(EXTENSION), mode, false);
    if (whole && mode === 'except') delete out[ext];
    else if (isObject(inner) && Object.keys(inner).length) out[ext] = inner;
    else delete out[ext];
  }
  if (Array.isArray(out.schemas) && !(ext && ext in out))
    out.schemas = out.schemas.filter((s) => String(s).toLowerCase() !== EXTENSION);
  return out;
}

import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * An OCSF event validator built from the schema's own definition files (dictionary, event classes,
 * objects, profiles), not from a hand-copied list. The definitions are compiled as OCSF's compilers
 * do (ocsf-lib-py, ocsf-server): `extends` and `$include` merged with the nearer definition winning,
 * the dictionary filling each attribute's type, enum and sibling, class and type uids computed, a
 * `<name>_dt` added for every timestamp under the `datetime` profile. Each class is then written as
 * a JSON Schema (after ocsf-server's json_schema.ex, plus what its event validator checks besides:
 * type patterns and lengths, at_least_one/just_one constraints of classes and objects, enum captions
 * in sibling names, type_uid) for the profiles an event names in `metadata.profiles` (attributes of
 * other profiles are unknown to it), and ajv validates the event.
 */
export interface OcsfValidator {
  version: string;
  /** Every violation, as "<path> <message>"; empty when the event is valid. */
  validate(event: unknown): string[];
}

interface EnumMember {
  caption?: string;
}
interface Attr {
  caption?: string;
  type?: string;
  is_array?: boolean;
  enum?: Record<string, EnumMember>;
  sibling?: string;
  requirement?: string;
  profile?: string | null;
  /** Compiled: the profiles that bring this attribute; absent for the class's own attributes. */
  profiles?: string[];
}
interface Defn {
  name: string;
  caption: string;
  uid?: number;
  category?: string;
  extends?: string;
  attributes: Record<string, Attr>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
}
type Schema = Record<string, unknown>;

export function loadOcsfSchema(dir: string): OcsfValidator {
  const read = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(dir, rel), 'utf8')) as T;
  const dictionary = read<{
    attributes: Record<string, Attr>;
    types: { attributes: Record<string, TypeDefn> };
  }>('dictionary.json');
  const types = dictionary.types.attributes;
  const categories = read<{ attributes: Record<string, { uid: number; caption: string }> }>('categories.json');
  const version = read<{ version: string }>('version.json').version;
  const profileNames = fs.readdirSync(path.join(dir, 'profiles')).map((f) => read<Defn>(`profiles/${f}`).name);
  const eventFiles = walk(path.join(dir, 'events')).map((f) => path.relative(dir, f));

  /** Own attributes plus those of included profiles, each marked with its profile. */
  function withIncludes(raw: Defn & { attributes: Record<string, unknown> }): Record<string, Attr> {
    const { $include, ...own } = raw.attributes as { $include?: string | string[] } & Record<string, Attr>;
    let attrs = own;
    for (const rel of [$include ?? []].flat()) {
      const profile = read<Defn>(rel);
      const marked = Object.fromEntries(
        Object.entries(profile.attributes).map(([k, a]) => [k, { ...a, profiles: [profile.name] }]),
      );
      attrs = mergeAttrs(attrs, marked);
    }
    return attrs;
  }

  const resolved = new Map<string, Defn>();
  function resolve(rel: string, find: (name: string) => string): Defn {
    const done = resolved.get(rel);
    if (done) return done;
    const raw = read<Defn & { attributes: Record<string, unknown> }>(rel);
    let defn: Defn = { ...raw, attributes: withIncludes(raw) };
    if (raw.extends) {
      const parent = resolve(find(raw.extends), find);
      defn = {
        ...parent,
        ...raw,
        category: raw.category ?? parent.category,
        attributes: mergeAttrs(defn.attributes, parent.attributes),
        constraints: { ...parent.constraints, ...raw.constraints },
      };
    }
    resolved.set(rel, defn);
    return defn;
  }
  const findEvent = (name: string) => {
    const hit = eventFiles.find((f) => path.basename(f, '.json') === name);
    if (!hit) throw new Error(`OCSF event class "${name}" is not among the vendored definitions`);
    return hit;
  };
  const findObject = (name: string) => {
    const rel = `objects/${name}.json`;
    if (!fs.existsSync(path.join(dir, rel)))
      throw new Error(`OCSF object "${name}" is not among the vendored definitions`);
    return rel;
  };

  /** The dictionary fills what a definition leaves out; timestamps gain their `_dt` twin. */
  function complete(defn: Defn): Defn {
    const attributes: Record<string, Attr> = {};
    for (const [k, a] of Object.entries(defn.attributes)) {
      const full = mergeAttr(a, dictionary.attributes[k] ?? {});
      if (!full.type) throw new Error(`OCSF attribute "${k}" of "${defn.name}" has no type`);
      attributes[k] = full;
      if (full.type === 'timestamp_t')
        attributes[`${k}_dt`] = { ...full, type: 'datetime_t', requirement: 'optional', profiles: ['datetime'] };
    }
    return { ...defn, attributes };
  }

  const classes = new Map<number, Defn>();
  for (const rel of eventFiles) {
    const defn = complete(resolve(rel, findEvent));
    if (defn.uid === undefined || !defn.category) continue;
    const category = categories.attributes[defn.category]!;
    const classUid = category.uid * 1000 + defn.uid;
    const activities = defn.attributes.activity_id?.enum ?? {};
    defn.attributes = {
      ...defn.attributes,
      class_uid: { ...defn.attributes.class_uid, enum: { [classUid]: { caption: defn.caption } } },
      category_uid: { ...defn.attributes.category_uid, enum: { [category.uid]: { caption: category.caption } } },
      type_uid: {
        ...defn.attributes.type_uid,
        enum: Object.fromEntries(
          Object.entries(activities).map(([id, m]) => [
            classUid * 100 + Number(id),
            { caption: `${defn.caption}: ${m.caption}` },
          ]),
        ),
      },
    };
    classes.set(classUid, defn);
  }
  const objects = new Map<string, Defn>();
  const objectDefn = (name: string) => {
    let o = objects.get(name);
    if (!o) objects.set(name, (o = complete(resolve(findObject(name), findObject))));
    return o;
  };

  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // Sibling and constraint rules name attributes declared one level up, and leave types to it.
    strictRequired: false,
    strictTypes: false,
    unicodeRegExp: false,
  });
  const compiled = new Map<string, ValidateFunction>();

  function schemaFor(defn: Defn, profiles: string[]): Schema {
    const defs: Record<string, Schema> = {};
    const visible = (d: Defn) =>
      Object.entries(d.attributes).filter(([, a]) => !a.profiles || a.profiles.some((p) => profiles.includes(p)));

    function item(d: Defn): Schema {
      const attrs = visible(d);
      // The "object" object has no attributes: anything goes (e.g. `unmapped`).
      if (attrs.length === 0) return { type: 'object' };
      const names = attrs.map(([k]) => k);
      const rules: Schema[] = [];
      const { at_least_one: atLeastOne, just_one: justOne } = d.constraints ?? {};
      if (atLeastOne) rules.push({ anyOf: atLeastOne.map((k) => ({ required: [k] })) });
      if (justOne) rules.push({ oneOf: justOne.map((k) => ({ required: [k] })) });
      for (const [k, a] of attrs) if (a.enum && a.sibling && names.includes(a.sibling)) rules.push(...siblings(k, a));
      return {
        type: 'object',
        properties: Object.fromEntries(attrs.map(([k, a]) => [k, attribute(a)])),
        additionalProperties: false,
        required: attrs.filter(([, a]) => a.requirement === 'required').map(([k]) => k),
        ...(rules.length ? { allOf: rules } : {}),
      };
    }
    function attribute(a: Attr): Schema {
      const one = value(a);
      return a.is_array ? { type: 'array', items: one } : one;
    }
    function value(a: Attr): Schema {
      const type = a.type!;
      if (!types[type]) {
        if (!(type in defs)) {
          defs[type] = {};
          defs[type] = item(objectDefn(type));
        }
        return { $ref: `#/$defs/${type}` };
      }
      const s = dataType(types, type);
      if (a.enum) s.enum = Object.keys(a.enum).map((v) => (s.type === 'string' ? v : Number(v)));
      return s;
    }

    const root = item(defn);
    const activities = Object.keys(defn.attributes.activity_id?.enum ?? {});
    const classUid = Number(Object.keys(defn.attributes.class_uid!.enum!)[0]);
    // type_uid = class_uid × 100 + activity_id.
    const typeUid = activities.map((id) => ({
      if: { properties: { activity_id: { const: Number(id) } }, required: ['activity_id'] },
      then: { properties: { type_uid: { const: classUid * 100 + Number(id) } } },
    }));
    return { ...root, allOf: [...((root.allOf as Schema[] | undefined) ?? []), ...typeUid], $defs: defs };
  }

  return {
    version,
    validate(event) {
      const e = event as { class_uid?: unknown; metadata?: { profiles?: unknown; version?: unknown } };
      const defn = typeof e?.class_uid === 'number' ? classes.get(e.class_uid) : undefined;
      if (!defn) return [`/class_uid ${JSON.stringify(e?.class_uid)} is not an OCSF ${version} class`];
      const named = Array.isArray(e.metadata?.profiles) ? (e.metadata.profiles as unknown[]) : [];
      const errors = named
        .filter((p) => typeof p !== 'string' || !profileNames.includes(p))
        .map((p) => `/metadata/profiles ${JSON.stringify(p)} is not an OCSF ${version} profile`);
      if (e.metadata?.version !== version)
        errors.push(`/metadata/version must be ${version}, not ${JSON.stringify(e.metadata?.version)}`);
      const profiles = named.filter((p): p is string => typeof p === 'string').sort();
      const key = `${e.class_uid}:${profiles.join(',')}`;
      let check = compiled.get(key);
      if (!check) compiled.set(key, (check = ajv.compile(schemaFor(defn, profiles))));
      if (!check(event))
        for (const err of check.errors ?? [])
          if (err.keyword !== 'if')
            errors.push(`${err.instancePath || '/'} ${err.message ?? err.keyword} ${JSON.stringify(err.params)}`);
      return errors;
    },
  };
}

/**
 * The enum's caption in its sibling name (`activity_id` 1 → `activity_name` "Create") wherever both
 * are present; for 99 (Other) the sibling must be present and say what the source called it.
 */
function siblings(k: string, a: Attr): Schema[] {
  const sibling = a.sibling!;
  const numeric = a.type !== 'string_t';
  return Object.entries(a.enum!).map(([v, m]) => {
    const id = numeric ? Number(v) : v;
    return id === 99
      ? {
          if: { properties: { [k]: { const: 99 } }, required: [k] },
          then: { required: [sibling], properties: { [sibling]: { not: { const: m.caption } } } },
        }
      : {
          if: { properties: { [k]: { const: id } }, required: [k, sibling] },
          then: { properties: { [sibling]: { const: m.caption } } },
        };
  });
}

interface TypeDefn {
  type?: string;
  regex?: string;
  max_len?: number;
  range?: [number, number];
  values?: unknown[];
}

/** A dictionary data type as JSON Schema: its primitive, then its own regex, length, range and values. */
function dataType(types: Record<string, TypeDefn>, name: string): Schema {
  const t = types[name]!;
  const primitive = t.type ?? name;
  const s: Schema = {};
  const json: Record<string, string | undefined> = {
    string_t: 'string',
    integer_t: 'integer',
    long_t: 'integer',
    float_t: 'number',
    boolean_t: 'boolean',
    json_t: undefined,
  };
  if (!(primitive in json)) throw new Error(`OCSF data type "${name}" has an unknown primitive "${primitive}"`);
  if (json[primitive]) s.type = json[primitive];
  if (t.regex) s.pattern = t.regex;
  if (t.max_len) s.maxLength = t.max_len;
  if (t.range) [s.minimum, s.maximum] = t.range;
  if (t.values) s.enum = t.values;
  return s;
}

/** `near` over `far`, as OCSF's compilers merge: the nearer definition wins, enums are united. */
function mergeAttrs(near: Record<string, Attr>, far: Record<string, Attr>): Record<string, Attr> {
  const out = { ...far };
  for (const [k, a] of Object.entries(near)) out[k] = far[k] ? mergeAttr(a, far[k]) : a;
  return out;
}

function mergeAttr(near: Attr, far: Attr): Attr {
  const merged: Attr = { ...far, ...near };
  if (near.enum || far.enum) merged.enum = { ...far.enum, ...near.enum };
  // `"profile": null` says the attribute is the class's own, whatever a profile says.
  if ('profile' in near && near.profile === null) delete merged.profiles;
  else if (!near.profiles && far.profiles) merged.profiles = far.profiles;
  return merged;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

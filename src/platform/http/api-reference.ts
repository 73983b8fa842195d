/**
 * Turns the OpenAPI document into what the reference page shows: operations grouped by tag, with
 * their parameters and the fields of their success responses. Rendered on the server so the page
 * needs no script and works under the strict CSP.
 */

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, OperationObject>>;
}

export interface Field {
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A short, readable type: "string (uuid)", "one of: a, b", "string or null", "array of object". */
export function typeLabel(s: JsonSchema | undefined): string {
  if (!s) return 'any';
  if (s.enum) return `one of: ${s.enum.map(String).join(', ')}`;
  if (s.const !== undefined) return `always ${String(s.const)}`;
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeLabel).join(' or ');
  if (Array.isArray(s.type)) return s.type.join(' or ');
  if (s.type === 'array') return `array of ${typeLabel(s.items)}`;
  if (s.type === 'string' && s.format) return `string (${s.format})`;
  return s.type ?? 'any';
}

/** Flattens nested objects and arrays into dotted names: `data[].id`. Depth-limited; the schemas are ours. */
export function fieldsOf(schema: JsonSchema | undefined, prefix = '', depth = 0): Field[] {
  if (!schema || depth > 5) return [];
  if (schema.type === 'array') return fieldsOf(schema.items, `${prefix}[]`, depth + 1);
  if (!schema.properties) return [];
  return Object.entries(schema.properties).flatMap(([key, child]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const row: Field = {
      name,
      type: typeLabel(child),
      required: schema.required?.includes(key) ?? false,
      description: child.description,
    };
    return [row, ...fieldsOf(child, name, depth + 1)];
  });
}

const jsonSchemaOf = (response: { content?: Record<string, { schema?: JsonSchema }> }) =>
  response.content?.['application/json']?.schema;

/** The reference page's view model. */
export function apiReference(doc: OpenApiDocument) {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m]!;
      const responses = Object.entries(op.responses ?? {});
      return {
        // The document's operationId, so a link to the page names the operation as generated clients do.
        id: op.operationId ?? `${m}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, ''),
        method: m.toUpperCase(),
        path,
        summary: op.summary ?? `${m.toUpperCase()} ${path}`,
        description: op.description,
        tag: op.tags?.[0] ?? 'Other',
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: Boolean(p.required),
          type: typeLabel(p.schema),
          description: p.description ?? p.schema?.description,
        })),
        successes: responses
          .filter(([status]) => status.startsWith('2'))
          .map(([status, r]) => ({ status, description: r.description, fields: fieldsOf(jsonSchemaOf(r)) })),
        errors: responses
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, r]) => ({ status, description: r.description })),
      };
    }),
  );
  const tagNames = [...new Set([...(doc.tags ?? []).map((t) => t.name), ...operations.map((o) => o.tag)])];
  const groups = tagNames
    .map((name) => ({
      name,
      description: doc.tags?.find((t) => t.name === name)?.description,
      operations: operations.filter((o) => o.tag === name),
    }))
    .filter((g) => g.operations.length > 0);
  return { title: doc.info.title, version: doc.info.version, openapiVersion: doc.openapi, groups };
}

import { badRequest } from './scim-errors.ts';

/** The comparison operators of RFC 7644 §3.4.2.2 (table 3). */
export const COMPARE_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** An attribute path as written: `urn:…:User:name.givenName` → { urn, name: 'name', sub: 'givenName' }. */
export interface AttrPath {
  urn?: string;
  name: string;
  sub?: string;
}

/** A filter as written, before its attributes are resolved against a schema. */
export type RawFilter =
  | { op: 'and' | 'or'; left: RawFilter; right: RawFilter }
  | { op: 'not'; filter: RawFilter }
  | { op: 'pr'; path: AttrPath }
  | { op: CompareOp; path: AttrPath; value: string | number | boolean | null }
  /** `emails[type eq "work"]`: some value of a multi-valued attribute matches the inner filter. */
  | { op: 'has'; path: AttrPath; filter: RawFilter };

// Filters arrive in a query string: long enough for any real provider, short enough to parse cheaply.
export const MAX_FILTER_LENGTH = 2048;
const MAX_DEPTH = 32;
const ATTR_NAME = /^[A-Za-z$][\w$-]*$/;

type Token = { kind: 'word' | 'string' | 'punct'; text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if ('()[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at: i++ });
    } else if (c === '"') {
      // A JSON string (RFC 7644 §3.4.2.2 compValue): escapes as JSON spells them.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw badRequest('invalidFilter', `The filter has an unterminated string at ${i + 1}`);
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), at: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j]!)) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), at: i });
      i = j;
    }
  }
  return tokens;
}

/** Splits `urn:…:User:name.givenName` into its schema URN, attribute and sub-attribute. */
export function parseAttrPath(text: string): AttrPath | undefined {
  const colon = text.lastIndexOf(':');
  const urn = colon >= 0 ? text.slice(0, colon) : undefined;
  const parts = text.slice(colon + 1).split('.');
  if (parts.length > 2 || !parts.every((p) => ATTR_NAME.test(p))) return undefined;
  if (urn !== undefined && !/^urn:[\w.:-]+$/i.test(urn)) return undefined;
  return { ...(urn ? { urn } : {}), name: parts[0]!, ...(parts[1] ? { sub: parts[1] } : {}) };
}

/** Parses RFC 7644 §3.4.2.2 filter text; anything else is a 400 `invalidFilter` saying where. */
export function parseRawFilter(text: string): RawFilter {
  if (text.length > MAX_FILTER_LENGTH)
    throw badRequest('invalidFilter', `The filter is longer than ${MAX_FILTER_LENGTH} characters`);
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const t = peek();
    throw badRequest('invalidFilter', t ? `${what} at "${t.text}" (${t.at + 1})` : `${what} at the end of the filter`);
  };
  const isWord = (w: string) => peek()?.kind === 'word' && peek()!.text.toLowerCase() === w;
  const expect = (p: string) => (peek()?.text === p && peek()!.kind === 'punct' ? pos++ : fail(`Expected "${p}"`));

  function or(depth: number): RawFilter {
    if (depth > MAX_DEPTH) fail('The filter is nested too deeply');
    let left = and(depth);
    while (isWord('or')) {
      pos++;
      left = { op: 'or', left, right: and(depth) };
    }
    return left;
  }
  function and(depth: number): RawFilter {
    let left = unary(depth);
    while (isWord('and')) {
      pos++;
      left = { op: 'and', left, right: unary(depth) };
    }
    return left;
  }
  function unary(depth: number): RawFilter {
    if (isWord('not')) {
      pos++;
      expect('(');
      const filter = or(depth + 1);
      expect(')');
      return { op: 'not', filter };
    }
    if (peek()?.text === '(' && peek()!.kind === 'punct') {
      pos++;
      const inner = or(depth + 1);
      expect(')');
      return inner;
    }
    return attributeExpression(depth);
  }
  function attributeExpression(depth: number): RawFilter {
    const t = peek();
    const path = t?.kind === 'word' ? parseAttrPath(t.text) : undefined;
    if (!path) return fail('Expected an attribute name');
    pos++;
    if (peek()?.text === '[' && peek()!.kind === 'punct') {
      if (path.sub) fail('A value filter follows an attribute, not a sub-attribute');
      pos++;
      const inner = or(depth + 1);
      expect(']');
      // `emails[type eq "work"].value eq "x"` (what Entra ID sends) means emails[type eq "work" and value eq "x"].
      const next = peek();
      if (next?.kind === 'word' && next.text.startsWith('.')) {
        const sub = next.text.slice(1);
        if (!ATTR_NAME.test(sub)) fail('Expected a sub-attribute name');
        pos++;
        return { op: 'has', path, filter: { op: 'and', left: inner, right: comparison({ name: sub }) } };
      }
      return { op: 'has', path, filter: inner };
    }
    return comparison(path);
  }
  function comparison(path: AttrPath): RawFilter {
    const opToken = peek();
    const op = opToken?.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') {
      pos++;
      return { op: 'pr', path };
    }
    if (!(COMPARE_OPS as readonly string[]).includes(op))
      return fail('Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    pos++;
    return { op: op as CompareOp, path, value: compValue() };
  }
  function compValue(): string | number | boolean | null {
    const t = peek();
    if (!t || t.kind === 'punct') return fail('Expected a value');
    pos++;
    if (t.kind === 'string') {
      try {
        return JSON.parse(t.text) as string;
      } catch {
        pos--;
        return fail('The string is not well formed');
      }
    }
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t.text)) return Number(t.text);
    pos--;
    return fail('Expected a value: a "quoted string", true, false, null or a number');
  }

  if (tokens.length === 0) fail('The filter is empty');
  const filter = or(0);
  if (pos < tokens.length) fail('Unexpected text');
  return filter;
}

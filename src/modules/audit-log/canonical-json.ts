/**
 * RFC 8785 canonical JSON for audit events, fast on both sides of the log: writing (every event is
 * canonicalised once) and verifying (every stored event must be canonical). Both are hot loops, and
 * the `canonicalize` package spends most of its time on per-call bookkeeping rather than JSON.
 */

// With the u flag a well-formed surrogate pair is one astral code point, so only a lone surrogate
// (General_Category Cs) matches: the same test as canonicalize's hasLoneSurrogate, done natively.
const LONE_SURROGATE = /\p{Cs}/u;
// What JSON.stringify would escape, and surrogates: without any, a string is written as it is.
const SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as canonicalJson writes it (JSON.stringify's form), refusing lone surrogates. */
export function canonicalString(s: string): string {
  if (!SPECIAL.test(s)) return `"${s}"`;
  if (LONE_SURROGATE.test(s)) throw new Error('Lone surrogate is not allowed');
  return JSON.stringify(s);
}

/** Object keys in Array#sort's default order (UTF-16 code units); insertion sort is quicker for the few keys of an event. */
function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * Exactly what `canonicalize(value)` (canonicalize 4.x) returns or throws, without its per-call
 * Set, arrays and template strings: keys sorted by UTF-16 code units, strings and numbers as
 * JSON.stringify writes them, toJSON honoured, NaN, Infinity, lone surrogates and cycles refused.
 */
export function canonicalJson(value: unknown): string | undefined {
  return write(value, undefined);
}

/** The objects being written, innermost first: canonicalize's `seen` set, as one link per level (a link is cheaper than an array that grows). */
interface Ancestors {
  value: object;
  outer: Ancestors | undefined;
}

function isAncestor(value: object, ancestors: Ancestors | undefined): boolean {
  for (let a = ancestors; a !== undefined; a = a.outer) if (a.value === value) return true;
  return false;
}

/** A number as canonicalJson writes it: JSON.stringify's own form, -0 included ("0"); NaN and Infinity refused. */
export function canonicalNumber(value: number): string {
  if (Number.isNaN(value)) throw new Error('NaN is not allowed');
  if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
  return String(value);
}

function write(value: unknown, outer: Ancestors | undefined): string | undefined {
  if (typeof value === 'string') return canonicalString(value);
  if (typeof value === 'number') return canonicalNumber(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // `outer` is the chain from here out to the root, as canonicalize's `seen` set is.
  if (isAncestor(value, outer)) throw new Error('Circular reference detected');
  const ancestors: Ancestors = { value, outer };
  let out: string | undefined;
  const o = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof o.toJSON === 'function') {
    out = write((o.toJSON as () => unknown)(), ancestors);
  } else if (Array.isArray(value)) {
    // As Array#map then join: holes and unserialisable members leave an empty slot.
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (!(i in value)) continue;
      const member: unknown = value[i];
      out += write(member === undefined || typeof member === 'symbol' ? null : member, ancestors) ?? '';
    }
    out += ']';
  } else {
    out = '{';
    let first = true;
    for (const key of sortedKeys(o)) {
      const member = o[key];
      if (member === undefined || typeof member === 'symbol') continue;
      out += `${first ? '' : ','}${canonicalString(key)}:${String(write(member, ancestors))}`;
      first = false;
    }
    out += '}';
  }
  return out;
}

/**
 * For verification: when `text` is certainly a canonical audit event — JSON exactly as
 * `canonicalJson(JSON.parse(text))` writes it, an object whose `metadata.sequence` is a number —
 * returns that number, scanning the text once without parsing it into objects. Returns undefined
 * for anything else, including canonical text it does not try to prove so (escapes other than the
 * ones JSON.stringify writes, non-numeric sequence, deep nesting): callers then fall back to
 * parsing and re-serialising, which names the actual fault.
 */
export function canonicalEventSequence(text: string): number | undefined {
  return scanEvent(codeUnits(text), 0, text.length);
}

/**
 * canonicalEventSequence for the UTF-8 bytes t[start, end), which must all be ASCII (test with
 * buffer.isAscii; decode anything else and use canonicalEventSequence): keys are ordered by UTF-16
 * code units, which UTF-8's byte order does not keep beyond ASCII. Verification reads events as
 * bytes, and nearly all of them are ASCII. A 0 at t[end] ends the scan soonest at the end; without
 * it the scan may look past the end, but never accepts text that does not end there.
 */
export function canonicalEventSequenceOfAscii(t: Uint8Array, start: number, end: number): number | undefined {
  return scanEvent(t, start, end);
}

/** The scan of the code units t[start, end): see canonicalEventSequence. */
function scanEvent(t: Uint8Array | Uint16Array, start: number, end: number): number | undefined {
  // One loop over local variables with an explicit stack: no recursion, no closures, and no
  // allocation for a well-formed event. Per open container (depth ≥ 1): array or object, and the
  // previous key's span in the text.
  if (t[start]! !== OPEN_BRACE || t[start + 1]! === CLOSE_BRACE) return undefined;
  const isArray = IS_ARRAY;
  const keyFrom = KEY_FROM;
  const keyTo = KEY_TO;
  let pos = start + 1;
  let depth = 1;
  isArray[1] = 0;
  keyFrom[1] = -1;
  let sequence: number | undefined;
  // The depth at which the event's own metadata object is open, and whether the next value is it.
  let metadataDepth = -1;
  let nextIsMetadata = false;
  let expectKey = true;
  let c: number;

  for (;;) {
    if (expectKey) {
      // A key: a string without escapes (the event's own fields have none; the slow path judges
      // the rest), sorted after the previous key by UTF-16 code units, then a colon.
      if (t[pos]! !== QUOTE) return undefined;
      const from = ++pos;
      c = t[pos]!;
      while (c >= 0x20 && c !== QUOTE && c !== BACKSLASH && (c < 0xd800 || c > 0xdfff)) c = t[++pos]!;
      if (c !== QUOTE) return undefined;
      const to = pos++;
      const prevFrom = keyFrom[depth]!;
      if (prevFrom >= 0) {
        const prevLength = keyTo[depth]! - prevFrom;
        const length = to - from;
        const n = prevLength < length ? prevLength : length;
        let i = 0;
        while (i < n && t[prevFrom + i]! === t[from + i]!) i++;
        if (i < n ? t[prevFrom + i]! > t[from + i]! : prevLength >= length) return undefined;
      }
      keyFrom[depth] = from;
      keyTo[depth] = to;
      if (t[pos++]! !== COLON) return undefined;
      nextIsMetadata = depth === 1 && to - from === 8 && isWord(t, from, METADATA);
      if (depth === metadataDepth && to - from === 8 && isWord(t, from, SEQUENCE)) {
        // The one number read: it must be written as a plain integer (the slow path judges the rest).
        const from = pos;
        let n = 0;
        c = t[pos]!;
        while (c >= 0x30 && c <= 0x39) {
          n = n * 10 + (c - 0x30);
          c = t[++pos]!;
        }
        const digits = pos - from;
        if (digits === 0 || digits > 15 || (digits > 1 && t[from]! === 0x30)) return undefined;
        sequence = n;
        c = -1; // the value is read
      } else {
        c = t[pos]!;
      }
    } else {
      c = t[pos]!;
    }

    if (c === QUOTE) {
      // A string, exactly as JSON.stringify writes what it decodes to.
      c = t[++pos]!;
      for (;;) {
        while (c >= 0x20 && c !== QUOTE && c !== BACKSLASH && (c < 0xd800 || c > 0xdfff)) c = t[++pos]!;
        if (c === QUOTE) break;
        if (c === BACKSLASH) {
          // Only the escapes JSON.stringify writes: the short ones, else \u00xx (lower case) for a
          // control character without a short form.
          const e = t[pos + 1]!;
          if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
            pos += 2;
          } else {
            const code = hexEscape(t, pos + 1);
            if (code < 0 || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d)
              return undefined;
            pos += 6;
          }
        } else if (c >= 0xd800 && c <= 0xdbff) {
          // Only a high surrogate followed by a low one: canonicalize refuses lone surrogates.
          const next = t[pos + 1]!;
          if (!(next >= 0xdc00 && next <= 0xdfff)) return undefined;
          pos += 2;
        } else {
          return undefined; // a lone low surrogate, a raw control character, or the end of the text
        }
        c = t[pos]!;
      }
      pos++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) return undefined;
      const array = c === OPEN_BRACKET;
      isArray[depth] = array ? 1 : 0;
      keyFrom[depth] = -1;
      if (nextIsMetadata && !array) metadataDepth = depth;
      nextIsMetadata = false;
      pos++;
      if (t[pos]! !== (array ? CLOSE_BRACKET : CLOSE_BRACE)) {
        expectKey = !array;
        continue;
      }
      // Empty: closed below like any other container.
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : NULL;
      if (!isWord(t, pos, word)) return undefined;
      pos += word.length;
    } else if (c !== -1) {
      // A number exactly as JSON.stringify writes it (so finite, and not -0). The common case, a
      // non-negative integer of up to 15 digits without a leading zero, is canonical as it is.
      const from = pos;
      while (c >= 0x30 && c <= 0x39) c = t[++pos]!;
      const digits = pos - from;
      if (!(
        digits > 0 &&
        digits <= 15 &&
        !(digits > 1 && t[from]! === 0x30) &&
        c !== 0x2e &&
        c !== 0x65 &&
        c !== 0x45
      )) {
        // Anything else made of digits, '+', '-', '.', 'e' and 'E': converted and written back.
        pos = from;
        for (;;) {
          c = t[pos]!;
          if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x65 || c === 0x45) pos++;
          else break;
        }
        if (pos === from) return undefined;
        const token = String.fromCharCode(...t.subarray(from, pos));
        // String(n) is JSON.stringify(n) for finite n, always valid JSON, and JSON.parse reads it back as n.
        if (String(Number(token)) !== token) return undefined;
      }
    }

    // After a value: a comma, or the end of one or more containers.
    for (;;) {
      c = t[pos++]!;
      if (c === COMMA) {
        expectKey = isArray[depth] === 0;
        break;
      }
      if (c !== (isArray[depth] === 0 ? CLOSE_BRACE : CLOSE_BRACKET)) return undefined;
      if (depth === metadataDepth) metadataDepth = -1;
      if (--depth === 0) return pos === end ? sequence : undefined;
    }
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MAX_DEPTH = 64;
const codesOf = (word: string) => Uint16Array.from(word, (ch) => ch.charCodeAt(0));
const METADATA = codesOf('metadata');
const SEQUENCE = codesOf('sequence');
const TRUE = codesOf('true');
const FALSE = codesOf('false');
const NULL = codesOf('null');

function isWord(t: Uint8Array | Uint16Array, at: number, word: Uint16Array): boolean {
  for (let i = 0; i < word.length; i++) if (t[at + i] !== word[i]) return false;
  return true;
}

/** The code of the escape `u00xx` at t[at] (x lower-case hex, as JSON.stringify writes it), or −1. */
function hexEscape(t: Uint8Array | Uint16Array, at: number): number {
  if (t[at] !== 0x75 || t[at + 1] !== 0x30 || t[at + 2] !== 0x30) return -1;
  const high = t[at + 3]!;
  if (high !== 0x30 && high !== 0x31) return -1;
  const c = t[at + 4]!;
  const low = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : -1;
  return low < 0 ? -1 : (high - 0x30) * 16 + low;
}

// The text's UTF-16 code units, copied natively into a reused array and read from there. Reading
// them with String#charCodeAt would be simpler, but V8 stops inlining it once any code builds an
// object on String.prototype (nunjucks' SafeString does, at import): then each call costs ~10 ns
// rather than ~1, for every string in the process. A typed array is fast either way.
let codes = new Uint16Array(4096);
let codesBytes = Buffer.from(codes.buffer);

function codeUnits(text: string): Uint16Array {
  if (text.length + 1 > codes.length) {
    codes = new Uint16Array(2 * (text.length + 1));
    codesBytes = Buffer.from(codes.buffer);
  }
  codesBytes.write(text, 0, 2 * text.length, 'utf16le');
  // A 0 after the text (a control character) stops every loop at the end, as charCodeAt's NaN would.
  codes[text.length] = 0;
  return codes;
}
// The scanner's stack, per open container: array (1) or object (0), and the previous key's span.
// Shared between calls, which is safe: scanning is synchronous.
const IS_ARRAY: number[] = new Array<number>(MAX_DEPTH + 2).fill(0);
const KEY_FROM: number[] = new Array<number>(MAX_DEPTH + 2).fill(0);
const KEY_TO: number[] = new Array<number>(MAX_DEPTH + 2).fill(0);

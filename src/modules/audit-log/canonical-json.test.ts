import { isAscii } from 'node:buffer';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { buildAuditRow } from './audit-event.ts';
import { canonicalEventSequence, canonicalEventSequenceOfAscii, canonicalJson } from './canonical-json.ts';
import { seededRandom } from '../../../test/support/seeded-random.ts';

const CHARS = [
  'a',
  'b',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\b',
  '\f',
  '\r',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  '€',
  '\u2028',
  '\ud83d\ude00',
  '\ud800',
  '\udc00',
  '\uffff',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e21,
  1e-7,
  123456789012345680000,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  -1.5e300,
  200,
  1764322800000,
];

function randomValue(rand: () => number, depth: number, allowOdd: boolean): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const str = () => Array.from({ length: Math.floor(rand() * 6) }, () => pick(CHARS)).join('');
  const kind = Math.floor(rand() * (depth > 3 ? 4 : 7));
  if (kind === 0) return str();
  if (kind === 1) return pick(NUMBERS);
  if (kind === 2) return pick([true, false, null]);
  if (kind === 3)
    return allowOdd ? pick([undefined, NaN, Infinity, new Date(0), Symbol('s'), () => 1]) : Math.floor(rand() * 1000);
  if (kind === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1, allowOdd));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--)
    o[pick([str(), 'metadata', 'sequence', '10', '2', 'a', 'b'])] = randomValue(rand, depth + 1, allowOdd);
  return o;
}

/** What the slow path concludes: canonical, and its metadata.sequence. */
function slowSequence(text: string): number | undefined {
  try {
    const parsed = JSON.parse(text) as { metadata?: { sequence?: unknown } } | null;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || canonicalize(parsed) !== text)
      return undefined;
    return typeof parsed.metadata?.sequence === 'number' ? parsed.metadata.sequence : undefined;
  } catch {
    return undefined;
  }
}

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

describe('canonicalJson', () => {
  it('returns and throws exactly what canonicalize does', () => {
    const rand = seededRandom(1);
    for (let i = 0; i < 20_000; i++) {
      const v = randomValue(rand, 0, true);
      expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => canonicalize(v)));
    }
  });

  it('agrees on edge cases: holes, toJSON, cycles, lone surrogates in keys', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    const shared = { x: 1 };
    const cases: unknown[] = [
      // eslint-disable-next-line no-sparse-arrays -- an array with a hole, on purpose
      [1, , 3],
      [undefined, Symbol('s'), () => 1],
      { f: () => 1, u: undefined },
      { toJSON: () => ({ b: 1, a: [2] }) },
      new Date(0),
      cyclic,
      { a: shared, b: shared, c: [shared, shared] },
      { '\ud800': 1 },
      { é: 1, e: 2, E: 3, '\ud83d\ude00': 4, '\uffff': 5 },
      10n,
      new Number(5),
      'x',
      undefined,
      -0,
      { '10': 1, '9': 2, '1': 3 },
    ];
    for (const v of cases) expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => canonicalize(v)));
  });
});

/**
 * canonicalEventSequence, checked against canonicalEventSequenceOfAscii whenever the text is
 * ASCII: its UTF-8 bytes, scanned in place inside a larger buffer with other bytes around them
 * (not the 0 sentinel verification writes), must give the same answer.
 */
function sequenceOf(text: string): number | undefined {
  const fromText = canonicalEventSequence(text);
  const bytes = Buffer.from(`}7${text}}}7 "`, 'utf8');
  if (isAscii(bytes)) expect(canonicalEventSequenceOfAscii(bytes, 2, bytes.length - 5), text).toBe(fromText);
  return fromText;
}

describe('canonicalEventSequence', () => {
  const event = (extra: Record<string, unknown>, sequence: unknown = 7) =>
    canonicalize({ metadata: { sequence, uid: 'u' }, time: 1764322800000, ...extra })!;

  it('reads the sequence of canonical events, including ones with escapes and non-ASCII text', () => {
    expect(sequenceOf(event({}))).toBe(7);
    expect(sequenceOf(event({ s: 'quote " back \\ nl \n tab \t ctl \u0001 é € 😀 \u2028' }))).toBe(7);
    expect(sequenceOf(event({ a: [], o: {}, n: [1.5, -2, 1e21, 5e-324, true, false, null] }))).toBe(7);
  });

  it('refuses what is not canonical, or not a numbered event', () => {
    const good = event({ b: 'x' });
    for (const bad of [
      good.replace('{', '{ '),
      `${good} `,
      good.replace('"b"', '"c","b"'),
      good.replace('"x"', '"\\u0078"'),
      good.replace(':7', ':7.0'),
      good.replace(':7', ':-0'),
      good.replace(':7', ':7e0'),
      event({}, '7'),
      event({}, null),
      canonicalize({ sequence: 7 })!,
      '[1]',
      '',
      good.replace('"b":"x"', '"b":"x","b":"y"'),
      good.slice(0, -1),
      `${good}}`,
      event({ s: '\n' }).replace('\\n', '\\u000a'),
      event({ s: '\u007f' }).replace('\u007f', '\\u007f'),
      good.replace('"x"', '"\ud800"'),
      good.replace('"x"', '"\\ud800"'),
      good.replace('"x"', '"\\/"'),
      good.replace('"x"', '"\\U0001"'),
    ]) {
      expect(sequenceOf(bad), bad).toBeUndefined();
    }
  });

  it('reads nothing past the end of the text, whatever it scanned before', () => {
    const good = event({ b: 'x' });
    expect(sequenceOf(good)).toBe(7);
    for (let cut = 1; cut < good.length; cut++) expect(sequenceOf(good.slice(0, cut))).toBeUndefined();
  });

  it('never accepts text the slow path would not, and reads the same sequence (random events and mutations)', () => {
    const rand = seededRandom(2);
    const mutations: ((s: string) => string)[] = [
      (s) => s,
      (s) => {
        const i = Math.floor(rand() * s.length);
        return s.slice(0, i) + s.slice(i + 1);
      },
      (s) => {
        const i = Math.floor(rand() * s.length);
        return s.slice(0, i) + ' ,:{}[]"\\0-e.u1'[Math.floor(rand() * 16)] + s.slice(i);
      },
      (s) => {
        const i = Math.floor(rand() * (s.length - 1));
        return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
      },
    ];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const extra = randomValue(rand, 1, false);
      const fields =
        typeof extra === 'object' && extra && !Array.isArray(extra) ? (extra as Record<string, unknown>) : { v: extra };
      const sequence = Math.floor(rand() * 1e6);
      // Values canonicalize refuses (lone surrogates) still make test text, through JSON.stringify.
      const base =
        outcome(() => event(fields, sequence)).value ?? JSON.stringify({ metadata: { sequence }, ...fields });
      const text = mutations[i % mutations.length]!(base as string);
      const fast = sequenceOf(text);
      if (fast !== undefined) {
        accepted++;
        expect(slowSequence(text), text).toBe(fast);
      }
    }
    expect(accepted).toBeGreaterThan(5_000);
  });

  it('accepts every event buildAuditRow writes', () => {
    const row = buildAuditRow(
      {
        actor: {
          type: 'user',
          userId: 'u1',
          organisationId: 'o1',
          privileged: true,
          request: { requestId: 'r1', sourceAddress: '10.0.0.1', userAgent: 'Mozilla/5.0 "quoted" \\ é' },
        },
        action: 'http.request',
        contractId: 'c1',
        http: { method: 'GET', path: '/contracts/c1', status: 200 },
        details: { title: 'Café ☕ 😀\n', n: [1, 2.5] },
      },
      41,
      'id-1',
      '2026-11-28T09:00:00.000Z',
    );
    expect(sequenceOf(row.event)).toBe(41);
  });
});

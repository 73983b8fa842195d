import { describe, expect, it } from 'vitest';
import { generateSigner, openNote, parseVerifierKey, signNote } from './index.ts';
import { ENOCH_SIG, PETER_NOTE, PETER_SIG, PETER_TEXT, PETER_VKEY, typedError } from './test-fixtures.ts';

const peter = parseVerifierKey(PETER_VKEY);

/** Every way of changing one UTF-16 unit of `s`: +1, −1, and swapping in a base64-alphabet letter. */
function* oneCharChanges(s: string): Generator<string> {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    for (const replacement of [code + 1, code - 1, code === 0x41 ? 0x42 : 0x41]) {
      yield s.slice(0, i) + String.fromCharCode(replacement) + s.slice(i + 1);
    }
  }
}

describe('openNote refuses tampered notes', () => {
  it('fails on any one-character change to the text, separator, dash, name, key hash or signature', () => {
    const codes = new Set<string>();
    for (const changed of oneCharChanges(PETER_NOTE)) codes.add(typedError(() => openNote(changed, [peter])).code);
    // Text edits break the signature; name/hash edits make the key unknown; syntax edits are malformed.
    expect([...codes].sort()).toEqual(['invalid_signature', 'malformed_note', 'unverified_note']);
  });

  it('fails when a trusted signature is bad even if another trusted signature is good', () => {
    const a = generateSigner('a');
    const b = generateSigner('b');
    const signed = signNote('hello\n', [a, b]);
    const forged = signed.replace(
      signNote('hello\n', [b]).split('\n').at(-2)!,
      signNote('bye\n', [b]).split('\n').at(-2)!,
    );
    const err = typedError(() => openNote(forged, [a, b]));
    expect(err.code).toBe('invalid_signature');
    expect(err.message).toBe(`Signature by trusted key b+${b.keyHash.toString('hex')} does not verify`);
  });

  it('rejects an inserted base64 chunk as an invalid signature (x/mod vector)', () => {
    const note = `${PETER_TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(typedError(() => openNote(note, [peter])).code).toBe('invalid_signature');
  });
});

describe('openNote refuses malformed notes with a reason', () => {
  const cases: [string, string, RegExp][] = [
    ['text only', PETER_TEXT, /no blank line/],
    ['no signature lines', `${PETER_TEXT}\n`, /no signature lines/],
    ['no final newline', `${PETER_TEXT}\n${PETER_SIG.slice(0, -1)}`, /does not end with a newline/],
    ['a control character', `\u0001${PETER_NOTE}`, /control character/],
    ['a carriage return', PETER_NOTE.replaceAll('\n', '\r\n'), /control character/],
    ['a hyphen instead of an em dash', PETER_NOTE.replace('\u2014', '-'), /em dash \(U\+2014\)/],
    ['an en dash instead of an em dash', PETER_NOTE.replace('\u2014', '\u2013'), /em dash/],
    ['no space after the dash', PETER_NOTE.replace('\u2014 ', '\u2014'), /em dash \(U\+2014\) and a space/],
    ['a name with a space', `${PETER_TEXT}\n\u2014 Bad Name ${PETER_SIG.split(' ')[2]}`, /base64/],
    ['an empty name', `${PETER_TEXT}\n\u2014  ${PETER_SIG.split(' ')[2]}`, /invalid key name/],
    ['a missing signature', `${PETER_TEXT}\n\u2014 PeterNeumann\n`, /base64/],
    ['URL-safe base64', PETER_NOTE.replace('/', '_'), /base64/],
    ['base64 without padding', PETER_NOTE.replace('M=\n', 'M\n'), /base64/],
    ['non-canonical base64 padding bits', PETER_NOTE.replace('AM=\n', 'AN=\n'), /base64/],
    ['a signature too short for a key hash', `${PETER_TEXT}\n\u2014 PeterNeumann AAAA\n`, /base64 key hash/],
    ['a trailing non-signature line', `${PETER_NOTE}Unexpected line.\n`, /line 2 does not start with an em dash/],
  ];
  it.each(cases)('%s', (_label, note, reason) => {
    const err = typedError(() => openNote(note, [peter]));
    expect(err.code).toBe('malformed_note');
    expect(err.message).toMatch(reason);
  });

  it('rejects invalid UTF-8 bytes and lone surrogates', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(PETER_NOTE)]);
    expect(typedError(() => openNote(bytes, [peter])).message).toMatch(/not valid UTF-8/);
    expect(typedError(() => openNote(`\ud800${PETER_NOTE}`, [peter])).code).toBe('malformed_note');
  });
});

describe('openNote limits', () => {
  it('accepts at least 16 signatures and refuses more than the limit', () => {
    expect(openNote(`${PETER_TEXT}\n${ENOCH_SIG.repeat(15)}${PETER_SIG}`, [peter]).unverified).toHaveLength(1);
    const err = typedError(() => openNote(`${PETER_TEXT}\n${PETER_SIG.repeat(101)}`, [peter]));
    expect(err.code).toBe('note_too_large');
    expect(err.message).toMatch(/101 signatures; at most 100/);
    expect(typedError(() => openNote(PETER_NOTE, [peter], { maxSignatures: 0 })).code).toBe('note_too_large');
  });

  it('refuses oversized notes before parsing them, for strings and bytes', () => {
    const huge = `${'x'.repeat(2 * 1024 * 1024)}\n\n${PETER_SIG}`;
    expect(typedError(() => openNote(huge, [peter])).message).toMatch(/at most 1048576 are accepted/);
    expect(typedError(() => openNote(Buffer.from(huge), [peter])).code).toBe('note_too_large');
    // Multi-byte characters count by their UTF-8 size.
    const wide = `${'é'.repeat(600)}\n\n${PETER_SIG}`;
    expect(typedError(() => openNote(wide, [peter], { maxBytes: 1000 })).code).toBe('note_too_large');
  });
});

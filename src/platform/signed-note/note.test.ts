import { describe, expect, it } from 'vitest';
import { generateSigner, openNote, parseSignerKey, parseVerifierKey, signNote } from './index.ts';
import {
  ENOCH_SIG,
  ENOCH_SIG_B64,
  ENOCH_VKEY,
  PETER_NOTE,
  PETER_SIG,
  PETER_SIG_B64,
  PETER_SKEY,
  PETER_TEXT,
  PETER_VKEY,
  QUASIMODO_NOTE,
  typedError,
} from './test-fixtures.ts';

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);

describe('signNote / openNote with the x/mod vectors', () => {
  it('reproduces the published signature byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(PETER_TEXT, [parseSignerKey(PETER_SKEY)])).toBe(PETER_NOTE);
  });

  it('verifies the published note', () => {
    const note = openNote(PETER_NOTE, [peter]);
    expect(note).toEqual({
      text: PETER_TEXT,
      verifiedBy: ['PeterNeumann'],
      verified: [{ name: 'PeterNeumann', keyHash: 'c74f20a3', base64: PETER_SIG_B64 }],
      unverified: [],
    });
  });

  it('reports, but ignores, signatures by unknown keys', () => {
    const note = openNote(`${PETER_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(note.verifiedBy).toEqual(['PeterNeumann']);
    expect(note.unverified).toEqual([{ name: 'EnochRoot', keyHash: 'af0cfe78', base64: ENOCH_SIG_B64 }]);
    expect(openNote(`${PETER_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]).verifiedBy).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
  });

  it('refuses a note with no trusted signature and lists what it did find', () => {
    const err = typedError(() => openNote(`${PETER_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []));
    expect(err.code).toBe('unverified_note');
    expect(err.details?.['unverified']).toHaveLength(2);
  });

  it('treats a key sharing only the name, or only the hash, with a trusted key as unknown', () => {
    const otherPeter = generateSigner('PeterNeumann');
    const note = signNote(PETER_TEXT, [otherPeter]);
    expect(typedError(() => openNote(note, [peter])).code).toBe('unverified_note');
    const renamed = PETER_NOTE.replace('PeterNeumann', 'CarmenSandiego');
    expect(typedError(() => openNote(renamed, [peter])).code).toBe('unverified_note');
  });

  it('parses the C2SP example note and reports its (unpublished) key as unverified', () => {
    const err = typedError(() => openNote(QUASIMODO_NOTE, [peter]));
    expect(err.code).toBe('unverified_note');
    expect(err.details?.['unverified']).toEqual([
      expect.objectContaining({ name: 'quasimodo.example/salvatore', keyHash: '367ba04b' }),
    ]);
  });
});

describe('signNote / openNote round trips', () => {
  it('signs with several keys and verifies with any subset', () => {
    const a = generateSigner('a.example/log');
    const b = generateSigner('b.example/witness');
    const text = 'line one\n\nline three after a blank line, with ünïcödé — and an em dash\n';
    const signed = signNote(text, [a, b]);
    expect(signed.endsWith('\n')).toBe(true);
    expect(signed.split('\n\u2014 ')).toHaveLength(3);
    expect(openNote(signed, [a, b])).toMatchObject({
      text,
      verifiedBy: ['a.example/log', 'b.example/witness'],
      unverified: [],
    });
    expect(openNote(signed, [parseVerifierKey(b.vkey)])).toMatchObject({ text, verifiedBy: ['b.example/witness'] });
    expect(openNote(Buffer.from(signed, 'utf8'), [a]).text).toBe(text);
  });

  it('keeps a leading byte-order mark as part of the signed text', () => {
    const a = generateSigner('a');
    const signed = signNote('\ufeffhello\n', [a]);
    expect(openNote(Buffer.from(signed, 'utf8'), [a]).text).toBe('\ufeffhello\n');
  });

  it('accepts repeated lines: each trusted one is checked, unknown ones are reported once', () => {
    const note = `${PETER_TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}`;
    const opened = openNote(note, [peter]);
    expect(opened.verifiedBy).toEqual(['PeterNeumann']);
    expect(opened.verified).toHaveLength(2);
    expect(opened.unverified).toHaveLength(1);
  });

  it('tolerates the same trusted key listed twice but not two keys with one name and hash', () => {
    expect(openNote(PETER_NOTE, [peter, parseVerifierKey(PETER_VKEY)]).verifiedBy).toEqual(['PeterNeumann']);
    const impostor = { ...enoch, name: 'PeterNeumann', keyHash: peter.keyHash, vkey: 'impostor' };
    expect(typedError(() => openNote(PETER_NOTE, [peter, impostor])).code).toBe('ambiguous_key');
    expect(openNote(`${PETER_TEXT}\n${ENOCH_SIG}`, [enoch, peter, impostor]).verifiedBy).toEqual(['EnochRoot']);
  });

  it('refuses text that breaks the note rules before signing', () => {
    const a = generateSigner('a');
    expect(typedError(() => signNote('', [a])).message).toMatch(/empty/);
    expect(typedError(() => signNote('no newline', [a])).message).toMatch(/end with a newline/);
    expect(typedError(() => signNote('tab\there\n', [a])).code).toBe('invalid_note_text');
    expect(typedError(() => signNote('cr\r\n', [a])).code).toBe('invalid_note_text');
    expect(typedError(() => signNote('lone \ud800 surrogate\n', [a])).code).toBe('invalid_note_text');
    expect(typedError(() => signNote('hi\n', [])).message).toMatch(/at least one signer/);
    expect(typedError(() => signNote('hi\n', [{ ...a, name: 'bad name' }])).code).toBe('invalid_key_name');
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, generateSigner, openNote, parseCheckpoint, signNote } from './index.ts';
import { SOFA_CHECKPOINT_NOTE, SOFA_CHECKPOINT_TEXT, typedError } from './test-fixtures.ts';

const root = createHash('sha256').update('root').digest();

describe('formatCheckpoint / parseCheckpoint', () => {
  it('parses the C2SP example checkpoint and formats it back identically', () => {
    const checkpoint = parseCheckpoint(SOFA_CHECKPOINT_TEXT);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(Buffer.from(checkpoint.rootHash).toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(SOFA_CHECKPOINT_TEXT);
  });

  it('reports the C2SP example signature as from an unknown key (its public key is unpublished)', () => {
    const err = typedError(() => openNote(SOFA_CHECKPOINT_NOTE, []));
    expect(err.details?.['unverified']).toEqual([
      expect.objectContaining({ name: 'example.com/behind-the-sofa', keyHash: '033de0ae' }),
    ]);
  });

  it('round-trips through a signed note, with and without extension lines', () => {
    const log = generateSigner('custodian.example/audit');
    for (const extensions of [undefined, ['ext one', 'ext two']]) {
      const text = formatCheckpoint({ origin: log.name, size: 42, rootHash: root, extensions });
      const opened = openNote(signNote(text, [log]), [log]);
      expect(parseCheckpoint(opened.text)).toEqual({
        origin: log.name,
        size: 42,
        rootHash: root,
        extensions: extensions ?? [],
      });
    }
  });

  it('formats the empty tree as size 0', () => {
    expect(formatCheckpoint({ origin: 'o', size: 0, rootHash: root }).split('\n')[1]).toBe('0');
  });
});

describe('parseCheckpoint strictness', () => {
  const hash = root.toString('base64');
  const cases: [string, string, RegExp][] = [
    ['no final newline', `o\n1\n${hash}`, /end with a newline/],
    ['too few lines', 'o\n1\n', /at least 3 lines/],
    ['an empty origin', `\n1\n${hash}\n`, /origin line is empty/],
    ['a leading zero', `o\n01\n${hash}\n`, /leading zeros/],
    ['a sign', `o\n+1\n${hash}\n`, /not a decimal number/],
    ['a negative size', `o\n-1\n${hash}\n`, /not a decimal number/],
    ['a hex size', `o\n0x10\n${hash}\n`, /not a decimal number/],
    ['a size with spaces', `o\n 1\n${hash}\n`, /not a decimal number/],
    ['a size beyond 2^53 − 1', `o\n9007199254740992\n${hash}\n`, /larger than this implementation supports/],
    ['a 31-byte hash', `o\n1\n${root.subarray(1).toString('base64')}\n`, /31 bytes, not 32/],
    ['a 33-byte hash', `o\n1\n${Buffer.concat([root, Buffer.of(0)]).toString('base64')}\n`, /33 bytes/],
    ['URL-safe base64', `o\n1\n${root.toString('base64url')}=\n`, /not canonical base64/],
    ['an empty extension line', `o\n1\n${hash}\next\n\n`, /extension line 2 is empty/],
    ['a control character', `o\t\n1\n${hash}\n`, /control character/],
  ];
  it.each(cases)('rejects %s', (_label, text, reason) => {
    const err = typedError(() => parseCheckpoint(text));
    expect(err.code).toBe('malformed_checkpoint');
    expect(err.message).toMatch(reason);
  });

  it('accepts the largest safe size', () => {
    expect(parseCheckpoint(`o\n9007199254740991\n${hash}\n`).size).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses to format invalid checkpoints', () => {
    expect(typedError(() => formatCheckpoint({ origin: '', size: 1, rootHash: root })).message).toMatch(
      /origin is empty/,
    );
    expect(typedError(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: root })).message).toMatch(/newline/);
    expect(typedError(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: root })).message).toMatch(
      /non-negative/,
    );
    expect(typedError(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: root })).code).toBe(
      'malformed_checkpoint',
    );
    expect(typedError(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root.subarray(2) })).message).toMatch(
      /30 bytes/,
    );
    expect(
      typedError(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root, extensions: [''] })).message,
    ).toMatch(/extension line 1 is empty/);
  });
});

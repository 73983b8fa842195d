import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from './woff-to-sfnt.ts';

const woffFile = join(
  dirname(createRequire(import.meta.url).resolve('@fontsource/dejavu-sans/LICENSE')),
  'files',
  'dejavu-sans-latin-400-normal.woff',
);

describe('woffToSfnt', () => {
  it('unpacks a WOFF file into the TrueType font it wraps, every table intact', () => {
    const woff = readFileSync(woffFile);
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    const [fromWoff, fromSfnt] = [create(woff) as Font, create(sfnt) as Font];
    expect(fromSfnt.postscriptName).toBe(fromWoff.postscriptName);
    expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs);
    for (const ch of 'Aŵ→✓Ω')
      expect(fromSfnt.glyphForCodePoint(ch.codePointAt(0)!).path.toSVG()).toBe(
        fromWoff.glyphForCodePoint(ch.codePointAt(0)!).path.toSVG(),
      );
  });

  it('refuses a file that is not WOFF 1.0', () => {
    expect(() => woffToSfnt(Buffer.from('wOF2 and more bytes than a header needs to have in it at all'))).toThrow(
      'Not a WOFF 1.0 font',
    );
  });
});

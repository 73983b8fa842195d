// The PDF's built-in Helvetica and Courier only have the Windows-1252 (WinAnsi) characters; pdfkit
// silently prints other characters as the wrong glyphs, so they are replaced before writing.
const EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

const NEAREST: Record<string, string> = {
  '\u2192': '->',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2713': 'v',
  '\u2714': 'v',
  '\u2717': 'x',
  '\u00AD': '',
  '\u200B': '',
  '\u2009': ' ',
  '\u202F': ' ',
  '\t': '    ',
};

const printable = (ch: string): boolean => {
  const code = ch.codePointAt(0)!;
  return ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || EXTRA.includes(ch);
};

/** Text the standard PDF fonts can print: near equivalents where there is one, otherwise “?”. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += NEAREST[ch] ?? (printable(ch) ? ch : '?');
  return out;
}

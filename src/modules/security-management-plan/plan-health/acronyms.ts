/**
 * What counts as an acronym, and what counts as defining one.
 *
 * An acronym is a word of 2–15 capital letters and digits that starts with a letter and holds at
 * least two capitals (SMP, NCSC, ICT, ISO27001, B2B), or dotted capitals (GOV.UK); a trailing
 * lowercase "s" is a plural ("VPNs" is VPN) and "'s" a possessive. Not acronyms: single capitals
 * ("I", "A"), clause references (one capital then digits: "A4.3.1", "B2"), Roman numerals made of
 * I, V, X and L ("II", "XIV"), capitalised words written in capitals (OFFICIAL, SECRET, MUST, NOT),
 * and runs of three or more capitalised words (shouted text such as "DO NOT SEND PERSONAL DATA").
 * Mixed-case abbreviations (MoD, DfE, IoT) are not detected.
 */

/** Capped lengths keep the expression linear on a 500 KB run of capitals (no nested unbounded repeats). */
const TOKEN = String.raw`([A-Z][A-Z0-9]{1,14}(?:\.[A-Z]{2,6}){0,2})(s?)`;
const BEFORE = String.raw`(?<![\p{L}\p{N}_@])(?<![\p{L}\p{N}]\.)`;
const AFTER = String.raw`(?![\p{L}\p{N}])`;
const ACRONYM = new RegExp(BEFORE + TOKEN + AFTER, 'gu');
const LEADING = new RegExp(String.raw`^[^\p{L}\p{N}]*` + TOKEN + AFTER, 'u');
/** "Long Name (ACR)", also '(the "ACR")' as contracts write it. Group 1 is the acronym. */
const IN_PARENS = new RegExp(String.raw`\(\s*(?:the\s+)?["“'‘]?` + TOKEN + String.raw`["”'’]?\s*\)`, 'dgu');
/** "ACR (Long Name)". Group 1 is the acronym, group 3 the long form. */
const BEFORE_PARENS = new RegExp(BEFORE + TOKEN + String.raw`\s*\(([^()]{3,200})\)`, 'dgu');

const ROMAN = /^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
/** Words written in capitals that are not abbreviations: security markings and emphasis. */
const NOT_ACRONYMS = new Set([
  'OFFICIAL',
  'SENSITIVE',
  'SECRET',
  'TOP',
  'MUST',
  'SHALL',
  'SHOULD',
  'MAY',
  'NOT',
  'NO',
  'AND',
  'OR',
  'THE',
  'ALL',
  'ANY',
  'FOR',
  'OF',
  'TO',
  'DO',
  'ON',
  'IN',
  'IS',
  'BE',
  'WILL',
  'NEVER',
  'ONLY',
  'NOTE',
  'IMPORTANT',
  'WARNING',
  'REQUIRED',
  'RECOMMENDED',
  'OPTIONAL',
  'TBC',
  'TBD',
  'OK',
]);

/**
 * Known without definition unless the caller adds more. GOV.UK's style guide lets well-known
 * abbreviations stand ("UK, EU, US, VAT, MP"); we add GOV.UK itself and the everyday IT words staff
 * meet daily. NCSC, HMG, ICT and the like are left out on purpose: clause 4.2.1(g) asks for a plan
 * that Agency staff, not only security people, can read, and spelling one out once costs five words.
 */
export const DEFAULT_KNOWN_ACRONYMS: readonly string[] = [
  'UK',
  'US',
  'EU',
  'VAT',
  'MP',
  'NHS',
  'GOV.UK',
  'IT',
  'PC',
  'PDF',
  'USB',
  'PIN',
  'ID',
];

const capitals = (s: string) => s.replace(/[^A-Z]/g, '').length;
const isAcronym = (key: string) => capitals(key) >= 2 && !ROMAN.test(key) && !NOT_ACRONYMS.has(key);

export interface AcronymHit {
  /** The acronym without plural "s": "VPN" for "VPNs". */
  readonly key: string;
  readonly index: number;
}

/** Acronyms in a piece of text, in order, without shouted runs. */
export function findAcronyms(text: string): AcronymHit[] {
  const hits: Array<AcronymHit & { end: number; caps: boolean }> = [];
  for (const m of text.matchAll(ACRONYM)) {
    const key = m[1]!;
    hits.push({ key, index: m.index, end: m.index + m[0].length, caps: /^[A-Z]+$/.test(key) });
  }
  const out: AcronymHit[] = [];
  for (let i = 0; i < hits.length;) {
    // A run: capital words separated only by spaces or hyphens.
    let j = i + 1;
    while (
      j < hits.length &&
      hits[j - 1]!.caps &&
      hits[j]!.caps &&
      /^[ \t-]+$/.test(text.slice(hits[j - 1]!.end, hits[j]!.index))
    )
      j++;
    if (j - i < 3)
      for (let k = i; k < j; k++) if (isAcronym(hits[k]!.key)) out.push({ key: hits[k]!.key, index: hits[k]!.index });
    i = j;
  }
  return out;
}

/** The acronym a glossary entry starts with ("SMP – Security Management Plan"), if any. */
export function leadingAcronym(text: string): string | undefined {
  const key = LEADING.exec(text)?.[1];
  return key && capitals(key) >= 2 ? key : undefined;
}

/**
 * Schwartz & Hearst (2003): every letter of the short form appears, in order, right to left, in
 * the long form, and the first one starts a word. Loose enough for "multi-factor authentication
 * (MFA)" and "Information Commissioner's Office (ICO)"; strict enough to refuse "the plan (SMP)".
 */
export function matchesLongForm(short: string, long: string): boolean {
  const s = short.toLowerCase();
  const l = long.toLowerCase();
  let li = l.length - 1;
  for (let si = s.length - 1; si >= 0; si--) {
    const c = s[si]!;
    if (!/[a-z0-9]/.test(c)) continue;
    while (li >= 0 && (l[li] !== c || (si === 0 && li > 0 && /[a-z0-9]/.test(l[li - 1]!)))) li--;
    if (li < 0) return false;
    li--;
  }
  return true;
}

/** Where text defines an acronym: the index of the acronym's own token, for each definition. */
export function findDefinitions(text: string): AcronymHit[] {
  const out: AcronymHit[] = [];
  for (const m of text.matchAll(IN_PARENS)) {
    const key = m[1]!;
    if (!isAcronym(key)) continue;
    const letters = key.replace(/[^A-Z0-9]/g, '');
    const window = Math.min(letters.length + 5, letters.length * 2);
    const long = text.slice(0, m.index).split(/\s+/).filter(Boolean).slice(-window).join(' ');
    if (matchesLongForm(letters, long)) out.push({ key, index: m.indices![1]![0] });
  }
  for (const m of text.matchAll(BEFORE_PARENS)) {
    const key = m[1]!;
    const long = m[3]!.trim();
    if (isAcronym(key) && /\s/.test(long) && matchesLongForm(key.replace(/[^A-Z0-9]/g, ''), long))
      out.push({ key, index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The words of each finding: short, plain and in the second person, as GOV.UK writes advice. */

const quote = (s: string) => `“${s}”`;

/** "Before" for "Prior to": a suggestion takes the capital of the words it replaces. */
export function matchCase(actual: string, suggestion: string): string {
  const first = actual.charAt(0);
  return first && first === first.toUpperCase() && first !== first.toLowerCase()
    ? suggestion.charAt(0).toUpperCase() + suggestion.slice(1)
    : suggestion;
}

function orList(items: readonly string[]): string {
  const q = items.map(quote);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q.at(-1)}`;
}

export const longSentenceMessage = (words: number, max: number) =>
  `This sentence has ${words} words. Try to keep sentences to ${max} words or fewer.`;

/** retext-readability says "according to 5 out of 7 algorithms" or "according to all 7 algorithms". */
export function hardToReadMessage(reason: string, readingAge: number): string {
  const m = /(\d+) out of (\d+)|all (\d+)/.exec(reason);
  const agree = m ? (m[3] ? `All ${m[3]}` : `${m[1]} of ${m[2]}`) : 'Most';
  return `This sentence may be hard to read. ${agree} readability formulas put it above a reading age of ${readingAge}. Try shorter words and a simpler structure.`;
}

export const passiveMessage = (phrase: string) =>
  `This sentence uses the passive voice: ${quote(phrase)}. Try to say who does it, for example “We …” or “The security manager …”.`;

/** `alternatives` are already in the case of `actual`; `omit` means the words can simply go. */
export function complexWordMessage(actual: string, alternatives: readonly string[], omit: boolean): string {
  if (!alternatives.length) return `Try leaving out ${quote(actual)}.`;
  const use = `${orList(alternatives.slice(0, 3))} instead of ${quote(actual)}`;
  return omit ? `Try leaving out ${quote(actual)}, or use ${use}.` : `Try ${use}.`;
}

export function undefinedAcronymMessage(acronym: string, laterIn?: string): string {
  const later = laterIn === undefined ? '' : ` It is explained later, in ${quote(laterIn)}, but readers need it here.`;
  return `Explain what ${quote(acronym)} stands for the first time you use it, or add it to the glossary.${later}`;
}

import { describe, expect, it } from 'vitest';
import { checkPlainEnglish, type PlainEnglishFinding, type PlainEnglishRule } from './plain-english.ts';
import { CONTRACT_SPEAK } from './phrases.ts';

const check = (markdown: string, options?: Parameters<typeof checkPlainEnglish>[1]) =>
  checkPlainEnglish([{ key: 'measures', heading: 'Security measures and procedures', markdown }], options).sections[0]!
    .findings;
const only = (findings: readonly PlainEnglishFinding[], rule: PlainEnglishRule) =>
  findings.filter((f) => f.rule === rule);
const words = (n: number) =>
  Array.from({ length: n }, (_, i) => (i === 0 ? 'Staff' : i % 2 ? 'lock' : 'doors')).join(' ') + '.';

describe('long sentences', () => {
  it('flags a sentence over 25 words with its length and the whole sentence', () => {
    const sentence =
      'Before a new member of staff can use any laptop that holds Government Data, the service desk checks that the disk is encrypted, that updates are on and that the screen locks.';
    const [f] = only(check(`We look after laptops.\n\n${sentence}`), 'long-sentence');
    expect(f).toMatchObject({ sectionKey: 'measures', sentence, line: 3, column: 1 });
    expect(f!.message).toBe('This sentence has 32 words. Try to keep sentences to 25 words or fewer.');
  });

  it('does not flag a sentence of exactly 25 words, and flags 26', () => {
    expect(only(check(words(25)), 'long-sentence')).toEqual([]);
    expect(only(check(words(26)), 'long-sentence')).toHaveLength(1);
  });

  it('uses the caller’s limit when given', () => {
    expect(only(check(words(12), { maxSentenceWords: 10 }), 'long-sentence')[0]!.message).toMatch(
      /has 12 words.*10 words or fewer/,
    );
  });

  it('never treats a heading as a sentence', () => {
    const heading =
      '# ' +
      'How we protect the information and the systems that the Agency uses to deliver the services to the Client under this contract every day';
    expect(check(`${heading}\n\nWe lock the office.`)).toEqual([]);
  });
});

describe('passive voice', () => {
  it('finds irregular participles (retext-passive) and regular ones it misses', () => {
    const found = only(
      check('The plan was written by the security manager. Laptops are encrypted. Access is regularly reviewed.'),
      'passive',
    );
    expect(found.map((f) => f.message.match(/“(.+?)”/)![1])).toEqual([
      'was written',
      'are encrypted',
      'is regularly reviewed',
    ]);
    expect(found[1]).toMatchObject({ sentence: 'Laptops are encrypted.', line: 1, column: 55 });
  });

  it('reports a passive once even when retext-passive and the supplement both see it', () => {
    expect(only(check('Keys are kept in the safe.'), 'passive')).toHaveLength(1);
  });

  it('does not flag active sentences or adjectives after "be"', () => {
    expect(
      only(
        check(
          'The security manager reviews access every month. The plan is based on NCSC guidance (National Cyber Security Centre). We are concerned about phishing.',
        ),
        'passive',
      ),
    ).toEqual([]);
  });
});

describe('complex words', () => {
  it('surfaces retext-simplify’s replacement as the suggestion, in the case of the original', () => {
    const [f] = only(check('Prior to issue, we update every laptop.'), 'complex-word');
    expect(f).toMatchObject({
      suggestion: 'Before',
      message: 'Try “Before” instead of “Prior to”.',
      line: 1,
      column: 1,
    });
  });

  it('finds each Custodian contract-speak phrase exactly once, with its suggestion', () => {
    for (const { phrase, suggestion } of CONTRACT_SPEAK) {
      const found = only(check(`We act ${phrase} the plan.`), 'complex-word');
      expect(found, phrase).toHaveLength(1);
      expect(found[0]!.message, phrase).toContain(`“${phrase}”`);
      expect(found[0]!.suggestion, phrase).toBe(suggestion || undefined);
    }
  });

  it('gives the plan-sized word where the library offers several', () => {
    expect(only(check('We act in accordance with the policy.'), 'complex-word')[0]!.suggestion).toBe('under');
  });

  it('does not flag plain prose or security terms switched off on purpose', () => {
    expect(
      only(
        check('We monitor the logs, notify the Client of a breach and keep each IP address on the register.'),
        'complex-word',
      ),
    ).toEqual([]);
  });
});

describe('hard-to-read sentences', () => {
  it('flags a sentence of some length full of long words', () => {
    const [f] = only(
      check(
        'Organisational accountability for information governance, including administrative authorisation, is allocated to the executive leadership committee.',
      ),
      'hard-to-read',
    );
    expect(f!.message).toMatch(
      /^This sentence may be hard to read\. \d of 7 readability formulas put it above a reading age of 16\./,
    );
  });

  it('leaves plain sentences alone', () => {
    expect(
      only(
        check(
          'We lock the office at night. Staff wear a pass at all times. The security manager reviews user access rights every three months.',
        ),
        'hard-to-read',
      ),
    ).toEqual([]);
  });

  it('never calls a short sentence hard to read: the formulas need words to count', () => {
    // Each of these gets 5 of 7 formulas above 16 on its own; GOV.UK would not rewrite any of them.
    for (const sentence of [
      'The information security manager approves every change.',
      'Multi-factor authentication protects every administrative account.',
      'Security incidents go to the information officer.',
      'Organisational accountability for information governance is allocated to the executive leadership.',
    ])
      expect(only(check(sentence), 'hard-to-read'), sentence).toEqual([]);
  });

  it('does not repeat the advice for a sentence already flagged as long', () => {
    const long =
      'Organisational accountability for information governance, including the administration of privileged identities and cryptographic infrastructure, is allocated to the executive leadership and the designated information governance committee members.';
    const found = check(long);
    expect(only(found, 'long-sentence')).toHaveLength(1);
    expect(only(found, 'hard-to-read')).toEqual([]);
  });
});

describe('the report', () => {
  it('lists findings in document order, sentence by sentence', () => {
    const found = check(
      'Laptops are encrypted prior to issue.\n\nThe plan was written in the event that staff forget.',
    );
    expect(found.map((f) => [f.line, f.rule])).toEqual([
      [1, 'passive'],
      [1, 'complex-word'],
      [3, 'passive'],
      [3, 'complex-word'],
    ]);
  });

  it('is the same every time for the same plan', () => {
    const md =
      'The SMP is reviewed prior to renewal. Staff utilise MFA.\n\n| Role | Person |\n|---|---|\n| SIRO | Sam |';
    expect(checkPlainEnglish([{ key: 'a', heading: 'A', markdown: md }])).toEqual(
      checkPlainEnglish([{ key: 'a', heading: 'A', markdown: md }]),
    );
  });

  it('reports the thresholds it used', () => {
    expect(checkPlainEnglish([], { readingAge: 18 }).thresholds).toEqual({ maxSentenceWords: 25, readingAge: 18 });
  });
});

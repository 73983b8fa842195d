import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWN_ACRONYMS, findAcronyms, findDefinitions, matchesLongForm } from './acronyms.ts';
import { checkPlainEnglish, type PlainEnglishSection } from './plain-english.ts';

const keys = (text: string) => findAcronyms(text).map((h) => h.key);
const undefinedIn = (sections: PlainEnglishSection[], knownAcronyms?: string[]) =>
  checkPlainEnglish(sections, { knownAcronyms }).sections.flatMap((s) =>
    s.findings.filter((f) => f.rule === 'undefined-acronym'),
  );
const section = (key: string, markdown: string, heading = key): PlainEnglishSection => ({ key, heading, markdown });

describe('what counts as an acronym', () => {
  it('finds capitals with digits, plurals, possessives and dotted forms', () => {
    expect(keys('The SMP, the NCSC’s advice, ISO27001, two VPNs and GOV.UK.')).toEqual([
      'SMP',
      'NCSC',
      'ISO27001',
      'VPN',
      'GOV.UK',
    ]);
  });

  it('ignores single capitals, clause references, Roman numerals and capitalised words', () => {
    expect(
      keys(
        'I read clause A4.3.1 and B2 of Part II, section XIV. This is OFFICIAL-SENSITIVE and you MUST NOT share it.',
      ),
    ).toEqual([]);
  });

  it('ignores shouted runs of three or more capitalised words, but not two acronyms side by side', () => {
    expect(keys('DO NOT SEND PERSONAL DATA BY EMAIL.')).toEqual([]);
    expect(keys('The UK GDPR applies.')).toEqual(['UK', 'GDPR']);
  });

  it('ignores capitals inside words and web addresses', () => {
    expect(keys('Use iOS, McAfee and www.NCSC.gov.uk.')).toEqual([]);
  });
});

describe('what counts as a definition', () => {
  it('matches a long form to its initials loosely (Schwartz & Hearst)', () => {
    expect(matchesLongForm('MFA', 'multi-factor authentication')).toBe(true);
    expect(matchesLongForm('ICO', "the Information Commissioner's Office")).toBe(true);
    expect(matchesLongForm('SMP', 'the plan')).toBe(false);
  });

  it('accepts "Long Name (ACR)", contract-style "(the “ACR”)", and "ACR (Long Name)"', () => {
    expect(findDefinitions('We follow the Security Management Plan (SMP).').map((d) => d.key)).toEqual(['SMP']);
    expect(findDefinitions('the Senior Information Risk Owner (the “SIRO”)').map((d) => d.key)).toEqual(['SIRO']);
    expect(findDefinitions('Report to the NCSC (National Cyber Security Centre).').map((d) => d.key)).toEqual(['NCSC']);
    expect(findDefinitions('Ask the team (SMP) first.')).toEqual([]);
  });
});

describe('undefined acronyms in a plan', () => {
  it('accepts an acronym defined inline at its first use', () => {
    expect(
      undefinedIn([
        section('principles', 'This Security Management Plan (SMP) covers the service. The SMP is reviewed each year.'),
      ]),
    ).toEqual([]);
  });

  it('accepts an acronym in the glossary, wherever the glossary is', () => {
    const glossary = section(
      'extra-1',
      '- **SIRO** – Senior Information Risk Owner\n\nCAB means the Change Advisory Board.\n\n| Term | Meaning |\n|---|---|\n| MFA | Multi-factor authentication |',
      'Glossary of terms',
    );
    const roles = section('roles', 'The SIRO chairs the CAB. Every account uses MFA.');
    expect(undefinedIn([roles, glossary])).toEqual([]);
  });

  it('flags an acronym once, at its first use, even when it is defined later', () => {
    const found = undefinedIn([
      section(
        'principles',
        'We report incidents to the NCSC.\n\nThe NCSC publishes guidance.',
        'Principles of security',
      ),
      section('roles', 'The National Cyber Security Centre (NCSC) advises us.', 'Delegated organisational roles'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      sectionKey: 'principles',
      sentence: 'We report incidents to the NCSC.',
      line: 1,
      column: 28,
    });
    expect(found[0]!.message).toBe(
      'Explain what “NCSC” stands for the first time you use it, or add it to the glossary. It is explained later, in “Delegated organisational roles”, but readers need it here.',
    );
  });

  it('knows the default acronyms and the caller’s own', () => {
    expect(DEFAULT_KNOWN_ACRONYMS).toContain('GOV.UK');
    const plan = [section('scope', 'Data stays in the UK and guidance is on GOV.UK. The CISO signs off changes.')];
    expect(undefinedIn(plan).map((f) => f.message)).toEqual([expect.stringContaining('“CISO”')]);
    expect(undefinedIn(plan, ['CISO'])).toEqual([]);
  });

  it('does not count a heading as a first use, nor code as text', () => {
    const plan = [
      section(
        'measures',
        '## How we use MFA\n\nWe turn on multi-factor authentication (MFA) for everyone. Run `AWS_PROFILE=prod` to check.',
      ),
    ];
    expect(undefinedIn(plan)).toEqual([]);
  });

  it('flags an acronym first used in a table, showing the row', () => {
    const plan = [section('roles', '| Role | Person |\n|---|---|\n| DPO | Sam Jones |')];
    expect(undefinedIn(plan)).toEqual([expect.objectContaining({ sentence: 'DPO | Sam Jones', line: 3, column: 3 })]);
  });
});

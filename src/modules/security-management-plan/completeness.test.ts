import { describe, expect, it } from 'vitest';
import { checkCompleteness, hasPlaceholder, MIN_SECTION_WORDS } from './completeness.ts';
import { emptyContent, type PlanContent } from './smp-content.ts';

const SENTENCE = 'The security manager reviews every account with access to Government Data each month.';

/** A complete plan, with `principles` replaced by the Markdown under test. */
function planWith(principles: string): PlanContent {
  const c = emptyContent();
  for (const s of c.sections) s.markdown = s.key === 'principles' ? principles : SENTENCE;
  c.roles = [{ role: 'Security manager', userId: '01900000-0000-7000-8000-000000000001' }];
  return c;
}
const principlesFindings = (markdown: string) =>
  checkCompleteness(planWith(markdown))
    .filter((e) => e.sectionKey === 'principles')
    .map((e) => e.message);

describe('what completeness flags as a placeholder', () => {
  it.each([
    'TBC',
    'Owner: TBD.',
    'Dates TBA',
    'TODO: describe the principles',
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.',
    'The data centre is at XXX and is visited by our staff every week of the year.',
    '[Insert the principles of security here]',
    'We follow <insert standard> in everything we do for the Client and its Sites.',
    'Please insert the supplier list here before the plan goes to the Client.',
    'The hosting supplier is to be confirmed.',
    'Our retention periods (to be agreed) apply to every copy of Government Data we hold.',
    'Backups:\nto be decided\n\nThe rest of the plan stands as written above for every Site.',
  ])('flags %j', (markdown) => {
    expect(hasPlaceholder(markdown)).toBe(true);
    expect(principlesFindings(markdown)).toEqual([
      'Section (a) (principles of security) still has placeholder text such as “TBC” or “to be confirmed”',
    ]);
  });

  it.each([
    'We never leave placeholder accounts active: the service desk disables them the same day.',
    'Each change to a firewall rule is to be confirmed by the security manager before it goes live.',
    'Staff insert their smart card to sign in, and remove it whenever they leave their desk.',
    'Certificates are renewed 30 days before they expire, and the old ones are revoked at once.',
    'Boxes of paper records are sealed, labelled and stored in the locked room on the second floor.',
  ])('does not flag ordinary English: %j', (markdown) => {
    expect(hasPlaceholder(markdown)).toBe(false);
    expect(principlesFindings(markdown)).toEqual([]);
  });
});

describe('what completeness flags as too short to be substantive', () => {
  it('flags a section that is only headings, and one shorter than a sentence, naming its word count', () => {
    expect(principlesFindings('## Principles\n\n### Detail')).toEqual([
      'Section (a) (principles of security) has headings but no text',
    ]);
    expect(principlesFindings('- Firewalls\n- Antivirus\n- MFA')).toEqual([
      `Section (a) (principles of security) has only 3 words: write at least one sentence (${MIN_SECTION_WORDS} words or more) on what the Agency does`,
    ]);
  });

  it('accepts one plain sentence of eight words, and does not ask for a word count a reviewer would not', () => {
    expect(principlesFindings('The security manager reviews access rights every month.')).toEqual([]);
    expect(principlesFindings(SENTENCE)).toEqual([]);
  });
});

/**
 * SMP-style Markdown from a seed (no copyrighted text): prose with lists, tables, links, inline code
 * and code blocks, some passive, some contract-speak, some long sentences and some acronyms
 * (defined inline, in the glossary, or not at all). The same seed writes the same plan.
 */
import type { PlainEnglishSection } from '../../src/modules/security-management-plan/plan-health/plain-english.ts';
import { seededRandom } from '../../test/support/seeded-random.ts';

export function planWriter(seed: number) {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

  const WHO = [
    'the security manager',
    'our service desk',
    'each team leader',
    'the Agency',
    'we',
    'the SIRO',
    'the data protection officer',
    'the hosting supplier',
    'the people team',
    'the SOC',
  ];
  const DO = [
    'reviews',
    'checks',
    'records',
    'approves',
    'tests',
    'updates',
    'removes',
    'reports',
    'encrypts',
    'backs up',
  ];
  const WHAT = [
    'user access rights',
    'every laptop',
    'the firewall rules',
    'the asset register',
    'privileged accounts',
    'the backup copies',
    'supplier contracts',
    'the audit log',
    'security patches',
    'the list of sites',
    'Government Data held in the cloud',
    'remote access sessions',
  ];
  const WHEN = [
    'every month',
    'each week',
    'before go-live',
    'within one Working Day',
    'every year',
    'after each change',
    'as soon as a person leaves',
    'when the Client asks',
  ];
  const PARTICIPLE = [
    'reviewed',
    'checked',
    'recorded',
    'approved',
    'tested',
    'encrypted',
    'stored',
    'written',
    'kept',
    'monitored',
  ];
  const SPEAK = [
    'In accordance with the Security Policy,',
    'Prior to go-live,',
    'In the event that a device is lost,',
    'With regard to backups,',
    'Subsequent to each review,',
    'Whilst the contract runs,',
  ];
  const HARD = [
    'Organisational accountability for information governance is allocated to executive leadership.',
    'Comprehensive vulnerability identification necessitates continuous infrastructure evaluation.',
  ];
  const ACRONYMS = ['MFA', 'VPN', 'SIEM', 'CAB', 'DPIA', 'ITHC', 'EDR', 'PSN'];
  const INLINE_DEFS = [
    'Security Information and Event Management (SIEM)',
    'an IT Health Check (ITHC)',
    'endpoint detection and response (EDR)',
  ];

  /** One sentence of a random flavour: plain, passive, contract-speak, long, acronym, hard, link or code. */
  function sentence(): string {
    const r = rand();
    if (r < 0.4) return `${cap(pick(WHO))} ${pick(DO)} ${pick(WHAT)} ${pick(WHEN)}.`;
    if (r < 0.55) return `${cap(pick(WHAT))} ${pick(['is', 'are'])} ${pick(PARTICIPLE)} by ${pick(WHO)} ${pick(WHEN)}.`;
    if (r < 0.68) return `${pick(SPEAK)} ${pick(WHO)} ${pick(DO)} ${pick(WHAT)}.`;
    if (r < 0.78)
      return `${cap(pick(WHO))} ${pick(DO)} ${pick(WHAT)} ${pick(WHEN)}, and ${pick(WHO)} ${pick(DO)} ${pick(WHAT)} so that ${pick(WHO)} can see that ${pick(WHAT)} and ${pick(WHAT)} meet the contract ${pick(WHEN)}.`;
    if (r < 0.86) return `The ${pick(ACRONYMS)} ${pick(['covers', 'protects', 'logs'])} ${pick(WHAT)}.`;
    if (r < 0.9) return `We use ${pick(INLINE_DEFS)} for ${pick(WHAT)}.`;
    if (r < 0.94) return pick(HARD);
    if (r < 0.97)
      return `See the [NCSC guidance](https://www.ncsc.gov.uk/collection/${pick(['cloud', 'device-security', 'zero-trust'])}) on ${pick(WHAT)}.`;
    return `${cap(pick(WHO))} runs \`${pick(['gpupdate /force', 'fdesetup status', 'apt list --upgradable'])}\` ${pick(WHEN)}.`;
  }

  function block(): string {
    const r = rand();
    if (r < 0.7) return Array.from({ length: 3 + Math.floor(rand() * 4) }, sentence).join(' ');
    if (r < 0.88)
      return Array.from(
        { length: 3 + Math.floor(rand() * 5) },
        () => `- ${cap(pick(DO).replace(/s$/, '').replace('backs up', 'back up'))} ${pick(WHAT)} ${pick(WHEN)}.`,
      ).join('\n');
    if (r < 0.97)
      return [
        '| Who | What | When |',
        '|---|---|---|',
        ...Array.from(
          { length: 4 + Math.floor(rand() * 8) },
          () => `| ${cap(pick(WHO))} | ${cap(pick(WHAT))} | ${cap(pick(WHEN))} |`,
        ),
      ].join('\n');
    return '```sh\n# check disk encryption on a Mac\nsudo fdesetup status\n```';
  }

  /** Words the checker will count: not headings, tables, code or list markers. */
  function proseWords(block: string): number {
    if (/^(#|\||```)/.test(block)) return 0;
    return block
      .replace(/\]\([^)]*\)|`[^`]*`/g, ' ')
      .split(/\s+/)
      .filter((w) => /[A-Za-z0-9]/.test(w)).length;
  }

  function generatePlan(targetWords: number): PlainEnglishSection[] {
    const shares: Array<[string, string, number]> = [
      ['principles', 'Principles of security', 0.13],
      ['roles', 'Delegated organisational roles', 0.11],
      ['third-parties', 'Managing security risks from Subcontractors and third parties', 0.15],
      ['scope', 'Scope of protection', 0.13],
      ['measures', 'Security measures and procedures', 0.26],
      ['transition', 'Transition plans', 0.11],
      ['extra-1', 'Incident management', 0.09],
    ];
    const sections = shares.map(([key, heading, share]) => {
      const blocks: string[] = [];
      for (let words = 0, n = 0; words < targetWords * share; n++) {
        const b = n % 6 === 0 ? `## ${cap(pick(WHAT))} ${pick(WHEN)}` : block();
        blocks.push(b);
        words += proseWords(b);
      }
      return { key, heading, markdown: blocks.join('\n\n') };
    });
    const glossary = [
      '| Term | Meaning |',
      '|---|---|',
      '| MFA | Multi-factor authentication: a password and a second check |',
      '| VPN | Virtual private network |',
      '| SIRO | Senior Information Risk Owner |',
      '| SOC | Security operations centre |',
      '| CAB | Change Advisory Board |',
    ];
    return [...sections, { key: 'extra-2', heading: 'Glossary of terms', markdown: glossary.join('\n') }];
  }

  /** One section's Markdown of at least `bytes` bytes (UTF-8), a heading every six blocks. */
  function sectionOfBytes(bytes: number): string {
    const blocks: string[] = [];
    for (let size = 0, n = 0; size < bytes; n++) {
      const b = n % 6 === 0 ? `## ${cap(pick(WHAT))} ${pick(WHEN)}` : block();
      blocks.push(b);
      size += Buffer.byteLength(b) + 2;
    }
    return blocks.join('\n\n');
  }

  return { generatePlan, sectionOfBytes };
}

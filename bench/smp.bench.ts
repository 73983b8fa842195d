/**
 * How long the SMP plain-English checks (plan-health/plain-english.ts) take on a ~50-page plan,
 * against a baseline measured in the same run: parsing the same Markdown to text with remark-parse
 * alone. The ratio is what the checks add on top of reading the Markdown at all.
 *
 *   npm run bench:smp
 *   npm run bench:smp -- --runs 20 --warmup 3 --seed 7 --words 25000
 *
 * The plan is generated from a seed (no copyrighted text): eight sections of SMP-style prose with
 * lists, tables, links, inline code and a code block, some passive, some contract-speak, some long
 * sentences and some acronyms (defined inline, in the glossary, or not at all). Baseline and check
 * alternate run by run, so other load on the machine hits both alike.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import {
  checkPlainEnglish,
  type PlainEnglishSection,
} from '../src/modules/security-management-plan/plan-health/plain-english.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    seed: { type: 'string', default: '42' },
    words: { type: 'string', default: '23000' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const WARMUP = Math.max(0, Number(args.warmup));
const TARGET_WORDS = Number(args.words);

const rand = seededRandom(Number(args.seed));
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

/** The baseline: Markdown to plain text with remark-parse and nothing else. */
function parseToText(plan: readonly PlainEnglishSection[]): number {
  let chars = 0;
  const processor = unified().use(remarkParse);
  for (const s of plan) {
    const stack: Nodes[] = [processor.parse(s.markdown)];
    while (stack.length) {
      const node = stack.pop()!;
      if ('value' in node && node.type !== 'code' && node.type !== 'html') chars += node.value.length;
      else if ('children' in node) stack.push(...node.children);
    }
  }
  return chars;
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
/** Nearest-rank percentile of a sample. */
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const plan = generatePlan(TARGET_WORDS);
const report = checkPlainEnglish(plan);
const words = report.overall.wordCount;
const bytes = plan.reduce((n, s) => n + Buffer.byteLength(s.markdown), 0);
console.log(
  `Custodian SMP plain-English bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}`,
);
console.log(
  `Plan: ${plan.length} sections, ${fmt(words)} words in ${fmt(report.overall.sentenceCount)} sentences (the checker's count), ${fmt(bytes / 1024)} KB of Markdown, seed ${args.seed}`,
);
console.log(`${RUNS} runs after ${WARMUP} warm-up, baseline and check alternating\n`);

const baseline: number[] = [];
const checks: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const b = time(() => parseToText(plan));
  const c = time(() => checkPlainEnglish(plan));
  if (i >= WARMUP) {
    baseline.push(b);
    checks.push(c);
  }
}

const rows = [
  ['remark-parse → text (baseline)', baseline],
  ['checkPlainEnglish', checks],
] as const;
const base = percentile(baseline, 50);
const header = ['', 'median ms', 'p95 ms', 'words/s', '× baseline'];
const cells = rows.map(([name, xs]) => [
  name,
  fmt(percentile(xs, 50), 1),
  fmt(percentile(xs, 95), 1),
  fmt(words / (percentile(xs, 50) / 1000)),
  fmt(percentile(xs, 50) / base, 1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
for (const r of [header, ...cells])
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));

const o = report.overall;
console.log(
  `\nFindings: ${o.longSentenceCount} long sentences, ${o.hardToReadCount} hard to read, ${o.passiveCount} passive, ${o.complexWordCount} complex words, ${o.undefinedAcronymCount} undefined acronyms; reading ease ${o.fleschReadingEase}, grade ${o.fleschKincaidGrade}`,
);
const median = percentile(checks, 50);
console.log(
  `\nOn a 50-page plan (${fmt(words)} words) the plain-English checks take ${fmt(median / 1000, 2)} s (median; p95 ${fmt(percentile(checks, 95) / 1000, 2)} s), ${fmt(median / base, 1)}× the time to parse the Markdown alone.`,
);

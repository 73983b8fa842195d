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
 *
 * Then (support/healthz-under-plan-checks.ts) the p99 of /healthz on the real server while ten
 * concurrent requests each have a different 2.4 MB plan checked, against /healthz with no load in
 * the same run; PASS under 50 ms, else FAIL (exit code 1).
 *
 *   npm run bench:smp -- --case timing      the first case only
 *   npm run bench:smp -- --case healthz     the second case only
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
import { healthzUnderPlanChecks } from './support/healthz-under-plan-checks.ts';
import { planWriter } from './support/plan-text.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    seed: { type: 'string', default: '42' },
    words: { type: 'string', default: '23000' },
    case: { type: 'string', default: 'all' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const WARMUP = Math.max(0, Number(args.warmup));
const TARGET_WORDS = Number(args.words);

const { generatePlan } = planWriter(Number(args.seed));

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

/** The first case: the checks' time on a 50-page plan against parsing its Markdown alone. */
function timingCase(): void {
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
}

if (args.case !== 'healthz') timingCase();
if (args.case !== 'timing' && !(await healthzUnderPlanChecks({ seed: Number(args.seed), percentile, fmt })))
  process.exitCode = 1;

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ModuleCliContext } from '../../platform/modules/index.ts';
import { readDocx } from '../../platform/documents/index.ts';
import { ValidationError } from '../../platform/kernel/index.ts';
import { checkCompleteness, uncheckedReferences } from './completeness.ts';
import { checkPlainEnglish } from './plan-health/plain-english.ts';
import { contentFromSections, splitMarkdown } from './section-mapping.ts';
import { MAX_SECTION_BYTES } from './smp-content.ts';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Plan content from a .docx or Markdown file, outside any contract. */
async function readPlanFile(file: string) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ValidationError({ file: `Cannot read ${file}: no such file` });
  }
  if (!stat.isFile()) throw new ValidationError({ file: `${file} is not a file` });
  if (stat.size > MAX_FILE_BYTES) throw new ValidationError({ file: `${file} is larger than 5 MB` });
  const bytes = fs.readFileSync(file);
  if (path.extname(file).toLowerCase() === '.docx') {
    const doc = await readDocx(bytes);
    const sections = doc.sections.filter((s) => s.level > 0);
    return {
      content: contentFromSections(
        sections.length ? sections : [{ heading: doc.title ?? 'Untitled', markdown: doc.preamble }],
      ),
      warnings: doc.warnings,
    };
  }
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) throw new ValidationError({ file: `${file} is not a text or .docx file` });
  const sections = splitMarkdown(text);
  const big = sections.find((s) => Buffer.byteLength(s.markdown) > MAX_SECTION_BYTES);
  if (big) throw new ValidationError({ file: `The section “${big.heading}” is larger than 500 KB` });
  return { content: contentFromSections(sections), warnings: [] as string[] };
}

/** `custodian smp check FILE [--json]`: the plan-health checks on a file, before it is uploaded. */
/** `custodian smp check FILE`: plan health outside any contract (no database). */
export function smpCli(program: Command, { io }: ModuleCliContext<never>): void {
  const smp = program.command('smp').description('Security Management Plan tools');
  smp
    .command('check')
    .description('check a .docx or Markdown plan for completeness (4.2.1 a–f) and plain English (4.2.1 g)')
    .argument('<file>', 'the plan, .docx or Markdown')
    .option('--json', 'print every finding as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { content, warnings } = await readPlanFile(file);
      const completeness = checkCompleteness(content, undefined, { namedRoles: false }); // no register or people here: references checked for form only
      const plain = checkPlainEnglish(content.sections);
      // Not errors: whether they resolve depends on the contract's register, which only Custodian has.
      const notChecked = uncheckedReferences(content);
      if (opts.json) {
        io.out(
          `${JSON.stringify({ file, sections: content.sections.map((s) => ({ key: s.key, heading: s.heading })), completeness, notChecked, plainEnglish: plain, warnings }, null, 2)}\n`,
        );
      } else {
        io.out(`${file}: ${content.sections.length} sections, ${plain.overall.wordCount} words\n`);
        io.out(
          `Completeness: ${completeness.length ? `${completeness.length} error${completeness.length === 1 ? '' : 's'}` : 'complete'}\n`,
        );
        for (const e of completeness) io.out(`  ${e.clause.padEnd(9)} ${e.message}\n`);
        if (notChecked.length) io.out(`References not checked (clause 4.2.1(g)): ${notChecked.length}\n`);
        for (const r of notChecked) io.out(`  ${r} — not checked: the register is in Custodian\n`);
        const o = plain.overall;
        io.out(
          `Plain English (advice): reading ease ${o.fleschReadingEase ?? '–'}, grade ${o.fleschKincaidGrade ?? '–'}, average sentence ${o.averageSentenceLength ?? '–'} words\n`,
        );
        io.out(
          `  ${o.longSentenceCount} long sentences (over ${plain.thresholds.maxSentenceWords} words), ${o.passiveCount} passive, ${o.complexWordCount} complex words, ${o.undefinedAcronymCount} undefined acronyms, ${o.hardToReadCount} hard to read\n`,
        );
        for (const w of warnings) io.out(`Note: ${w}\n`);
      }
      // Completeness errors would block submission: say so to a pipeline with the exit code.
      if (completeness.length) throw Object.assign(new Error('incomplete'), { quiet: true, exitCode: 1 });
    });
}

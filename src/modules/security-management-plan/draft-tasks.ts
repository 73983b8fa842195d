import type { CompletenessError } from './completeness.ts';
import { REQUIRED_SECTIONS, type PlanContent } from './smp-content.ts';
import type { PlainEnglishReport } from './plan-health/plain-english.types.ts';

export type TaskStatus = 'not-started' | 'in-progress' | 'has-findings' | 'completed';

/** One line of the draft's task list: a section of clause 4.2.1, or the roles and third-party lists. */
export interface DraftTask {
  key: string;
  title: string;
  clause: string;
  status: TaskStatus;
  /** What is left, in the words of the plan-health panel (empty when completed). */
  findings: string[];
}

// Written, but not yet enough to count as a section (clause 4.2.1 wants it substantive).
const UNFINISHED = new Set<CompletenessError['rule']>(['missing', 'empty', 'placeholder', 'too-short']);
// Checks about the lists, not the section's text: they belong to the "Roles and third parties" task.
const LIST_RULES = new Set<CompletenessError['rule']>(['named-roles', 'risk-process']);

/**
 * The draft's task list, derived from its content and the same checks as the plan-health panel:
 * a section with no text is not started; text that is empty, placeholder or too short is in
 * progress; a substantive section with a completeness error (a reference not in the register) or
 * plain-English advice has findings; anything else is completed. Plain-English advice never blocks
 * submission, but a section with advice is not shown as done either.
 */
export function draftTasks(
  content: PlanContent,
  completeness: CompletenessError[],
  plain: PlainEnglishReport | null | undefined,
): DraftTask[] {
  const sections = REQUIRED_SECTIONS.map((required): DraftTask => {
    const section = content.sections.find((s) => s.key === required.key);
    const errors = completeness.filter((e) => e.sectionKey === required.key && !LIST_RULES.has(e.rule));
    const advice = plain?.sections.find((s) => s.key === required.key)?.findings ?? [];
    const findings = [...errors.map((e) => e.message), ...advice.map((f) => f.message)];
    const status: TaskStatus = !section?.markdown.trim()
      ? 'not-started'
      : errors.some((e) => UNFINISHED.has(e.rule))
        ? 'in-progress'
        : findings.length
          ? 'has-findings'
          : 'completed';
    return { key: required.key, title: required.heading, clause: required.clause, status, findings };
  });
  const listErrors = completeness.filter((e) => LIST_RULES.has(e.rule));
  const empty = content.roles.length === 0 && content.thirdParties.length === 0;
  const lists: DraftTask = {
    key: 'lists',
    title: 'Roles and third parties',
    clause: '4.2.1(b) and (c)',
    status: empty
      ? 'not-started'
      : listErrors.some((e) => e.rule === 'named-roles')
        ? 'in-progress'
        : listErrors.length
          ? 'has-findings'
          : 'completed',
    findings: listErrors.map((e) => e.message),
  };
  return [...sections, lists];
}

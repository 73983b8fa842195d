import { ConflictError, ValidationError } from '../../platform/kernel/index.ts';
import type { CompletenessError } from './completeness.ts';

const count = (n: number) => `${n} open ${n === 1 ? 'finding' : 'findings'}`;

/** What the Agency's submit button says: with findings open, the confirmation it gives ("Submit with 3 open findings"). */
export const submitLabel = (n: number, asVariation = false) =>
  asVariation
    ? `Propose as a Variation${n ? ` with ${count(n)}` : ''}`
    : n
      ? `Submit with ${count(n)}`
      : 'Submit for Approval';

/**
 * The findings a submission goes ahead with. Clause 4.3.1 obliges the Agency to deliver and 4.3.3
 * leaves the judgement of the plan to the Client, so open findings never stop a submission; but
 * the Agency must confirm exactly how many it is delivering with, so a finding that appeared after
 * it read them (another edit, a register change) is never submitted unseen.
 */
export function confirmedFindings(
  versionNumber: number,
  findings: CompletenessError[],
  confirm: unknown,
): CompletenessError[] {
  if (!findings.length) return [];
  if (confirm === undefined || confirm === null || confirm === '')
    throw new ConflictError(
      'smp_incomplete',
      `Version ${versionNumber} has ${count(findings.length)} (clause 4.2.1). To deliver it as it is, confirm them: ${submitLabel(findings.length)}`,
      { errors: findings, openFindings: findings.length },
    );
  const confirmed = typeof confirm === 'number' ? confirm : /^\d{1,4}$/.test(String(confirm)) ? Number(confirm) : NaN;
  if (!Number.isInteger(confirmed))
    throw new ValidationError({
      confirmOpenFindings: 'Give the number of open findings you confirm as a whole number',
    });
  if (confirmed !== findings.length)
    throw new ConflictError(
      'smp_findings_changed',
      `The open findings changed since you read them: version ${versionNumber} now has ${count(findings.length)}, not ${confirmed}. Read them and confirm again`,
      { errors: findings, openFindings: findings.length },
    );
  return findings;
}

/** The findings a version was submitted with, as the Client's notification gives them. */
export const openFindingsText = (findings: CompletenessError[]) =>
  findings.length
    ? `\n\nThe Agency submitted it with ${count(findings.length)} from Custodian's completeness check (clause 4.2.1), for you to weigh:\n${findings.map((f) => `- ${f.message}`).join('\n')}`
    : '';

import type { PlanDocument } from '../../platform/documents/index.ts';
import type { CitedDocument } from './cited-documents.ts';
import { holdingText } from './document-holding.ts';
import type { PlanContent } from './smp-content.ts';

const NOT_IN_REGISTER = 'Not in the register';

/**
 * The plan's content as the exports print it: every section in order, the named delegated roles
 * (clause 4.2.1(b)) under the roles section, the third parties (4.2.1(c)) under theirs, and the
 * register entries the version cites (4.2.1(g)) last. Everything the version's SHA-256 covers is
 * printed; `names` gives each role holder's name (the hash binds their user id).
 */
export function planExportSections(
  content: PlanContent,
  names: Record<string, string>,
  cited: CitedDocument[],
): PlanDocument['sections'] {
  const sections: PlanDocument['sections'] = content.sections.map((s) => ({
    heading: s.heading,
    markdown: s.markdown || '_Not written yet._',
    tables: [
      ...(s.key === 'roles'
        ? [
            {
              heading: 'Named delegated roles',
              columns: ['Role', 'Held by'],
              rows: content.roles.map((r) => [r.role, names[r.userId] ?? 'A former user']),
              empty: 'No one is named for a delegated role.',
            },
          ]
        : []),
      ...(s.key === 'third-parties'
        ? [
            {
              heading: 'Subcontractors and third parties',
              columns: ['Name', 'Access', 'Risk process'],
              rows: content.thirdParties.map((t) => [
                t.name,
                t.access || 'Not described',
                t.riskProcess || 'Not described',
              ]),
              empty: 'No Subcontractor or third party is listed.',
            },
          ]
        : []),
    ],
  }));
  sections.push({
    heading: 'Documents the plan refers to (clause 4.2.1(g))',
    markdown: '',
    tables: [
      {
        columns: ['Title', 'Version', 'Owner', 'Where it is held', 'Both parties hold a copy'],
        rows: cited.map(({ reference, document: d }) =>
          d
            ? [d.title, d.version, d.owner, d.location, holdingText(d)]
            : [reference, NOT_IN_REGISTER, NOT_IN_REGISTER, NOT_IN_REGISTER, NOT_IN_REGISTER],
        ),
        empty: 'This version refers to no documents.',
      },
    ],
  });
  return sections;
}

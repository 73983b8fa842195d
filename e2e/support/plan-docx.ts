import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

/** What the test's Word plan holds, so the walk can look for it after the import. */
export const PLAN_DOCX = {
  fileName: 'northwind-security-plan.docx',
  headings: [
    'Principles of security',
    'Roles and responsibilities',
    'Third parties',
    'Scope',
    'Security measures',
    'Incident response procedures',
    'Transition',
  ],
  bullets: [
    'Least privilege for every account',
    'Encryption of data at rest and in transit',
    'Logging of every privileged action',
  ],
  table: [
    ['Asset', 'Where it is held', 'Owner'],
    ['Case records', 'London data centre', 'Head of Digital'],
    ['Staff laptops', 'Agency offices', 'IT Service Desk'],
  ],
  /** The register entry the text refers to with [[doc: …]] (4.2.1(g)). */
  referencedDocument: 'Incident Response Policy',
} as const;

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const table = (rows: readonly (readonly string[])[]) =>
  new Table({
    rows: rows.map(
      (cells) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) }),
    ),
  });

/**
 * A plan as an Agency might already have it in Word: six headings that answer clause 4.2.1(a)–(f)
 * in their own words, one extra heading, a table and a bulleted list. The transition section is
 * only a placeholder ("TBC"), so the imported draft has completeness errors to fix.
 */
export async function planDocx(): Promise<Buffer> {
  const [principles, roles, thirdParties, scope, measures, incidents, transition] = PLAN_DOCX.headings;
  const doc = new Document({
    title: 'Northwind security plan',
    sections: [
      {
        children: [
          heading(principles),
          new Paragraph(
            'We follow the principles of security in Paragraph 3 of the schedule. We protect Government Data from the moment we receive it until we return or destroy it, and we check our controls every month.',
          ),
          ...PLAN_DOCX.bullets.map((b) => new Paragraph({ text: b, bullet: { level: 0 } })),
          heading(roles),
          new Paragraph(
            'The security manager owns this plan and reports to the board every quarter. Each team lead makes sure their staff follow it, and every new starter completes security training in their first week.',
          ),
          heading(thirdParties),
          new Paragraph(
            'Before a supplier gets access to the Services or to Government Data we assess their controls, write the security terms into their contract, and review their access every six months.',
          ),
          heading(scope),
          new Paragraph(
            'The plan covers the case management service, the offices our staff work from, the laptops and phones they use, and all Government Data we hold. The table lists the main assets.',
          ),
          table(PLAN_DOCX.table),
          heading(measures),
          new Paragraph(
            `We apply security patches within fourteen days, use multi-factor authentication for every account, and back up data every night. We handle incidents as the [[doc: ${PLAN_DOCX.referencedDocument}]] sets out.`,
          ),
          heading(incidents),
          new Paragraph(
            'Staff report a suspected incident to the service desk at once. The security manager decides within one hour whether to tell the Client, and we keep a record of every incident and what we learnt from it.',
          ),
          heading(transition),
          new Paragraph('Transition plans are TBC.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

import { describe, expect, it } from 'vitest';
import { HASH, LONG_WORD, samplePlan } from './fixtures/sample-plan.ts';
import { APPROVAL_HEADING, NO_APPROVAL_TEXT, planToDocx, readDocx } from './index.ts';
import { checkDocx, DEFAULT_DOCX_LIMITS } from './docx-guard.ts';

describe('planToDocx', () => {
  it('produces a .docx that readDocx reads back with the same headings, tables and lists', async () => {
    const back = await readDocx(await planToDocx(samplePlan()));
    expect(back.title).toBe('Security Management Plan — Contract CT-0042');
    expect(back.sections.map((s) => [s.heading, s.level])).toEqual([
      ['Security Management Plan — Contract CT-0042', 0],
      ['Scope', 1],
      ['Risks', 1],
      ['Breaches → response', 1],
      [APPROVAL_HEADING, 1],
    ]);
    const [cover, scope, risks, breaches, approval] = back.sections.map((s) => s.markdown);
    expect(cover).toContain(`| **SHA-256** | ${HASH} |`);
    expect(scope).toContain('The plan covers **all Sites** and *every* service.');
    expect(scope).toMatch(/^## In scope$/m);
    expect(scope).toContain(LONG_WORD);
    expect(scope).toContain('See NCSC (https://www.ncsc.gov.uk/).');
    expect(risks).toContain(
      '| Risk | Owner | Rating |\n| --- | --- | --- |\n| Phishing \\| spoofing | IT | High |\n| Lost laptop | Ops | Medium |',
    );
    expect(risks).toMatch(/^- +Laptops\n +- +Encrypted\n- +Phones$/m);
    expect(risks).toMatch(/^1\. +Report it\n +1\. +Within one hour\n2\. +Record it$/m);
    expect(breaches).toContain('<script>alert(1)</script> stays text.');
    expect(breaches).toContain('siem --tail');
    expect(approval).toContain(`| **Approved content hash** | ${HASH} |`);
  });

  it('prints a section’s plain tables after its Markdown, under their own headings, text as written', async () => {
    const plan = samplePlan({
      sections: [
        {
          heading: 'Roles',
          markdown: 'Who does what.',
          tables: [
            { heading: 'Named roles', columns: ['Role', 'Held by'], rows: [['*Lead* | owner', 'Ann']], empty: '' },
            { heading: 'Third parties', columns: ['Name'], rows: [], empty: 'None listed.' },
          ],
        },
      ],
    });
    const back = await readDocx(await planToDocx(plan));
    expect(back.sections[1]).toEqual({
      heading: 'Roles',
      level: 1,
      markdown:
        'Who does what.\n\n## Named roles\n\n| Role | Held by |\n| --- | --- |\n| \\*Lead\\* \\| owner | Ann |\n\n## Third parties\n\nNone listed.',
    });
  });

  it('prints a section’s headings below its own without skipping a level, and [[doc: …]] markers as titles', async () => {
    const plan = samplePlan({
      documents: [{ title: 'Access Policy' }],
      sections: [
        {
          heading: 'Access',
          markdown: '### Who\n\n###### Detail\n\n#### How\n\nSee [[doc: access policy]] and [[doc: Old Policy]].',
          tables: [{ heading: 'Named roles', columns: ['Role'], rows: [['Lead']], empty: '' }],
        },
      ],
    });
    const back = await readDocx(await planToDocx(plan));
    expect(back.sections[1]!.markdown).toBe(
      '## Who\n\n### Detail\n\n### How\n\nSee access policy and Old Policy (not in the register).\n\n' +
        '## Named roles\n\n| Role |\n| --- |\n| Lead |',
    );
  });

  it('prints a page saying no approval is recorded when there is none', async () => {
    const back = await readDocx(await planToDocx(samplePlan({ approval: undefined })));
    expect(back.sections.at(-1)).toEqual({ heading: APPROVAL_HEADING, level: 1, markdown: NO_APPROVAL_TEXT });
  });

  it('writes the title into the document properties and a page-number field into the footer', async () => {
    const { parts } = await checkDocx(await planToDocx(samplePlan()), DEFAULT_DOCX_LIMITS);
    expect(parts.get('docProps/core.xml')!.toString()).toContain(
      '<dc:title>Security Management Plan — Contract CT-0042</dc:title>',
    );
    const footer = [...parts].find(([n]) => /^word\/footer\d*\.xml$/.test(n))?.[1].toString() ?? '';
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
  });

  it('survives characters XML forbids instead of writing a broken file', async () => {
    const back = await readDocx(
      await planToDocx(
        samplePlan({ title: 'Bad\u0000\u0007 title\uD800', sections: [{ heading: 'A\u0001', markdown: 'x\u000by' }] }),
      ),
    );
    expect(back.title).toBe('Bad title');
    expect(back.sections[1]).toMatchObject({ heading: 'A', markdown: 'xy' });
  });
});

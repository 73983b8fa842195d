import { describe, expect, it } from 'vitest';
import { emptyContent, type PlanContent } from './smp-content.ts';
import { diffBlocks, diffVersions, summariseDiff } from './version-diff.ts';

const withFirstSection = (markdown: string, base: PlanContent = emptyContent()) => {
  const c = structuredClone(base);
  c.sections[0]!.markdown = markdown;
  return c;
};

describe('comparing two versions of a plan', () => {
  it('shows, per section, the words added and removed, and which sections came and went', () => {
    const a = withFirstSection('We review access every month.');
    const b = withFirstSection('We review access every week.');
    b.sections.push({ key: 'extra-1', heading: 'Glossary', markdown: 'SMP: Security Management Plan' });
    b.roles.push({ role: 'Security manager', userId: 'u1' });
    const d = diffVersions(a, b, (id) => (id === 'u1' ? 'Ann' : id));
    expect(d.sections[0]).toMatchObject({ key: 'principles', change: 'changed' });
    expect(d.sections[0]!.blocks).toEqual([
      {
        kind: 'paragraph',
        depth: 0,
        change: 'changed',
        cells: [
          {
            change: 'changed',
            parts: [
              { kind: 'same', text: 'We review access every ' },
              { kind: 'removed', text: 'month' },
              { kind: 'added', text: 'week' },
              { kind: 'same', text: '.' },
            ],
          },
        ],
      },
    ]);
    expect(d.sections[1]).toMatchObject({ change: 'unchanged' });
    expect(d.sections.at(-1)).toMatchObject({ key: 'extra-1', change: 'added' });
    expect(d.roles).toEqual([{ name: 'Security manager', change: 'added', parts: [{ kind: 'added', text: 'Ann' }] }]);
    expect(diffVersions(b, a).sections.at(-1)).toMatchObject({ key: 'extra-1', change: 'removed' });
  });

  it('reads a version stored with CRLF before line endings were normalised as the same text in LF', () => {
    const lf = withFirstSection('We review access.\n\n- Monthly\n- By the owner');
    lf.thirdParties.push({ name: 'Northwind', access: 'Hosting', riskProcess: 'Annual check.\nQuarterly review.' });
    const crlf = structuredClone(lf);
    crlf.sections[0]!.markdown = lf.sections[0]!.markdown.replace(/\n/g, '\r\n');
    crlf.thirdParties[0]!.riskProcess = 'Annual check.\r\nQuarterly review.';
    const d = diffVersions(crlf, lf);
    expect(d.sections.every((s) => s.change === 'unchanged')).toBe(true);
    expect(d.thirdParties).toEqual([]);
  });

  it.each([
    ['straight and curly apostrophes', 'We don\'t share "keys" - ever.', 'We don’t share “keys” – ever.'],
    ['* and - list markers', '* Laptops\n* Phones', '- Laptops\n- Phones'],
    ['1. and 1) list markers', '1. Report it\n2. Record it', '1) Report it\n2) Record it'],
    ['emphasis syntax', 'Use **strong** and *soft* words', 'Use __strong__ and _soft_ words'],
    ['table padding and alignment rows', '| A | B |\n|---|---|\n| 1 | 2 |', '|A|B|\n|:--|--:|\n|1|2|'],
    ['line wrapping and spaces', 'One two\nthree  four', 'One two three four'],
    ['heading syntax', 'Scope\n=====', '# Scope'],
  ])('does not count a change of %s as a change', (_, before, after) => {
    const d = diffVersions(withFirstSection(before), withFirstSection(after));
    expect(d.sections[0]!.change).toBe('unchanged');
    expect(summariseDiff(d)).toEqual(['No change to the text: the same content is proposed again']);
  });

  it('reports a changed table cell as that cell, the rest of its row unchanged', () => {
    const blocks = diffBlocks(
      '| Risk | Owner |\n|---|---|\n| Phishing | IT |\n| Lost laptop | Ops |',
      '| Risk | Owner |\n|---|---|\n| Phishing | Security team |\n| Lost laptop | Ops |',
    );
    expect(blocks.map((b) => [b.kind, b.change])).toEqual([
      ['row', 'same'],
      ['row', 'changed'],
      ['row', 'same'],
    ]);
    expect(blocks[1]!.cells).toEqual([
      { change: 'same', parts: [{ kind: 'same', text: 'Phishing' }] },
      {
        change: 'changed',
        parts: [
          { kind: 'removed', text: 'IT' },
          { kind: 'added', text: 'Security team' },
        ],
      },
    ]);
  });

  it('compares list items one by one: an inserted item is added, the others unchanged', () => {
    const blocks = diffBlocks('- Laptops\n- Phones', '- Laptops\n- Tablets\n- Phones');
    expect(blocks.map((b) => [b.kind, b.change, b.cells[0]!.parts.map((p) => p.text).join('')])).toEqual([
      ['item', 'same', 'Laptops'],
      ['item', 'added', 'Tablets'],
      ['item', 'same', 'Phones'],
    ]);
  });

  it('compares the roles and third-party lists entry by entry, naming what changed', () => {
    const a = emptyContent();
    a.roles.push({ role: 'Security manager', userId: 'u1' }, { role: 'Auditor', userId: 'u2' });
    a.thirdParties.push({ name: 'Northwind', access: 'Hosting', riskProcess: 'Annual check.' });
    const b = structuredClone(a);
    b.roles = [{ role: 'Security manager', userId: 'u3' }];
    b.thirdParties[0]!.riskProcess = 'Quarterly check.';
    const names: Record<string, string> = { u1: 'Ann', u2: 'Bo', u3: 'Cy' };
    const d = diffVersions(a, b, (id) => names[id]!);
    expect(d.roles).toEqual([
      {
        name: 'Security manager',
        change: 'changed',
        parts: [
          { kind: 'removed', text: 'Ann' },
          { kind: 'added', text: 'Cy' },
        ],
      },
      { name: 'Auditor', change: 'removed', parts: [{ kind: 'removed', text: 'Bo' }] },
    ]);
    expect(d.thirdParties).toMatchObject([{ name: 'Northwind', change: 'changed' }]);
    expect(summariseDiff(d)).toEqual(['1 named role changed', '1 named role removed', '1 third-party entry changed']);
  });
});

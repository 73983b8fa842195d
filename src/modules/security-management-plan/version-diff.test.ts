import { describe, expect, it } from 'vitest';
import { emptyContent } from './smp-content.ts';
import { diffVersions } from './version-diff.ts';

describe('comparing two versions of a plan', () => {
  it('shows, per section, the words added and removed, and which sections came and went', () => {
    const a = emptyContent();
    const b = structuredClone(a);
    a.sections[0]!.markdown = 'We review access every month.';
    b.sections[0]!.markdown = 'We review access every week.';
    b.sections.push({ key: 'extra-1', heading: 'Glossary', markdown: 'SMP: Security Management Plan' });
    b.roles.push({ role: 'Security manager', userId: 'u1' });
    const d = diffVersions(a, b);
    expect(d.sections[0]).toMatchObject({
      key: 'principles',
      change: 'changed',
      parts: [
        { kind: 'same', text: 'We review access every ' },
        { kind: 'removed', text: 'month' },
        { kind: 'added', text: 'week' },
        { kind: 'same', text: '.' },
      ],
    });
    expect(d.sections[1]).toMatchObject({ change: 'unchanged' });
    expect(d.sections.at(-1)).toMatchObject({ key: 'extra-1', change: 'added' });
    expect(d.roles).toEqual({ added: ['Security manager: u1'], removed: [] });
    expect(diffVersions(b, a).sections.at(-1)).toMatchObject({ key: 'extra-1', change: 'removed' });
  });

  it('reads a version stored with CRLF before line endings were normalised as the same text in LF', () => {
    const lf = emptyContent();
    lf.sections[0]!.markdown = 'We review access.\n\n- Monthly\n- By the owner';
    lf.thirdParties.push({ name: 'Northwind', access: 'Hosting', riskProcess: 'Annual check.\nQuarterly review.' });
    const crlf = structuredClone(lf);
    crlf.sections[0]!.markdown = lf.sections[0]!.markdown.replace(/\n/g, '\r\n');
    crlf.thirdParties[0]!.riskProcess = 'Annual check.\r\nQuarterly review.';
    const d = diffVersions(crlf, lf);
    expect(d.sections.every((s) => s.change === 'unchanged')).toBe(true);
    expect(d.sections[0]!.parts.every((p) => p.kind === 'same')).toBe(true);
    expect(d.thirdParties).toEqual({ added: [], removed: [] });
  });
});

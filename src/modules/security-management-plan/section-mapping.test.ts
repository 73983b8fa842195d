import { describe, expect, it } from 'vitest';
import { contentFromSections, splitMarkdown, suggestSectionKey } from './section-mapping.ts';

describe('splitting a Markdown plan into sections', () => {
  it('splits at the shallowest heading level, keeping sub-headings and fenced code inside their section', () => {
    const md =
      'Opening words.\n\n# Scope\nWhat we protect.\n## Sites\nLondon.\n```\n# not a heading\n```\n# Transition\nExit plan.';
    expect(splitMarkdown(md)).toEqual([
      { heading: 'Introduction', markdown: 'Opening words.' },
      { heading: 'Scope', markdown: 'What we protect.\n## Sites\nLondon.\n```\n# not a heading\n```' },
      { heading: 'Transition', markdown: 'Exit plan.' },
    ]);
  });

  it('treats a lone first top-level heading as the title and splits at the next level', () => {
    const md = '# Access Control Policy\n\n## Introduction\nWhy.\n\n### Detail\nMore.\n\n## Scope\nAll staff.';
    expect(splitMarkdown(md)).toEqual([
      { heading: 'Introduction', markdown: 'Why.\n\n### Detail\nMore.' },
      { heading: 'Scope', markdown: 'All staff.' },
    ]);
  });

  it('keeps two top-level headings as sections, and a file without headings as one', () => {
    expect(splitMarkdown('# A\none\n# B\ntwo').map((s) => s.heading)).toEqual(['A', 'B']);
    expect(splitMarkdown('just text')).toEqual([{ heading: 'Untitled', markdown: 'just text' }]);
  });
});

describe('mapping headings to the sections of clause 4.2.1', () => {
  it('suggests the section a heading answers, third parties before roles', () => {
    expect(suggestSectionKey('Roles for managing third parties')).toBe('third-parties');
    expect(suggestSectionKey('Roles and responsibilities')).toBe('roles');
    expect(suggestSectionKey('Security measures')).toBe('measures');
    expect(suggestSectionKey('Glossary')).toBeUndefined();
  });

  it('fills each required section once and keeps the rest as extra sections in order', () => {
    const c = contentFromSections([
      { heading: 'Scope', markdown: 'one' },
      { heading: 'Scope of Sites', markdown: 'two' },
      { heading: 'Glossary', markdown: 'three' },
    ]);
    expect(c.sections.find((s) => s.key === 'scope')).toMatchObject({ heading: 'Scope', markdown: 'one' });
    expect(c.sections.slice(-2).map((s) => [s.key, s.heading])).toEqual([
      ['extra-1', 'Scope of Sites'],
      ['extra-2', 'Glossary'],
    ]);
  });
});

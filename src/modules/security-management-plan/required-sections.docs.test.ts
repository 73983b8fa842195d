import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('how the README counts the sections clause 4.2.1 requires', () => {
  it('says six sections, (a) to (f), with (g) a rule for the whole plan', () => {
    // 4.2.1 (a)–(f) each ask for content; (g) asks that all of it be plain English and cite only
    // documents both parties hold: it is not a section of its own.
    expect(REQUIRED_SECTIONS.map((s) => s.clause.slice(-3))).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)', '(f)']);
    const counted = /write the (\w+) sections/.exec(readme);
    expect(counted?.[1]).toBe(NUMBERS[REQUIRED_SECTIONS.length]);
    expect(readme).toContain('clause 4.2.1 (a)–(f) requires');
    expect(readme).toMatch(/4\.2\.1\(g\)[^.]*whole plan/);
    expect(readme).not.toMatch(/seven(-part| sections)/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.ts';
import { createCliContext } from '../../cli/context.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smp-check-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const run = async (...argv: string[]) => {
  let out = '';
  let err = '';
  // `smp check` needs no database: the context is never opened.
  const code = await runCli(argv, createCliContext({ CUSTODIAN_DATA_DIR: dir }), {
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  return { code, out, err };
};
const body =
  'We protect the service with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.';

describe('custodian smp check', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes a complete Markdown plan and reports plain-English advice without failing on it', async () => {
    const file = write(
      'plan.md',
      REQUIRED_SECTIONS.map(
        (s) => `# ${s.heading}\n\n${body} In accordance with the plan, the logs are kept by the team.`,
      ).join('\n\n'),
    );
    const r = await run('smp', 'check', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Completeness: complete');
    expect(r.out).toMatch(/\d+ passive, \d+ complex words/);
    const json = JSON.parse((await run('smp', 'check', file, '--json')).out);
    expect(json.sections.map((s: { key: string }) => s.key)).toEqual(REQUIRED_SECTIONS.map((s) => s.key));
    expect(json.plainEnglish.sections[0].findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'complex-word', suggestion: expect.any(String) })]),
    );
  });

  it('lists the references it could not check apart from errors, and exits 0 when they are all there is', async () => {
    const file = write(
      'cites.md',
      REQUIRED_SECTIONS.map(
        (s, i) =>
          `# ${s.heading}\n\n${body}${i === 0 ? ' Incidents follow the [[doc: Incident procedure]] and the [[doc: Incident procedure]] again.' : ''}${i === 1 ? ' See the [policy](https://policies.example.test/a).' : ''}`,
      ).join('\n\n'),
    );
    const r = await run('smp', 'check', file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Completeness: complete');
    expect(r.out).toContain(
      'References not checked (clause 4.2.1(g)): 2\n  [[doc: Incident procedure]] — not checked: the register is in Custodian\n  https://policies.example.test/a — not checked: the register is in Custodian\n',
    );
    const json = JSON.parse((await run('smp', 'check', file, '--json')).out);
    expect(json.notChecked).toEqual(['[[doc: Incident procedure]]', 'https://policies.example.test/a']);
    expect(json.completeness).toEqual([]);
  });

  it('exits 1 naming each completeness error, and 2 for a file it cannot read', async () => {
    const r = await run(
      'smp',
      'check',
      write('thin.md', '# Principles of security\n\nTBC\n\n# Appendix\n\nSee [policy](../policy.docx).'),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('still has placeholder text');
    expect(r.out).toContain('which is not a web address');
    expect(await run('smp', 'check', path.join(dir, 'missing.md'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file'),
    });
    expect(await run('smp', 'check', write('bad.docx', 'not a zip'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('Word'),
    });
  });
});

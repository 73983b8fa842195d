import { describe, expect, it } from 'vitest';
import { checkCompleteness } from './completeness.ts';
import { draftTasks } from './draft-tasks.ts';
import { REQUIRED_SECTIONS, type PlanContent } from './smp-content.ts';
import type { PlainEnglishReport } from './plan-health/plain-english.types.ts';

const prose =
  'We protect the service with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.';
const content = (markdown: Record<string, string>, lists: Partial<PlanContent> = {}): PlanContent => ({
  sections: REQUIRED_SECTIONS.map((r) => ({ key: r.key, heading: r.heading, markdown: markdown[r.key] ?? '' })),
  roles: [],
  thirdParties: [],
  ...lists,
});
const statuses = (c: PlanContent, plain?: PlainEnglishReport) =>
  Object.fromEntries(draftTasks(c, checkCompleteness(c, []), plain).map((t) => [t.key, t.status]));

describe('the draft plan’s task list', () => {
  it('derives each status from the content and the completeness checks', () => {
    const c = content(
      {
        principles: prose,
        roles: 'TBC',
        'third-parties': 'Short text.',
        scope: `${prose} See [[doc: Missing policy]].`,
      },
      { thirdParties: [{ name: 'Print Co', access: 'Sites', riskProcess: '' }] },
    );
    expect(statuses(c)).toEqual({
      principles: 'completed',
      roles: 'in-progress', // placeholder text
      'third-parties': 'in-progress', // too short to be substantive
      scope: 'has-findings', // refers to a document not in the register
      measures: 'not-started',
      transition: 'not-started',
      lists: 'in-progress', // no named role yet
    });
  });

  it('says a substantive section with plain-English advice has findings, and lists with a missing risk process too', () => {
    const c = content(Object.fromEntries(REQUIRED_SECTIONS.map((r) => [r.key, prose])), {
      roles: [{ role: 'Security manager', userId: '00000000-0000-7000-8000-000000000009' }],
      thirdParties: [{ name: 'Print Co', access: 'Sites', riskProcess: '' }],
    });
    const plain = {
      sections: [{ key: 'measures', findings: [{ message: 'This sentence is long' }] }],
    } as unknown as PlainEnglishReport;
    const tasks = draftTasks(c, checkCompleteness(c, []), plain);
    expect(tasks.find((t) => t.key === 'measures')).toMatchObject({
      status: 'has-findings',
      findings: ['This sentence is long'],
    });
    expect(tasks.find((t) => t.key === 'lists')).toMatchObject({
      status: 'has-findings',
      findings: ['Describe the risk process for Print Co'],
    });
    expect(tasks.filter((t) => t.status === 'completed').map((t) => t.key)).toEqual([
      'principles',
      'roles',
      'third-parties',
      'scope',
      'transition',
    ]);
  });

  it('starts with every task not started for an empty draft', () => {
    expect(new Set(Object.values(statuses(content({}))))).toEqual(new Set(['not-started']));
  });
});

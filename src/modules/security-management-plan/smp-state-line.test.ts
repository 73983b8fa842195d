import { describe, expect, it } from 'vitest';
import { planStateLine, type PlanStateInput } from './smp-state-line.ts';

const v = (number: number, status: PlanStateInput['versions'][number]['status']) => ({
  id: `v${number}`,
  number,
  status,
});
const base: PlanStateInput = {
  versions: [v(1, 'draft')],
  inForceNumber: null,
  decidedAt: {},
  disputes: [],
  running: [],
};
const dispute = {
  status: 'open' as const,
  opened_at: '2026-12-03T10:00:00.000Z',
  resolved_at: null,
  recorded_at: null,
  recorded_party: null,
  outcome: null,
};

/** Whose move it is on the plan, and by when, in each state (issue 15 item 12). */
describe('the plan’s state line', () => {
  it('before delivery: the Agency’s plan, due under 4.3.1', () => {
    expect(planStateLine({ ...base, running: [{ kind: 'smp.delivery', dueDate: '2026-12-30' }] })).toBe(
      'Awaiting the Agency’s plan for Approval — due Wednesday 30 December 2026 (clause 4.3.1).',
    );
  });

  it('after submission: the Client’s decision, due by its decision clock — not the 4.3.1 delivery text', () => {
    expect(
      planStateLine({
        ...base,
        versions: [v(1, 'submitted')],
        running: [
          { kind: 'smp.approval', dueDate: '2026-12-21' },
          { kind: 'smp.decision', dueDate: '2026-12-30' },
        ],
      }),
    ).toBe('Awaiting the Client’s decision on version 1 — due Wednesday 30 December 2026.');
  });

  it('a Variation awaiting a decision is named as the Variation', () => {
    expect(
      planStateLine({
        ...base,
        versions: [v(3, 'submitted'), v(2, 'approved')],
        inForceNumber: 2,
        variationNumber: 4,
        running: [{ kind: 'smp.decision', dueDate: '2027-01-20' }],
      }),
    ).toBe('Awaiting the Client’s decision on Variation 4 (version 3) — due Wednesday 20 January 2027.');
  });

  it('after a refusal: when it was refused and when the Agency resubmits by, also once the amended draft is started', () => {
    const refused = {
      ...base,
      versions: [v(1, 'not-approved')],
      decidedAt: { v1: '2026-12-03T15:00:00.000Z' },
      running: [{ kind: 'smp.resubmission', dueDate: '2026-12-17' }],
    };
    const line = 'Refused on Thursday 3 December 2026: the Agency resubmits by Thursday 17 December 2026.';
    expect(planStateLine(refused)).toBe(line);
    expect(planStateLine({ ...refused, versions: [v(2, 'draft'), v(1, 'not-approved')] })).toBe(line);
  });

  it('in dispute, before and after one party records the outcome', () => {
    const inDispute = { ...base, versions: [v(2, 'not-approved'), v(1, 'not-approved')], disputes: [dispute] };
    expect(planStateLine(inDispute)).toBe(
      'In the Dispute Resolution Procedure since Thursday 3 December 2026: either party records its outcome when the procedure ends, and the other confirms it.',
    );
    expect(
      planStateLine({
        ...inDispute,
        disputes: [{ ...dispute, recorded_at: '2027-01-05T10:00:00.000Z', recorded_party: 'agency' }],
      }),
    ).toBe(
      'In the Dispute Resolution Procedure since Thursday 3 December 2026: the Agency recorded its outcome on Tuesday 5 January 2027, awaiting the Client’s confirmation.',
    );
  });

  it('after a dispute’s outcome to amend and resubmit: when it ended and when the Agency resubmits by', () => {
    expect(
      planStateLine({
        ...base,
        versions: [v(2, 'not-approved'), v(1, 'not-approved')],
        decidedAt: { v2: '2026-12-03T10:00:00.000Z', v1: '2026-12-01T10:00:00.000Z' },
        disputes: [
          { ...dispute, status: 'resolved', outcome: 'amend-and-resubmit', resolved_at: '2027-01-06T10:00:00.000Z' },
        ],
        running: [{ kind: 'smp.resubmission', dueDate: '2027-01-20' }],
      }),
    ).toBe(
      'The Dispute Resolution Procedure ended on Wednesday 6 January 2027: the Agency resubmits by Wednesday 20 January 2027.',
    );
  });

  it('with a plan in force and nothing pending, and with none after a withdrawn dispute', () => {
    expect(planStateLine({ ...base, versions: [v(2, 'approved'), v(1, 'not-approved')], inForceNumber: 2 })).toBe(
      'Version 2 is the plan in force.',
    );
    expect(planStateLine({ ...base, versions: [v(1, 'withdrawn')] })).toBe(
      'No plan is in force yet: the Agency still owes one for Approval (clause 4.3.1).',
    );
  });
});

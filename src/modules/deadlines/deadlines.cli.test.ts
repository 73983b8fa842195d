import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { cliOf } from '../../../test/support/cli.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

for (const dialect of await dialectsUnderTest()) {
  describe(`custodian deadlines list (${dialect})`, () => {
    let t: TestApp;
    let ref: string;
    const run = cliOf(() => t);
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      const c = await aContract(t);
      ref = c.contract.orderReference;
      await t.services.deadlines.create(admin, c.contract.id, {
        kind: 'custom',
        clause: 'A4.3.1',
        title: 'Deliver the SMP',
        ownerParty: 'agency',
        triggerLabel: 'the Start Date',
        triggerDate: '2026-11-30',
        ruleKind: 'working-days',
        ruleCount: 20,
      });
    });
    afterAll(async () => t?.close());

    it('prints each deadline with its explanation, and JSON for machines', async () => {
      const text = await run('deadlines', 'list', '--contract', ref, '--status', 'open');
      expect(text.code).toBe(0);
      expect(text.out).toContain('2026-12-30  OPEN       A4.3.1   Deliver the SMP (agency)');
      expect(text.out).toContain('skipping 25 Dec (Christmas Day) and 28 Dec (Boxing Day, substitute day)');
      const json = JSON.parse((await run('deadlines', 'list', '--contract', ref, '--json')).out);
      expect(json).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'custom',
            clause: 'A4.3.1',
            dueAt: '2026-12-30T23:59:59.000Z',
            status: 'open',
          }),
        ]),
      );
      expect(json.map((d: { kind: string }) => d.kind).sort()).toEqual(['custom', 'smp.delivery']); // every contract starts with its SMP clock
    });

    it('says clearly when the contract or the status is wrong', async () => {
      expect(await run('deadlines', 'list', '--contract', 'NO-SUCH-REF')).toMatchObject({
        code: 1,
        err: expect.stringContaining('NO-SUCH-REF'),
      });
      expect(await run('deadlines', 'list', '--contract', ref, '--status', 'late')).toMatchObject({
        code: 2,
        err: expect.stringContaining('--status must be one of'),
      });
      expect((await run('deadlines', 'list', '--contract', ref, '--status', 'met')).out).toContain(
        'has no met deadlines',
      );
    });
  });
}

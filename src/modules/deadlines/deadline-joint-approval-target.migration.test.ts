import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const MIGRATION = '20261216T1000-deadline-joint-approval-target';
const system = { type: 'system' as const, name: 'test' };
const OLD_TITLE = 'Finish the approval process for the Security Management Plan';

// An approval clock stored owed by the Client before it became the Parties' joint target: a running
// one becomes joint (both leads see it and are reminded), a closed one keeps what it was judged by.
for (const dialect of await dialectsUnderTest()) {
  describe(`the joint approval target migration (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('turns a running approval clock owed by the Client into the joint target, leaves a met one alone, and goes back down', async () => {
      const c = await aContractWithLeads(t);
      const clock = () =>
        t.services.deadlines.create(system, c.contract.id, {
          kind: 'smp.approval',
          clause: 'A4.3.2',
          title: OLD_TITLE,
          ownerParty: 'client',
          subjectType: 'smp',
          subjectId: 'plan-1',
          triggerLabel: 'its first submission',
          triggerDate: '2026-11-30',
          ruleKind: 'working-days',
          ruleCount: 15,
        });
      const running = await clock();
      const met = await clock();
      await t.services.deadlines.meet(system, met.id);
      const row = async (id: string) =>
        t.db.db.selectFrom('deadlines').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const [runningBefore, metBefore] = [await row(running.id), await row(met.id)];

      const migrator = t.db.migrations.migrator();
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const previous = names[names.indexOf(MIGRATION) - 1]!;
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      // Down: both read as the Client's again (the met one was never changed), with the old title.
      expect(await row(met.id)).toMatchObject({ owner_party: 'client', title: OLD_TITLE });
      expect(await row(running.id)).toMatchObject({ owner_party: 'client', title: OLD_TITLE });

      expect((await migrator.migrateTo(MIGRATION)).error).toBeUndefined();
      const after = await row(running.id);
      const { owner_party, title, revision, updated_at, ...rest } = after;
      expect({ owner_party, title }).toEqual({
        owner_party: 'both',
        title: 'Approval process: 15 Working Day target (joint)',
      });
      expect(revision).toBeGreaterThan(runningBefore.revision);
      expect(updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const { owner_party: _o, title: _t, revision: _r, updated_at: _u, ...restBefore } = runningBefore;
      expect(rest).toEqual(restBefore);
      expect((await t.services.deadlines.get(running.id)).ownerParty).toBe('both');
      expect(await row(met.id)).toEqual(metBefore);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

type Contract = Awaited<ReturnType<typeof aContractWithLeads>>;

const prose = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;

for (const dialect of await dialectsUnderTest()) {
  describe(`Security Management Plan workflow (${dialect})`, () => {
    // Each test has its own app (and so its own database and clock at 2026-11-30 09:00): the assertions below
    // read notifications and audit events across the whole database.
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(async () => t?.close());

    const deadlines = async (c: Contract) =>
      (await t.services.deadlines.listForContract(c.contract.id)).map((d) => ({
        kind: d.kind,
        clause: d.clause,
        status: d.status,
        dueDate: d.dueDate,
        met: Boolean(d.metAt),
      }));
    async function writeAll(c: Contract, versionId: string) {
      for (const s of REQUIRED_SECTIONS)
        await t.services.smp.saveSection(c.agencyActor, c.contract.id, versionId, {
          key: s.key,
          markdown: prose(s.heading.toLowerCase()),
        });
      await t.services.smp.saveLists(c.agencyActor, c.contract.id, versionId, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [{ name: 'Acme Print', access: 'Print servers', riskProcess: 'Quarterly assurance review' }],
      });
    }
    /** A contract whose first version of the plan is complete and with the Client for a decision. */
    async function aContractWithPlanSubmitted() {
      const c = await aContractWithLeads(t);
      const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await writeAll(c, draft.id);
      await t.services.smp.submit(c.agencyActor, c.contract.id, draft.id);
      return c;
    }
    /** A contract whose plan's version 1 was not approved and version 2, amended, was: version 2 is in force. */
    async function aContractWithSecondVersionInForce() {
      const c = await aContractWithPlanSubmitted();
      let { versions } = await t.services.smp.overview(c.contract.id);
      await t.services.smp.decide(c.clientActor, c.contract.id, versions[0]!.id, {
        decision: 'not-approved',
        contentHash: versions[0]!.content_hash,
        reasons: [{ text: 'Section (c) does not name the print supplier’s subcontractors', clause: '4.2.1(c)' }],
        fails42: true,
      });
      const amended = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, amended.id, {
        key: 'third-parties',
        markdown: `${prose('third parties')} Acme Print uses two named subcontractors.`,
      });
      await t.services.smp.submit(c.agencyActor, c.contract.id, amended.id);
      ({ versions } = await t.services.smp.overview(c.contract.id));
      await t.services.smp.decide(c.clientActor, c.contract.id, versions[0]!.id, {
        decision: 'approved',
        contentHash: versions[0]!.content_hash,
      });
      return c;
    }

    it('starts with an empty draft and the 20 Working Day clock (A4.3.1) when the contract is created, and refuses to submit it incomplete', async () => {
      const c = await aContractWithLeads(t);
      expect(await deadlines(c)).toEqual([
        { kind: 'smp.delivery', clause: 'A4.3.1', status: 'open', dueDate: '2026-12-30', met: false },
      ]);
      const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
      expect(draft).toMatchObject({ number: 1, status: 'draft' });
      expect(await deadlines(c)).toEqual([
        { kind: 'smp.delivery', clause: 'A4.3.1', status: 'open', dueDate: '2026-12-30', met: false },
      ]);
      await expect(t.services.smp.submit(c.agencyActor, c.contract.id, draft.id)).rejects.toMatchObject({
        code: 'smp_incomplete',
        details: {
          errors: expect.arrayContaining([
            expect.objectContaining({ clause: '4.2.1(a)' }),
            expect.objectContaining({ clause: '4.2.1(b)', message: 'Name at least one person for a delegated role' }),
          ]),
        },
      });
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, { key: 'principles', markdown: 'TBC' });
      expect(
        (
          await t.services.smp.completeness(
            c.contract.id,
            (await t.services.smp.version(c.contract.id, draft.id)).content,
          )
        )[0]!.message,
      ).toContain('placeholder');
    });

    it('submits a complete version bound to its hash, starts the Parties’ joint 15 Working Day target and tells the Client', async () => {
      const c = await aContractWithLeads(t);
      const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await writeAll(c, draft.id);
      const submitted = await t.services.smp.submit(c.agencyActor, c.contract.id, draft.id);
      expect(submitted.content_hash).toBe(t.services.smp.hashContent(submitted.content));
      await expect(
        t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, { key: 'scope', markdown: prose('x') }),
      ).rejects.toMatchObject({ code: 'smp_not_draft' });
      expect(await deadlines(c)).toEqual(
        expect.arrayContaining([
          { kind: 'smp.delivery', clause: 'A4.3.1', status: 'met', dueDate: '2026-12-30', met: true },
          { kind: 'smp.approval', clause: 'A4.3.2', status: 'open', dueDate: '2026-12-21', met: false },
        ]),
      );
      const told = await t.db.db
        .selectFrom('notifications')
        .select('recipient_user_id')
        .where('kind', '=', 'smp.submitted')
        .execute();
      expect(told.map((n) => n.recipient_user_id)).toEqual([c.rep.id]);
    });

    it('refuses a decision on a hash the Client did not read, and a refusal without reasons', async () => {
      const c = await aContractWithPlanSubmitted();
      const { versions } = await t.services.smp.overview(c.contract.id);
      const v = versions[0]!;
      await expect(
        t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
          decision: 'approved',
          contentHash: 'a'.repeat(64),
        }),
      ).rejects.toMatchObject({ code: 'smp_stale' });
      await expect(
        t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
          decision: 'not-approved',
          contentHash: v.content_hash,
        }),
      ).rejects.toMatchObject({ fields: { reasons: 'Give at least one reason for not approving the plan' } });
    });

    it('on refusal gives the Agency 10 Working Days to resubmit; on approval puts the version in force and sets the annual review', async () => {
      const c = await aContractWithPlanSubmitted();
      let { versions } = await t.services.smp.overview(c.contract.id);
      await t.services.smp.decide(c.clientActor, c.contract.id, versions[0]!.id, {
        decision: 'not-approved',
        contentHash: versions[0]!.content_hash,
        reasons: [{ text: 'Section (c) does not name the print supplier’s subcontractors', clause: '4.2.1(c)' }],
        fails42: true,
      });
      expect(await deadlines(c)).toEqual(
        expect.arrayContaining([
          { kind: 'smp.resubmission', clause: 'A4.3.2', status: 'open', dueDate: '2026-12-14', met: false },
        ]),
      );
      const amended = await t.services.smp.draft(c.agencyActor, c.contract.id);
      expect(amended.number).toBe(2);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, amended.id, {
        key: 'third-parties',
        markdown: `${prose('third parties')} Acme Print uses two named subcontractors.`,
      });
      await t.services.smp.submit(c.agencyActor, c.contract.id, amended.id);
      ({ versions } = await t.services.smp.overview(c.contract.id));
      const result = await t.services.smp.decide(c.clientActor, c.contract.id, versions[0]!.id, {
        decision: 'approved',
        contentHash: versions[0]!.content_hash,
      });
      expect(result).toEqual({ approved: true, dispute: false });
      const o = await t.services.smp.overview(c.contract.id);
      expect(o.inForce).toMatchObject({ number: 2, status: 'approved' });
      expect(await deadlines(c)).toEqual(
        expect.arrayContaining([
          { kind: 'smp.resubmission', clause: 'A4.3.2', status: 'met', dueDate: '2026-12-14', met: true },
          { kind: 'smp.approval', clause: 'A4.3.2', status: 'met', dueDate: '2026-12-21', met: true },
          { kind: 'smp.review', clause: 'A4.4.1', status: 'open', dueDate: '2027-11-30', met: false },
        ]),
      );
      const approval = await t.db.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'smp-version.approve')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(approval.details)).toMatchObject({ contentHash: versions[0]!.content_hash });
    });

    it('holds references to the register of documents the parties hold (4.2.1(g))', async () => {
      const c = await aContractWithLeads(t);
      await writeAll(c, (await t.services.smp.draft(c.agencyActor, c.contract.id)).id);
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'measures',
        markdown: `${prose('measures')} See [[doc: Access Control Policy]] and [the ISMS](https://intranet.example/isms).`,
      });
      const errors = async () =>
        (
          await t.services.smp.completeness(c.contract.id, (await t.services.smp.version(c.contract.id, v.id)).content)
        ).map((e) => e.message);
      expect(await errors()).toEqual([
        expect.stringContaining('“Access Control Policy”, which is not in the register'),
        expect.stringContaining('“https://intranet.example/isms”, which is not in the register'),
      ]);
      await t.services.smp.register.add(c.agencyActor, c.contract.id, {
        title: 'Access Control Policy',
        version: '2.1',
        owner: 'Agency CISO',
        location: 'SharePoint / Policies',
        bothPartiesHold: 'yes',
      });
      await t.services.smp.register.add(c.agencyActor, c.contract.id, {
        title: 'ISMS manual',
        version: '7',
        owner: 'Agency CISO',
        location: 'https://intranet.example/isms',
        bothPartiesHold: 'no',
      });
      await expect(
        t.services.smp.register.add(c.agencyActor, c.contract.id, {
          title: 'access control policy',
          version: '1',
          owner: 'x',
          location: 'y',
          bothPartiesHold: 'yes',
        }),
      ).rejects.toMatchObject({ fields: { title: expect.stringContaining('already') } });
      expect(await errors()).toEqual([]);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'measures',
        markdown: prose('measures'),
      });
    });

    it('sends a second refusal in a cycle to dispute and tells both parties', async () => {
      const c = await aContractWithSecondVersionInForce();
      const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
      expect(draft).toMatchObject({
        number: 3,
        based_on_version_id: (await t.services.smp.overview(c.contract.id)).inForce!.id,
      });
      for (let round = 0; round < 2; round++) {
        const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
        await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
          key: 'measures',
          markdown: `${prose(`round ${round}`)}`,
        });
        const s = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id, {
          title: `Measures, round ${round}`,
          rationale: 'New threats to the print service',
        });
        const r = await t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
          decision: 'not-approved',
          contentHash: s.content_hash,
          reasons: [{ text: `Not enough, round ${round}` }],
        });
        expect(r.dispute).toBe(round === 1);
      }
      const o = await t.services.smp.overview(c.contract.id);
      expect(o.dispute).toMatchObject({ status: 'open' });
      expect(o.inForce!.number).toBe(2); // a refused change never replaces the plan in force
      const told = await t.db.db
        .selectFrom('notifications')
        .select('recipient_user_id')
        .where('kind', '=', 'smp.refused')
        .execute();
      expect(new Set(told.map((n) => n.recipient_user_id))).toEqual(new Set([c.manager.id, c.rep.id]));
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { inputValue, parse, textOf } from '../../../test/support/html.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';
import { pdfTextLines } from '../../platform/documents/fixtures/pdf-text.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const prose = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;

for (const dialect of await dialectsUnderTest()) {
  describe(`Plan reviews and Variations pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    /**
     * A contract whose first plan is approved, with its Agency security manager, Client's Representative and an
     * Agency staff member signed in.
     */
    async function aContractWithPlanInForce() {
      const c = await aContract(t);
      const base = `/contracts/${c.contract.id}`;
      const [manager, rep, worker] = [
        await aUser(t, c.agency.id),
        await aUser(t, c.client.id),
        await aUser(t, c.agency.id),
      ];
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: worker.id, role: 'agency-staff' });
      const a = { type: 'user' as const, userId: manager.id, organisationId: c.agency.id, privileged: false };
      const v = await t.services.smp.draft(a, c.contract.id);
      for (const s of REQUIRED_SECTIONS)
        await t.services.smp.saveSection(a, c.contract.id, v.id, { key: s.key, markdown: prose(s.heading) });
      await t.services.smp.saveLists(a, c.contract.id, v.id, {
        roles: [{ role: 'Security manager', userId: manager.id }],
        thirdParties: [],
      });
      const s = await t.services.smp.submit(a, c.contract.id, v.id);
      await t.services.smp.decide(
        { type: 'user', userId: rep.id, organisationId: c.client.id, privileged: false },
        c.contract.id,
        v.id,
        { decision: 'approved', contentHash: s.content_hash },
      );
      return {
        c,
        base,
        agency: (await signIn(t, manager.email)).agent,
        client: (await signIn(t, rep.email)).agent,
        staff: (await signIn(t, worker.email)).agent,
      };
    }
    type Parties = Awaited<ReturnType<typeof aContractWithPlanInForce>>;
    /** The annual review, recorded on the page, finds changes are needed: it opens a new draft. */
    async function reviewed() {
      const p = await aContractWithPlanInForce();
      const done = await p.agency.post(`${p.base}/smp/reviews/new`, {
        triggers: ['annual', 'd'],
        improvements: 'Cover cloud backups',
        riskUpdates: 'Ransomware now high',
        measurement: 'None',
        changesNeeded: 'yes',
      });
      expect(done.statusCode).toBe(303);
      return p;
    }
    /** Then the draft is proposed as Variation 1, “Cloud backups”; returns the Variation's page too. */
    async function variationProposed() {
      const p = await reviewed();
      const draft = (await t.services.smp.overview(p.c.contract.id)).versions[0]!;
      await p.agency.post(`${p.base}/smp/versions/${draft.id}/sections/measures`, {
        heading: 'Security measures and procedures',
        markdown: prose('cloud backups'),
        action: 'save',
      });
      const ok = await p.agency.post(`${p.base}/smp/versions/${draft.id}/submit`, {
        title: 'Cloud backups',
        rationale: 'The review found backups missing',
      });
      expect(ok.statusCode).toBe(303);
      return { ...p, variationPath: ok.headers.location as string };
    }
    /** The hash of the version on the page, as the Client reads it. */
    async function contentHashOn(p: Parties, path: string) {
      const hash = inputValue((await p.client.get(path)).body, 'contentHash')!;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      return hash;
    }
    /** A new draft changing the scope, submitted as a Variation and refused by the Client; returns its path. */
    async function refuse(p: Parties, topic: string) {
      const draft = await p.agency.post(`${p.base}/smp/draft`, {});
      const path = draft.headers.location as string;
      await p.agency.post(`${path}/sections/scope`, {
        heading: 'Scope of protection',
        markdown: prose(topic),
        action: 'save',
      });
      expect(
        (await p.agency.post(`${path}/submit`, { title: `Change to ${topic}`, rationale: 'Needed' })).statusCode,
      ).toBe(303);
      const hash = await contentHashOn(p, path);
      expect(
        (
          await p.client.post(`${path}/decision`, {
            decision: 'not-approved',
            contentHash: hash,
            'reason-0': 'Too vague',
            'clause-0': '4.2.1(e)',
          })
        ).statusCode,
      ).toBe(303);
      return path;
    }

    it('records a review with its results, keeping the input when something is missing, and starts the draft it calls for', async () => {
      const { base, agency, client } = await aContractWithPlanInForce();
      expect((await agency.get(`${base}/smp`)).body).toContain('Record a review');
      const missing = await agency.post(`${base}/smp/reviews/new`, {
        triggers: 'annual',
        improvements: 'Cover cloud backups',
        changesNeeded: 'yes',
      });
      expect(missing.statusCode).toBe(422);
      expect(missing.body).toContain('Enter the updates to the risk assessments, or say there are none');
      expect(missing.body).toContain('Cover cloud backups');
      const done = await agency.post(`${base}/smp/reviews/new`, {
        triggers: ['annual', 'd'],
        improvements: 'Cover cloud backups',
        riskUpdates: 'Ransomware now high',
        measurement: 'None',
        changesNeeded: 'yes',
      });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toMatch(/\/smp\/versions\//);
      const list = await client.get(`${base}/smp/reviews`);
      expect(list.body).toContain('Ransomware now high');
      expect(list.body).toContain('New or changed security threats (4.4.1(d))');
      expect((await client.get(`${base}/smp/reviews/new`)).statusCode).toBe(403);
    });

    it('proposes the new draft as a Variation, which asks for a rationale first', async () => {
      const { c, base, agency, client, staff } = await reviewed();
      const draft = (await t.services.smp.overview(c.contract.id)).versions[0]!;
      await agency.post(`${base}/smp/versions/${draft.id}/sections/measures`, {
        heading: 'Security measures and procedures',
        markdown: prose('cloud backups'),
        action: 'save',
      });
      const page = await agency.get(`${base}/smp/versions/${draft.id}`);
      expect(page.body).toContain('Propose this version as a Variation');
      const bad = await agency.post(`${base}/smp/versions/${draft.id}/submit`, {
        title: 'Cloud backups',
        rationale: '',
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Enter why the change is needed');
      const ok = await agency.post(`${base}/smp/versions/${draft.id}/submit`, {
        title: 'Cloud backups',
        rationale: 'The review found backups missing',
      });
      expect(ok.statusCode).toBe(303);
      const variationPath = ok.headers.location as string;
      expect(variationPath).toMatch(/\/variations\/[0-9a-f-]{36}$/);
      const shown = await client.get(variationPath);
      expect(shown.body).toContain('The review found backups missing');
      expect(shown.body).toContain('“Security measures and procedures”: changed');
      expect((await staff.get(variationPath)).statusCode).toBe(403);
    });

    it('lets the Client approve it fast-track on the version page, and both parties record the signed Variation', async () => {
      const { c, base, agency, client, variationPath } = await variationProposed();
      const v = (await t.services.smp.overview(c.contract.id)).versions[0]!;
      const page = await client.get(`${base}/smp/versions/${v.id}`);
      expect(page.body).toContain('Implement it now (fast-track, clause 4.4.4)');
      const decided = await client.post(`${base}/smp/versions/${v.id}/decision`, {
        decision: 'approved',
        contentHash: v.content_hash!,
        fastTrack: 'yes',
        fastTrackReason: 'Needed before the next audit',
      });
      expect(decided.statusCode).toBe(303);
      expect((await t.services.smp.overview(c.contract.id)).inForce!.id).toBe(v.id);
      const today = t.clock.now();
      const signedOn = {
        'date-day': String(today.getUTCDate()),
        'date-month': String(today.getUTCMonth() + 1),
        'date-year': String(today.getUTCFullYear()),
      };
      const blank = await agency.post(`${variationPath}/formalise`, { reference: '', ...signedOn });
      expect(blank.statusCode).toBe(422);
      expect(blank.body).toContain('Enter the reference of the signed Variation');
      // One party records the signed Variation, the other confirms it.
      expect((await agency.post(`${variationPath}/formalise`, { reference: 'CCN-7', ...signedOn })).statusCode).toBe(
        303,
      );
      expect((await client.post(`${variationPath}/formal-record`, { answer: 'confirm' })).statusCode).toBe(303);
      const pdf = await client.get(`${base}/smp/versions/${v.id}/export.pdf`);
      const printed = (await pdfTextLines(pdf.rawPayload)).join(' ').replace(/\s+/g, ' ');
      expect(printed).toContain('Variation 1: Cloud backups');
      expect(printed).toContain('formalised as CCN-7');
      const list = await client.get(`${base}/variations`);
      expect(list.body).toContain('Formalised');
      expect(list.body).toContain('fast-track');
    });

    it('shows the Agency why a version was not approved, and that it failed paragraph 4.2', async () => {
      const p = await aContractWithPlanInForce();
      const { base, agency, client } = p;
      const draft = await agency.post(`${base}/smp/draft`, {});
      const path = draft.headers.location as string;
      await agency.post(`${path}/sections/scope`, {
        heading: 'Scope of protection',
        markdown: prose('the new site'),
        action: 'save',
      });
      expect(
        (await agency.post(`${path}/submit`, { title: 'New site', rationale: 'We opened a site' })).statusCode,
      ).toBe(303);
      const hash = await contentHashOn(p, path);
      expect(
        (
          await client.post(`${path}/decision`, {
            decision: 'not-approved',
            contentHash: hash,
            'reason-0': 'The new site has no physical controls',
            'clause-0': '4.2.1(d)',
            fails42: 'yes',
          })
        ).statusCode,
      ).toBe(303);
      const page = await agency.get(path);
      expect(page.body).toContain('The new site has no physical controls (clause 4.2.1(d))');
      expect(page.body).toContain('does not meet the requirements of paragraph 4.2');
    });

    it('shows the dispute page to both parties’ leads only, and says when there is no dispute', async () => {
      const { base, agency, client, staff } = await aContractWithPlanInForce();
      expect((await client.get(`${base}/smp/dispute`)).body).toContain('The plan is not in dispute');
      expect((await agency.get(`${base}/smp/dispute`)).body).toContain('The plan is not in dispute');
      expect((await staff.get(`${base}/smp/dispute`)).statusCode).toBe(403);
      const none = await client.post(`${base}/smp/dispute`, { outcome: 'withdrawn', resolution: 'Settled' });
      expect(none.statusCode).toBe(303);
      expect((await client.get(`${base}/smp/dispute`)).body).toContain('The plan is not in dispute');
      expect((await agency.get(`${base}/smp`)).body).not.toContain('Disputes (clause 4.3.2)');
    });

    it('lists every dispute on the plan’s page: recorded by one party, declined, recorded again and confirmed by the other', async () => {
      const p = await aContractWithPlanInForce();
      const { base, agency, client, staff } = p;
      // The second refusal in a cycle sends the plan to dispute (clause 4.3.2): refuse once first.
      await refuse(p, 'the new site');
      expect((await agency.get(`${base}/smp`)).body).not.toContain('Disputes (clause 4.3.2)');
      const second = await refuse(p, 'another change');
      const open = (await agency.get(`${base}/smp`)).body;
      expect(open).toContain('Disputes (clause 4.3.2)');
      expect(parse(open)(`a[href="${second}"]`).length).toBeGreaterThan(0);
      expect(open).toContain('Not yet recorded: the plan is in dispute');
      const bad = await client.post(`${base}/smp/dispute`, { resolution: '', 'resubmitBy-day': '31' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Select the outcome of the Dispute Resolution Procedure');
      expect(bad.body).toContain('Enter what the Dispute Resolution Procedure decided');
      const record = (resolution: string) =>
        client.post(`${base}/smp/dispute`, {
          outcome: 'amend-and-resubmit',
          resolution,
          'resubmitBy-day': '15',
          'resubmitBy-month': '1',
          'resubmitBy-year': '2027',
        });
      expect((await record('The adjudicator asked for less detail.')).statusCode).toBe(303);
      // The recording party waits; the other party may confirm or decline.
      expect((await client.get(`${base}/smp/dispute`)).body).not.toContain('Confirm the outcome');
      const toConfirm = (await agency.get(`${base}/smp/dispute`)).body;
      expect(toConfirm).toContain('Confirm the outcome');
      expect(textOf(toConfirm, 'dispute-record')).toContain('Fri 15 Jan 2027');
      expect((await agency.post(`${base}/smp/dispute/decline`, { reason: '' })).statusCode).toBe(422);
      expect(
        (await agency.post(`${base}/smp/dispute/decline`, { reason: 'The award asked for more detail.' })).statusCode,
      ).toBe(303);
      expect(textOf((await client.get(`${base}/smp/dispute`)).body, 'dispute-declined')).toContain(
        'The award asked for more detail.',
      );
      expect((await record('The adjudicator asked for <b>more</b> detail.\nSee the award.')).statusCode).toBe(303);
      expect((await agency.get(`${base}/smp`)).body).toContain('awaiting the other party’s confirmation');
      expect((await agency.post(`${base}/smp/dispute/confirm`, {})).statusCode).toBe(303);
      const resolved = (await client.get(`${base}/smp`)).body;
      expect(resolved).toContain('The adjudicator asked for &lt;b&gt;more&lt;/b&gt; detail.\nSee the award.');
      expect(resolved).not.toContain('Not yet recorded');
      expect(resolved).toMatch(/Recorded by [^<]+ for the Client, [^<]+; confirmed by [^<]+/);
      expect(textOf(resolved, 'plan-state')).toMatch(
        /^The Dispute Resolution Procedure ended on \w+ \d+ \w+ \d{4}: the Agency resubmits by Friday 15 January 2027\.$/,
      );
      // Agency staff read the plan in force, not its versions or disputes.
      expect((await staff.get(`${base}/smp`)).body).not.toContain('Disputes (clause 4.3.2)');
    });
  });
}

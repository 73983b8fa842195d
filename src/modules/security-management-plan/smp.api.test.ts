import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/kernel/index.ts';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const admin: Extract<Actor, { type: 'user' }> = {
  type: 'user',
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const prose = (topic: string) =>
  `We protect ${topic} in accordance with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;

for (const dialect of await dialectsUnderTest()) {
  describe(`JSON API for the Security Management Plan and Variations (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContractWithLeads>>;
    let versionId: string;
    const get = (url: string, token: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const token = async (role: string) =>
      (
        await t.services.apiTokens.create(admin, {
          name: `${role} token`,
          contractId: c.contract.id,
          role,
          expiresOn: '2027-06-30',
        })
      ).secret;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    // Each test has its own contract, whose first plan is approved.
    beforeEach(async () => {
      c = await aContractWithLeads(t);
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      versionId = v.id;
      for (const s of REQUIRED_SECTIONS)
        await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
          key: s.key,
          markdown: prose(s.heading),
        });
      await t.services.smp.saveLists(c.agencyActor, c.contract.id, v.id, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [],
      });
      const s = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id);
      await t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
        decision: 'approved',
        contentHash: s.content_hash,
      });
    });
    /** A change of scope proposed as Variation 1, “New data centre”. */
    async function proposeNewDataCentre() {
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'scope',
        markdown: prose('the new data centre'),
      });
      await t.services.smp.submit(c.agencyActor, c.contract.id, v.id, {
        title: 'New data centre',
        rationale: 'We moved the servers',
      });
      return v;
    }

    it('gives every role the plan in force, and the list of versions only to those who read versions', async () => {
      const staff = (await get(`/api/v1/contracts/${c.contract.id}/smp`, await token('agency-staff'))).json() as {
        data: {
          inForce: { number: number; contentHash: string; content: { sections: unknown[] } };
          versions: unknown[];
          inDispute: boolean;
        };
      };
      expect(staff.data.inForce).toMatchObject({ number: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(staff.data.inForce.content.sections).toHaveLength(REQUIRED_SECTIONS.length);
      expect(staff.data).toMatchObject({ versions: [], inDispute: false, disputes: [] });
      const viewer = (await get(`/api/v1/contracts/${c.contract.id}/smp`, await token('client-viewer'))).json() as {
        data: { versions: { id: string; status: string }[] };
      };
      expect(viewer.data.versions).toEqual([expect.objectContaining({ id: versionId, status: 'approved' })]);
      expect(
        (await get(`/api/v1/contracts/${c.contract.id}/smp/versions/${versionId}`, await token('agency-staff')))
          .statusCode,
      ).toBe(403);
    });

    it('returns a version with its decision and the same plan health as the panel', async () => {
      const res = await get(`/api/v1/contracts/${c.contract.id}/smp/versions/${versionId}`, await token('auditor'));
      expect(res.statusCode).toBe(200);
      const { data } = res.json() as {
        data: {
          decision: { decision: string; contentHash: string };
          contentHash: string;
          health: {
            completeness: unknown[];
            plainEnglish: {
              overall: { complexWordCount: number };
              sections: { findings: { rule: string; suggestion?: string }[] }[];
            };
          };
        };
      };
      expect(data.decision).toMatchObject({ decision: 'approved', contentHash: data.contentHash });
      expect(data.health.completeness).toEqual([]);
      expect(data.health.plainEnglish.overall.complexWordCount).toBeGreaterThan(0);
      expect(data.health.plainEnglish.sections[0]!.findings).toContainEqual(
        expect.objectContaining({ rule: 'complex-word', suggestion: 'under' }),
      );
      expect(
        (
          await get(
            `/api/v1/contracts/${c.contract.id}/smp/versions/0190a0a0-0000-7000-8000-000000000999`,
            await token('auditor'),
          )
        ).statusCode,
      ).toBe(404);
    });

    it('lists Variations for roles that read them', async () => {
      const v = await proposeNewDataCentre();
      const res = await get(`/api/v1/contracts/${c.contract.id}/variations`, await token('oversight-viewer'));
      expect(res.json()).toMatchObject({
        data: [
          {
            number: 1,
            title: 'New data centre',
            status: 'proposed',
            subjectRef: v.id,
            fastTrack: false,
            changes: [expect.stringContaining('changed')],
          },
        ],
      });
      expect((await get(`/api/v1/contracts/${c.contract.id}/variations`, await token('agency-staff'))).statusCode).toBe(
        403,
      );
    });

    it('lists the disputes, open or with their outcome, to roles that read versions', async () => {
      // A Variation is proposed and refused, then a second one: the plan goes to dispute (clause 4.3.2).
      await proposeNewDataCentre();
      const refuse = async (v: { id: string; content_hash: string | null }) =>
        t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
          decision: 'not-approved',
          contentHash: v.content_hash,
          reasons: [{ text: 'Too vague', clause: '4.2.1(e)' }],
        });
      const pending = (await t.services.smp.overview(c.contract.id)).versions.find((v) => v.status === 'submitted')!;
      await refuse(pending);
      const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
        key: 'scope',
        markdown: prose('the new data centre and its backups'),
      });
      const second = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id, {
        title: 'New data centre, again',
        rationale: 'As asked',
      });
      expect((await refuse(second)).dispute).toBe(true);
      await t.services.smp.dispute(c.contract.id).record(c.clientActor, {
        outcome: 'amend-and-resubmit',
        resolution: 'Settled: describe the backups.',
      });
      await t.services.smp.dispute(c.contract.id).confirm(c.agencyActor);
      const { data } = (await get(`/api/v1/contracts/${c.contract.id}/smp`, await token('auditor'))).json() as {
        data: { inDispute: boolean; disputes: unknown[] };
      };
      expect(data.inDispute).toBe(false);
      expect(data.disputes).toEqual([
        {
          versionId: second.id,
          openedAt: expect.any(String),
          status: 'resolved',
          outcome: 'amend-and-resubmit',
          resolution: 'Settled: describe the backups.',
          resubmitBy: null,
          recordedBy: c.rep.id,
          recordedParty: 'client',
          recordedAt: expect.any(String),
          resolvedAt: expect.any(String),
          resolvedBy: c.manager.id,
          declinedBy: null,
          declinedAt: null,
          declineReason: null,
        },
      ]);
      expect((await get(`/api/v1/contracts/${c.contract.id}/smp`, await token('agency-staff'))).json()).toMatchObject({
        data: { disputes: [] },
      });
    });
  });
}

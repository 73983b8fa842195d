import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { REQUIRED_SECTIONS, type PlanContent } from './smp-content.ts';
import { hashContent } from './smp.service.ts';

const admin = systemActor('test');
// One plan's text as an import or a script sends it (LF); a browser's textarea sends the same with CRLF.
const prose = (topic: string) =>
  `We protect ${topic} with clear controls.\nEach control has an owner who checks it every month and reports to the security manager.\n\n- We record every check.\n- We fix what fails within five working days.`;
const risk = 'Annual certificate check.\nQuarterly access review.';
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

for (const dialect of await dialectsUnderTest()) {
  describe(`One line-ending form for the plan's text (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    /** Two contracts between the same parties, with the same security manager and Client's Representative signed in. */
    async function twoContracts() {
      const a = await aContract(t);
      const b = await aContract(t, { agencyOrganisationId: a.agency.id, clientOrganisationId: a.client.id });
      const manager = await aUser(t, a.agency.id);
      const rep = await aUser(t, a.client.id);
      for (const c of [a, b]) {
        await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
        await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      }
      return {
        ids: [a.contract.id, b.contract.id] as const,
        managerId: manager.id,
        agencyId: a.agency.id,
        agency: (await signIn(t, manager.email)).agent,
        client: (await signIn(t, rep.email)).agent,
      };
    }

    /** Writes the whole plan through the section and lists forms, each text passed through `form`. */
    async function writePlan(agency: BrowserAgent, contractId: string, managerId: string, form: (s: string) => string) {
      const path = (await agency.post(`/contracts/${contractId}/smp/draft`, {})).headers.location as string;
      for (const s of REQUIRED_SECTIONS) {
        const saved = await agency.post(`${path}/sections/${s.key}`, {
          heading: s.heading,
          markdown: form(prose(s.heading.toLowerCase())),
          action: 'save',
        });
        expect(saved.statusCode).toBe(303);
      }
      const lists = await agency.post(`${path}/lists`, {
        'role-0': 'Security manager',
        'person-0': managerId,
        'tp-name-0': 'Northwind Hosting Ltd',
        'tp-access-0': form('Hosts the service.\nHolds backups.'),
        'tp-risk-0': form(risk),
      });
      expect(lists.statusCode).toBe(303);
      return path;
    }

    const hasCr = (content: PlanContent) => JSON.stringify(content).includes('\\r');

    it('gives the same plan one hash whether its text came with CRLF, lone CR or LF, and stores it with LF', async () => {
      const { ids, managerId, agency } = await twoContracts();
      const fromBrowser = await writePlan(agency, ids[0], managerId, crlf);
      const fromFile = await writePlan(agency, ids[1], managerId, (s) => s);
      const stored = await t.services.smp.version(ids[0], fromBrowser.split('/').at(-1)!);
      expect(hasCr(stored.content)).toBe(false);

      // An old Mac's lone CR is a line ending too.
      const oldMac = await agency.post(`${fromBrowser}/sections/scope`, {
        heading: 'Scope of protection',
        markdown: prose('scope of protection').replace(/\n/g, '\r'),
        action: 'save',
      });
      expect(oldMac.statusCode).toBe(303);

      for (const path of [fromBrowser, fromFile])
        expect((await agency.post(`${path}/submit`, {})).statusCode).toBe(303);
      const [a, b] = await Promise.all([
        t.services.smp.version(ids[0], fromBrowser.split('/').at(-1)!),
        t.services.smp.version(ids[1], fromFile.split('/').at(-1)!),
      ]);
      expect(hasCr(a.content)).toBe(false);
      expect(a.content).toEqual(b.content);
      expect(a.content_hash).toBe(b.content_hash);
      expect(a.content_hash).toBe(hashContent(a.content));
    });

    it('stores an imported document’s content with LF whatever line endings reach the draft', async () => {
      const { ids, managerId, agencyId, agency } = await twoContracts();
      const path = await writePlan(agency, ids[0], managerId, (s) => s);
      const draft = await t.services.smp.version(ids[0], path.split('/').at(-1)!);
      // What the Word import's mapping step hands the draft (the import route calls replaceContent).
      const saved = await t.services.smp.replaceContent(
        { type: 'user', userId: managerId, organisationId: agencyId, privileged: false },
        ids[0],
        draft.id,
        {
          ...draft.content,
          sections: draft.content.sections.map((s) => ({ ...s, markdown: crlf(s.markdown) + '\r' })),
        },
        { imported: 'plan.docx' },
      );
      expect(hasCr(saved)).toBe(false);
      expect(hasCr((await t.services.smp.version(ids[0], draft.id)).content)).toBe(false);
    });

    it('normalises a draft stored with CRLF before the fix when it is submitted, and leaves submitted versions and their hashes as they were', async () => {
      const { ids, managerId, agency, client } = await twoContracts();
      const legacyDraft = await writePlan(agency, ids[0], managerId, (s) => s);
      const reference = await writePlan(agency, ids[1], managerId, (s) => s);
      const draftId = legacyDraft.split('/').at(-1)!;
      // A draft saved from a browser before line endings were normalised kept its CRLF.
      const before = await t.services.smp.version(ids[0], draftId);
      const withCrlf: PlanContent = {
        sections: before.content.sections.map((s) => ({ ...s, markdown: crlf(s.markdown) })),
        roles: before.content.roles,
        thirdParties: before.content.thirdParties.map((p) => ({
          ...p,
          access: crlf(p.access),
          riskProcess: crlf(p.riskProcess),
        })),
      };
      expect(hasCr(withCrlf)).toBe(true);
      await t.db.db
        .updateTable('smp_versions')
        .set({ content: JSON.stringify(withCrlf) })
        .where('id', '=', draftId)
        .execute();

      expect((await agency.post(`${legacyDraft}/submit`, {})).statusCode).toBe(303);
      expect((await agency.post(`${reference}/submit`, {})).statusCode).toBe(303);
      const submitted = await t.services.smp.version(ids[0], draftId);
      const other = await t.services.smp.version(ids[1], reference.split('/').at(-1)!);
      expect(hasCr(submitted.content)).toBe(false);
      expect(submitted.content_hash).toBe(other.content_hash);

      // A version submitted before the fix keeps its CRLF text and its hash: nothing rewrites history,
      // and the Client approves exactly the hash they read.
      const legacyHash = hashContent(withCrlf);
      await t.db.db
        .updateTable('smp_versions')
        .set({ content: JSON.stringify(withCrlf), content_hash: legacyHash })
        .where('id', '=', draftId)
        .execute();
      const approved = await client.post(`${legacyDraft}/decision`, { decision: 'approved', contentHash: legacyHash });
      expect(approved.statusCode).toBe(303);
      const kept = await t.services.smp.version(ids[0], draftId);
      expect(kept.content).toEqual(withCrlf);
      expect(kept.content_hash).toBe(legacyHash);
      expect(hashContent(kept.content)).toBe(legacyHash);
      const [decision] = await t.db.db
        .selectFrom('smp_decisions')
        .select('content_hash')
        .where('version_id', '=', draftId)
        .execute();
      expect(decision?.content_hash).toBe(legacyHash);
    });
  });
}

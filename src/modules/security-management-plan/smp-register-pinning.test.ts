import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

type Contract = Awaited<ReturnType<typeof aContractWithLeads>>;

const SENTENCE = 'The security manager reviews every account with access to Government Data each month.';
const entry = (title: string, location: string, bothPartiesHold: 'yes' | 'no') => ({
  title,
  version: '1.0',
  owner: 'Agency security team',
  location,
  bothPartiesHold,
});

for (const dialect of await dialectsUnderTest()) {
  describe(`the register of documents and what a version pins (${dialect})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(async () => t?.close());

    /** A complete draft whose measures section cites `[[doc: title]]`. */
    async function aDraftCiting(c: Contract, title: string) {
      const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
      for (const s of REQUIRED_SECTIONS)
        await t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, {
          key: s.key,
          markdown: s.key === 'measures' ? `${SENTENCE} Incidents follow the [[doc: ${title}]].` : SENTENCE,
        });
      await t.services.smp.saveLists(c.agencyActor, c.contract.id, draft.id, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [],
      });
      return t.services.smp.version(c.contract.id, draft.id);
    }
    const findings = async (c: Contract, versionId: string) =>
      (
        await t.services.smp.health(c.contract.id, await t.services.smp.version(c.contract.id, versionId))
      ).completeness.map((e) => e.message);

    it('counts a reference only to an entry both parties hold or whose location is a web address', async () => {
      const c = await aContractWithLeads(t);
      const shelf = await t.services.smp.register.add(c.agencyActor, c.contract.id, entry('Plan A', 'Shelf 3', 'no'));
      const draft = await aDraftCiting(c, 'Plan A');
      const notHeld =
        '“Security measures and procedures” refers to “Plan A”, but the register does not say the Client holds a copy and where it is held is not a web address (clause 4.2.1(g))';
      expect(await findings(c, draft.id)).toEqual([notHeld]);

      // The Client's Representative confirms it holds a copy: the reference counts.
      await t.services.smp.register.answer(c.clientActor, c.contract.id, shelf.id, { holds: 'yes' });
      expect(await findings(c, draft.id)).toEqual([]);
      // ...and disputes it, with a reason (required): it does not.
      await expect(
        t.services.smp.register.answer(c.clientActor, c.contract.id, shelf.id, { holds: 'no' }),
      ).rejects.toMatchObject({ fields: { reason: 'Say why the Client does not hold a copy' } });
      await t.services.smp.register.answer(c.clientActor, c.contract.id, shelf.id, {
        holds: 'no',
        reason: 'We were sent version 0.9 only',
      });
      expect(await findings(c, draft.id)).toEqual([
        '“Security measures and procedures” refers to “Plan A”, but the Client disputes holding a copy and where it is held is not a web address (clause 4.2.1(g))',
      ]);

      // The Agency's "both hold" stands until the Client disputes it; a web address counts whoever holds it.
      await t.services.smp.register.add(c.agencyActor, c.contract.id, entry('Plan B', 'Cabinet 2', 'yes'));
      await t.services.smp.register.add(
        c.agencyActor,
        c.contract.id,
        entry('Plan C', 'https://docs.example.test/c', 'no'),
      );
      for (const title of ['Plan B', 'Plan C']) {
        const d = await t.services.smp.draft(c.agencyActor, c.contract.id);
        await t.services.smp.saveSection(c.agencyActor, c.contract.id, d.id, {
          key: 'measures',
          markdown: `${SENTENCE} Incidents follow the [[doc: ${title}]].`,
        });
        expect(await findings(c, d.id)).toEqual([]);
      }

      const actions = await t.db.db
        .selectFrom('audit_events')
        .select(['action'])
        .where('action', 'like', 'smp-document.%')
        .orderBy('seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual([
        'smp-document.create',
        'smp-document.confirm',
        'smp-document.dispute',
        'smp-document.create',
        'smp-document.create',
      ]);
    });

    it('submits with open findings only when the Agency confirms their number, and keeps them for the Client', async () => {
      const c = await aContractWithLeads(t);
      const draft = await aDraftCiting(c, 'Nowhere');
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, { key: 'transition', markdown: 'TBC' });
      const open = await findings(c, draft.id);
      expect(open).toHaveLength(2);

      await expect(t.services.smp.submit(c.agencyActor, c.contract.id, draft.id)).rejects.toMatchObject({
        code: 'smp_incomplete',
        details: { openFindings: 2 },
      });
      // The Agency read one finding, but there are two now: it is asked again.
      await expect(
        t.services.smp.submit(c.agencyActor, c.contract.id, draft.id, { confirmOpenFindings: '1' }),
      ).rejects.toMatchObject({ code: 'smp_findings_changed' });
      const submitted = await t.services.smp.submit(c.agencyActor, c.contract.id, draft.id, {
        confirmOpenFindings: '2',
      });
      expect(submitted.status).toBe('submitted');
      expect((await t.services.smp.version(c.contract.id, draft.id)).submittedFindings.map((f) => f.message)).toEqual(
        open,
      );

      const audit = await t.db.db
        .selectFrom('audit_events')
        .select('event')
        .where('action', '=', 'smp-version.submit')
        .executeTakeFirstOrThrow();
      expect(audit.event).toContain('still has placeholder text');
      const told = await t.db.db
        .selectFrom('notifications')
        .select('body_text')
        .where('kind', '=', 'smp.submitted')
        .executeTakeFirstOrThrow();
      expect(told.body_text).toContain('The Agency submitted it with 2 open findings');
    });

    it('pins the entries a version cites into its hashed content: a later change to the register changes nothing it shows or exports', async () => {
      const c = await aContractWithLeads(t);
      const doc = await t.services.smp.register.add(
        c.agencyActor,
        c.contract.id,
        entry('Incident procedure', 'Shared drive, Security folder', 'yes'),
      );
      const draft = await aDraftCiting(c, 'Incident procedure');
      const v = await t.services.smp.submit(c.agencyActor, c.contract.id, draft.id);
      const pinned = {
        id: doc.id,
        title: 'Incident procedure',
        version: '1.0',
        owner: 'Agency security team',
        location: 'Shared drive, Security folder',
        bothPartiesHold: true,
        clientHolds: null,
      };
      expect(v.content.documents).toEqual([pinned]);
      expect(v.content_hash).toBe(t.services.smp.hashContent(v.content));
      await t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
        decision: 'approved',
        contentHash: v.content_hash,
      });
      const before = await t.services.smp.forExport(c.contract.id, v.id);

      // Later the Client disputes holding it and the Agency removes it from the register.
      await t.services.smp.register.answer(c.clientActor, c.contract.id, doc.id, { holds: 'no', reason: 'Lost it' });
      expect(await t.services.smp.versionsCiting(c.contract.id, doc.id)).toEqual([
        { id: v.id, number: 1, status: 'approved', inForce: true },
      ]);
      await t.services.smp.register.remove(c.agencyActor, c.contract.id, doc.id);

      const after = await t.services.smp.forExport(c.contract.id, v.id);
      expect(after.cited).toEqual(before.cited);
      expect(after.cited).toEqual([{ reference: 'Incident procedure', document: pinned }]);
      expect(await findings(c, v.id)).toEqual([]);
      // A new draft reads the live register: its reference no longer resolves.
      const next = await t.services.smp.draft(c.agencyActor, c.contract.id);
      expect(next.content.documents).toBeUndefined();
      expect(await findings(c, next.id)).toEqual([
        '“Security measures and procedures” refers to “Incident procedure”, which is not in the register of documents the parties hold',
      ]);
    });

    it('keeps the hash of a version submitted before entries were pinned, and shows it the register as it stood then', async () => {
      const c = await aContractWithLeads(t);
      const doc = await t.services.smp.register.add(
        c.agencyActor,
        c.contract.id,
        entry('Incident procedure', 'Shared drive', 'yes'),
      );
      const draft = await aDraftCiting(c, 'Incident procedure');
      const v = await t.services.smp.submit(c.agencyActor, c.contract.id, draft.id);
      // As a version submitted before this change was stored: no pinned entries, hashed without them.
      const { documents: _pinned, ...legacy } = v.content;
      await t.db.db
        .updateTable('smp_versions')
        .set({ content: JSON.stringify(legacy), content_hash: t.services.smp.hashContent(legacy) })
        .where('id', '=', v.id)
        .execute();
      t.clock.set(new Date('2026-12-02T10:00:00.000Z'));
      await t.services.smp.register.remove(c.agencyActor, c.contract.id, doc.id);
      const shown = await t.services.smp.forExport(c.contract.id, v.id);
      expect(shown.version.content_hash).toBe(t.services.smp.hashContent(shown.version.content));
      expect(shown.cited.map((x) => x.document?.title)).toEqual(['Incident procedure']);
    });
  });
}

import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { useTestApp } from '../../../test/support/test-app.ts';
import { pdfTextLines } from '../../platform/documents/fixtures/pdf-text.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const prose =
  'We protect the service with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.';

for (const dialect of await dialectsUnderTest()) {
  describe(`times in the plan's exports (${dialect})`, () => {
    const app = useTestApp(dialect);

    it('prints when the version was submitted and decided in UK time, in words, in the .docx and the PDF', async () => {
      const t = app();
      const c = await aContractWithLeads(t);
      const smp = t.services.smp;
      const v = await smp.draft(c.agencyActor, c.contract.id);
      for (const s of REQUIRED_SECTIONS)
        await smp.saveSection(c.agencyActor, c.contract.id, v.id, { key: s.key, markdown: prose });
      await smp.saveLists(c.agencyActor, c.contract.id, v.id, {
        roles: [{ role: 'Security manager', userId: c.manager.id }],
        thirdParties: [],
      });
      t.clock.set(new Date('2026-12-01T14:05:00.000Z'));
      const submitted = await smp.submit(c.agencyActor, c.contract.id, v.id);
      t.clock.set(new Date('2026-12-02T12:00:00.000Z'));
      await smp.decide(c.clientActor, c.contract.id, v.id, {
        decision: 'approved',
        contentHash: submitted.content_hash,
        reasons: [],
      });
      const { agent } = await signIn(t, c.rep.email);
      const base = `/contracts/${c.contract.id}/smp/versions/${v.id}`;

      const docx = await agent.get(`${base}/export.docx`);
      expect(docx.statusCode).toBe(200);
      const word = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value.replace(/\s+/g, ' ');
      const pdf = await agent.get(`${base}/export.pdf`);
      expect(pdf.statusCode).toBe(200);
      const printed = (await pdfTextLines(pdf.rawPayload)).join(' ').replace(/\s+/g, ' ');
      for (const text of [word, printed]) {
        expect(text).toContain('1 December 2026 at 2:05pm (UK time)');
        expect(text).toContain('2 December 2026 at midday (UK time)');
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no ISO timestamps for people to decode
        expect(text).not.toContain('(UTC)');
      }
    });
  });
}

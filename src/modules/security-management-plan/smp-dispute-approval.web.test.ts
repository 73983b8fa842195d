import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { pageText } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { pdfTextLines } from '../../platform/documents/fixtures/pdf-text.ts';
import { submitComplete } from './fixtures/submit-complete.ts';

/**
 * A version Approved by the outcome of the Dispute Resolution Procedure (clause 4.3.2): its page and
 * its exports say it was Approved that way, bound to its hash, with the Client's earlier refusal
 * kept as the earlier decision — never the refusal alone beside "Approved (the plan in force)".
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`a version Approved by the outcome of a dispute, on its page and in its exports (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('names the outcome as the decision, with who recorded and confirmed it, and the refusal as the earlier decision', async () => {
      const c = await aContractWithLeads(t);
      let disputed = { id: '', content_hash: '' };
      for (const day of ['2026-12-01', '2026-12-02']) {
        const sent = await submitComplete(t, c, day);
        t.clock.set(new Date(`${day}T10:00:00.000Z`));
        await t.services.smp.decide(c.clientActor, c.contract.id, sent.id, {
          decision: 'not-approved',
          contentHash: sent.content_hash,
          reasons: [{ text: 'Not enough detail on backups' }],
        });
        disputed = { id: sent.id, content_hash: sent.content_hash! };
      }
      t.clock.set(new Date('2026-12-10T10:00:00.000Z'));
      const dispute = t.services.smp.dispute(c.contract.id);
      await dispute.record(c.agencyActor, { outcome: 'approve-as-is', resolution: 'The expert found it adequate.' });
      await dispute.confirm(c.clientActor);

      const client = (await signIn(t, c.rep.email)).agent;
      const path = `/contracts/${c.contract.id}/smp/versions/${disputed.id}`;
      const page = pageText((await client.get(path)).body);
      expect(page).toContain(
        `by the outcome of the Dispute Resolution Procedure, bound to SHA-256 ${disputed.content_hash}`,
      );
      expect(page).toContain('What the procedure decided: The expert found it adequate.');
      expect(page).toMatch(/The Client’s earlier decision Not approved on .+ Not enough detail on backups/);

      const docx = await client.get(`${path}/export.docx`);
      expect(docx.statusCode).toBe(200);
      const { value } = await mammoth.extractRawText({ buffer: docx.rawPayload });
      const words = value.replace(/\s+/g, ' ');
      expect(words).toContain('Decision Approved by the outcome of the Dispute Resolution Procedure');
      expect(words).toContain(`Bound to SHA-256 ${disputed.content_hash}`);
      expect(words).toContain(`Outcome recorded by ${c.manager.displayName}`);
      expect(words).toContain(`Outcome confirmed by ${c.rep.displayName}`);
      expect(words).toContain('Earlier decision Not approved');
      expect(words).not.toMatch(/(^| )Decision Not approved/);

      const pdf = await client.get(`${path}/export.pdf`);
      expect(pdf.statusCode).toBe(200);
      const lines = await pdfTextLines(pdf.rawPayload);
      expect(lines).toEqual(
        expect.arrayContaining(['Approved by the outcome of the Dispute Resolution Procedure', 'Earlier decision']),
      );
    });
  });
}

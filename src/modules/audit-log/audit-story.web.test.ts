import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/kernel/index.ts';
import { aContractWithLeads, aUser, signIn } from '../../../test/support/builders.ts';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, parse } from '../../../test/support/html.ts';
import { anApprovedFirstPlan, aSubmittedVariation } from '../../../test/support/smp-plans.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The events table: each row's cells by their data-label. */
const rows = (html: string) => {
  const $ = parse(html);
  return $('table.govuk-table tbody tr')
    .toArray()
    .map((tr) =>
      Object.fromEntries(
        $(tr)
          .find('td')
          .toArray()
          .map((td) => [$(td).attr('data-label'), $(td).text().replace(/\s+/g, ' ').trim()]),
      ),
    );
};
const said = (html: string) => rows(html).map((r) => r['What happened']);

for (const dialect of await dialectsUnderTest()) {
  describe(`the audit page reads like a story (${dialect})`, () => {
    let t: TestApp;
    let c: Awaited<ReturnType<typeof aContractWithLeads>>;
    let auditor: BrowserAgent;
    let base: string;

    // A first plan Approved, then version 2 proposed as Variation 1 and Approved; the Client's
    // Representative looks at the deadlines page; an auditor reads the log.
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      c = await aContractWithLeads(t);
      await anApprovedFirstPlan(t, c);
      const v2 = await aSubmittedVariation(t, c);
      await t.services.smp.decide(c.clientActor, c.contract.id, v2.id, {
        decision: 'approved',
        contentHash: v2.content_hash,
        reasons: [],
      });
      const rep = (await signIn(t, c.rep.email)).agent;
      expect((await rep.get(`/contracts/${c.contract.id}/deadlines`)).statusCode).toBe(200);
      const person = await aUser(t, c.client.id, { displayName: 'Aude Auditor' });
      await t.services.contracts.grant(systemActor('audit-story-test'), c.contract.id, {
        userId: person.id,
        role: 'auditor',
      });
      auditor = (await signIn(t, person.email)).agent;
      base = `/contracts/${c.contract.id}/audit`;
    });
    afterAll(async () => t?.close());

    it('shows changes and decisions in words, naming people and Variations, with no ids', async () => {
      const page = await auditor.get(base);
      expect(page.statusCode).toBe(200);
      const what = said(page.body);
      expect(what).toEqual(
        expect.arrayContaining([
          'Submitted version 1 of the Security Management Plan',
          'Approved version 1 of the Security Management Plan',
          'Submitted Variation 1 (version 2) of the Security Management Plan',
          'Approved Variation 1 (version 2) of the Security Management Plan',
          'Proposed Variation 1',
          `Gave ${c.rep.displayName} the role Client's Representative`,
        ]),
      );
      expect(what.some((w) => w.startsWith('Started the clock for the deadline “'))).toBe(true);
      const table = parse(page.body)('table.govuk-table').text();
      expect(table).not.toMatch(UUID);
      const who = rows(page.body).map((r) => r.Who);
      expect(who).toEqual(expect.arrayContaining([c.manager.displayName, c.rep.displayName, 'Custodian']));
      // Each row keeps its event number for auditors, linked to the full record.
      expect(rows(page.body).every((r) => /^Event \d+/.test(r.Event ?? ''))).toBe(true);
    });

    it('leaves page views out unless asked for them', async () => {
      const without = said((await auditor.get(base)).body);
      expect(without).not.toContain('Viewed the Deadlines page');
      const page = await auditor.get(`${base}?pageViews=include`);
      expect(page.statusCode).toBe(200);
      expect(said(page.body)).toContain('Viewed the Deadlines page');
      expect(parse(page.body)('input[name="pageViews"]').is(':checked')).toBe(true);
      expect(parse(page.body)('table.govuk-table').text()).not.toMatch(UUID);
      // The downloads offered cover what the page shows.
      expect(page.body).toContain('pageViews=include&amp;format=csv');
      expect((await auditor.get(base)).body).toContain('pageViews=exclude&amp;format=csv');
    });

    it('filters by GOV.UK date inputs and refuses a date that does not exist with an error summary', async () => {
      const range = await auditor.get(
        `${base}?from-day=1&from-month=11&from-year=2026&to-day=31&to-month=12&to-year=2026`,
      );
      expect(range.statusCode).toBe(200);
      expect(said(range.body)).toContain('Approved version 1 of the Security Management Plan');
      expect(range.body).toContain('from=2026-11-01&amp;to=2026-12-31');
      const none = await auditor.get(`${base}?from-day=1&from-month=1&from-year=2027`);
      expect(none.body).toContain('No events match these filters');

      const bad = await auditor.get(`${base}?from-day=31&from-month=2&from-year=2026&to-day=x`);
      expect(bad.statusCode).toBe(422);
      expect(errorSummary(bad.body)).toEqual([
        'The from date must be a real date',
        'Enter the to date in the format 27 3 2026',
      ]);
      expect(parse(bad.body)('input[name="from-day"]').val()).toBe('31');
    });

    it('names each export file after the contract and the range it covers', async () => {
      const reference = c.contract.orderReference.toLowerCase();
      const csv = await auditor.get(`${base}/export?format=csv&from=2026-11-01&to=2026-12-31`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="custodian-audit-${reference}-2026-11-01-to-2026-12-31.csv"`,
      );
      const manifest = await auditor.get(`${base}/export/manifest?from=2026-11-01`);
      expect(manifest.headers['content-disposition']).toBe(
        `attachment; filename="custodian-audit-${reference}-2026-11-01-to-2026-11-30-manifest.json"`,
      );
    });
  });
}

import { describe, expect, it } from 'vitest';
import { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { aUser, PASSWORD, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { pageText, parse } from '../../../test/support/html.ts';
import { useTestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';

const admin = systemActor('test');

for (const dialect of await dialectsUnderTest()) {
  describe(`the first administrator's landing page (${dialect})`, () => {
    const app = useTestApp(dialect);

    /** The task list on the page `/` leads a signed-in person to: each step's title, status and link. */
    async function landing(agent: BrowserAgent) {
      const home = await agent.get('/');
      expect(home.statusCode).toBe(303);
      const page = await agent.get(home.headers.location as string);
      const $ = parse(page.body);
      const steps = $('.govuk-task-list__item')
        .map((_, el) => ({
          title: $(el)
            .find('.govuk-task-list__name-and-hint a, .govuk-task-list__name-and-hint > div')
            .first()
            .text()
            .trim(),
          hint: $(el).find('.govuk-task-list__hint').text().trim(),
          status: $(el).find('.govuk-task-list__status').text().trim(),
          href: $(el).find('a').attr('href'),
        }))
        .get();
      return { text: pageText(page.body), steps };
    }

    it('tells the administrator just set up what to add next, with links, and follows what exists', async () => {
      const t = app();
      const path = new URL((await t.services.links.setupLinkIfNeeded())!).pathname;
      const setup = new BrowserAgent(t.app);
      await setup.get(path);
      const done = await setup.post(path, {
        organisationName: 'Northwind Digital',
        organisationKind: 'agency',
        displayName: 'Ada First',
        email: 'ada@example.test',
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
      expect(done.statusCode).toBe(303);
      const { agent } = await signIn(t, 'ada@example.test');

      const first = await landing(agent);
      expect(first.text).not.toMatch(/ask your system administrator/i);
      expect(first.text).toContain('What to set up next');
      expect(first.steps.map((s) => [s.title, s.status, s.href])).toEqual([
        ['Add the organisations', 'Not yet started', '/admin/organisations/new'],
        ['Add the people who will use Custodian', 'Not yet started', '/admin/users/new'],
        ['Add a contract', 'Cannot start yet', undefined],
        ['Give people their roles on each contract', 'Cannot start yet', undefined],
      ]);
      expect(first.steps[0]!.hint).toContain('Add a Client (buyer)');

      // The Client, a person and a contract appear: the list says so, and the last step opens.
      const [agency] = await t.services.organisations.list();
      const client = await t.services.organisations.create(admin, { name: 'Ministry of Tests', kind: 'client' });
      const rep = await aUser(t, client.id, { displayName: 'Rita Rep' });
      const contract = await t.services.contracts.create(admin, {
        orderReference: 'ORD-1',
        title: 'Managed print service',
        startDate: '2026-11-30',
        agencyOrganisationId: agency!.id,
        clientOrganisationId: client.id,
        securityPolicyApplies: 'no',
        oversightMayEnforce: 'no',
      });
      const later = await landing(agent);
      expect(later.steps.map((s) => [s.title, s.status])).toEqual([
        ['Add the organisations', 'Completed'],
        ['Add the people who will use Custodian', 'Completed'],
        ['Add a contract', 'Completed'],
        ['Give people their roles on each contract', 'Not yet started'],
      ]);
      expect(later.steps[0]!.hint).toBe('Agency: Northwind Digital. Client: Ministry of Tests.');
      expect(later.steps[3]).toMatchObject({ href: `/admin/contracts/${contract.id}/members` });
      expect(later.steps[3]!.hint).toContain('ORD-1');

      // Once every contract has its two leads, the list has done its job and goes.
      const manager = await aUser(t, agency!.id);
      await t.services.contracts.grant(admin, contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, contract.id, { userId: rep.id, role: 'client-representative' });
      const finished = await landing(agent);
      expect(finished.steps).toEqual([]);
      expect(finished.text).toContain('ORD-1');
    });
  });
}

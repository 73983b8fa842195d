import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserAgent } from './support/browser-agent.ts';
import { aContractWithLeads, anAdmin, aUser, signIn } from './support/builders.ts';
import { dialectsUnderTest } from './support/databases.ts';
import { heading, parse } from './support/html.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

/**
 * A one-click destructive action is a confirm step: the page it is offered on links to a page that
 * says what will happen, whose warning button posts to the action and whose Cancel goes back.
 */
async function expectConfirmStep(
  agent: BrowserAgent,
  step: {
    listedOn: string;
    confirm: string;
    action: string;
    question: string;
    button: string;
    hidden?: object;
  },
) {
  const list = parse((await agent.get(step.listedOn)).body);
  expect(list(`main form[action="${step.action}"]`)).toHaveLength(0);
  expect(list(`main a[href="${step.confirm}"]`)).toHaveLength(1);
  const page = await agent.get(step.confirm);
  expect(page.statusCode).toBe(200);
  expect(heading(page.body)).toBe(step.question);
  const $ = parse(page.body);
  const form = $(`main form[action="${step.action}"]`);
  expect(form.find('button.govuk-button--warning').text().trim()).toBe(step.button);
  const hidden = Object.fromEntries(
    form
      .find('input[type="hidden"]:not([name="_csrf"])')
      .toArray()
      .map((el) => [$(el).attr('name'), $(el).attr('value')]),
  );
  expect(hidden).toEqual(step.hidden ?? {});
  expect($('main a:contains("Cancel")').attr('href')).toBe(step.listedOn);
}

for (const dialect of await dialectsUnderTest()) {
  describe(`confirm steps before destructive actions (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('asks before an administrator removes a role or disables an account, and before a holiday is removed', async () => {
      const admin = await anAdmin(t);
      const c = await aContractWithLeads(t);
      const [m] = (await t.services.contracts.memberships(c.contract.id)).filter((x) => x.userId === c.rep.id);
      await expectConfirmStep(admin.agent, {
        listedOn: `/admin/contracts/${c.contract.id}/members`,
        confirm: `/admin/contracts/${c.contract.id}/members/${m!.id}/remove`,
        action: `/admin/contracts/${c.contract.id}/members/${m!.id}/remove`,
        question: `Remove the Client's Representative role from ${c.rep.displayName}?`,
        button: 'Remove the role',
      });
      expect((await t.services.contracts.memberships(c.contract.id)).map((x) => x.id)).toContain(m!.id);

      const someone = await aUser(t, c.client.id);
      await expectConfirmStep(admin.agent, {
        listedOn: `/admin/users/${someone.id}`,
        confirm: `/admin/users/${someone.id}/disable`,
        action: `/admin/users/${someone.id}/disable`,
        question: `Disable ${someone.displayName}’s account?`,
        button: 'Disable the account',
      });
      expect((await t.services.users.get(someone.id)).status).not.toBe('disabled');

      await admin.agent.get('/admin/calendar');
      await admin.agent.post('/admin/calendar/holidays', {
        'date-day': '4',
        'date-month': '6',
        'date-year': '2030',
        title: 'Royal jubilee holiday',
        divisions: ['england-and-wales'],
        reason: 'Proclaimed on 1 March 2030',
      });
      const [holiday] = await t.services.calendar.oneOffHolidays();
      await expectConfirmStep(admin.agent, {
        listedOn: '/admin/calendar',
        confirm: `/admin/calendar/holidays/${holiday!.id}/remove`,
        action: '/admin/calendar/holidays/remove',
        question: 'Remove Royal jubilee holiday on Tue 4 Jun 2030?',
        button: 'Remove the holiday',
        hidden: { holidayId: holiday!.id },
      });
      expect(await t.services.calendar.oneOffHolidays()).toHaveLength(1);
    });

    it('asks before the security manager removes a staff member or retires a system, and before anyone stops their feed', async () => {
      const c = await aContractWithLeads(t);
      const manager = (await signIn(t, c.manager.email)).agent;
      const worker = await aUser(t, c.agency.id);
      const staff = await t.services.contracts.grant(c.agencyActor, c.contract.id, {
        userId: worker.id,
        role: 'agency-staff',
      });
      await expectConfirmStep(manager, {
        listedOn: `/contracts/${c.contract.id}/staff`,
        confirm: `/contracts/${c.contract.id}/staff/${staff.id}/remove`,
        action: `/contracts/${c.contract.id}/staff/${staff.id}/remove`,
        question: `Remove the Agency staff role from ${worker.displayName}?`,
        button: 'Remove the role',
      });

      const system = await t.services.systems.create(c.agencyActor, c.contract.id, {
        name: 'Admin jump host',
        owner: 'Agency platform team',
        hosting: 'Microsoft Azure UK South',
        holdsGovernmentData: 'no',
        privileged: 'yes',
        clearance: 'SC',
        notes: '',
      });
      await expectConfirmStep(manager, {
        listedOn: `/contracts/${c.contract.id}/systems`,
        confirm: `/contracts/${c.contract.id}/systems/${system.id}/retire`,
        action: `/contracts/${c.contract.id}/systems/${system.id}/retire`,
        question: 'Retire Admin jump host?',
        button: 'Retire the system',
      });
      expect((await t.services.systems.get(c.contract.id, system.id)).retiredAt).toBeNull();

      await t.services.deadlineFeed.renew(c.agencyActor);
      const list = parse((await manager.get('/deadlines')).body);
      expect(list('main form[action="/deadlines/feed/revoke"]')).toHaveLength(0);
      const confirm = await manager.get('/deadlines/feed/revoke');
      expect(heading(confirm.body)).toBe('Stop your calendar feed?');
      expect(parse(confirm.body)('main form[action="/deadlines/feed/revoke"] button').text().trim()).toBe(
        'Stop the feed',
      );
    });
  });
}

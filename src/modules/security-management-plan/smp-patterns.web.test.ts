import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { errorSummary, flashText, heading, inputValue, parse, summaryValue } from '../../../test/support/html.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const prose =
  'We protect the service with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.';

/** The hidden fields of the form posting to `action` on a page: what pressing its button sends. */
const formFields = (html: string, action: string) => {
  const $ = parse(html);
  return Object.fromEntries(
    $(`form[action="${action}"] input[type="hidden"]`)
      .toArray()
      .filter((el) => $(el).attr('name') !== '_csrf')
      .map((el) => [$(el).attr('name')!, $(el).attr('value') ?? '']),
  );
};
const taskStatuses = (html: string) => {
  const $ = parse(html);
  return Object.fromEntries(
    $('.govuk-task-list__item')
      .toArray()
      .map((li) => [
        $(li).find('.govuk-task-list__link').text().trim(),
        $(li).find('.govuk-task-list__status').text().trim(),
      ]),
  );
};

for (const dialect of await dialectsUnderTest()) {
  describe(`GOV.UK patterns on the plan's pages (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function aDraft() {
      const c = await aContract(t);
      const manager = await aUser(t, c.agency.id);
      const rep = await aUser(t, c.client.id);
      await t.services.contracts.grant(admin, c.contract.id, { userId: manager.id, role: 'agency-security-manager' });
      await t.services.contracts.grant(admin, c.contract.id, { userId: rep.id, role: 'client-representative' });
      const agency = (await signIn(t, manager.email)).agent;
      const client = (await signIn(t, rep.email)).agent;
      const versionPath = (await agency.post(`/contracts/${c.contract.id}/smp/draft`, {})).headers.location as string;
      return { c, agency, client, versionPath, managerId: manager.id };
    }
    async function complete(d: Awaited<ReturnType<typeof aDraft>>) {
      for (const s of REQUIRED_SECTIONS)
        await d.agency.post(`${d.versionPath}/sections/${s.key}`, {
          heading: s.heading,
          markdown: prose,
          action: 'save',
        });
      await d.agency.post(`${d.versionPath}/lists`, { 'role-0': 'Security manager', 'person-0': d.managerId });
    }

    it('shows the draft as a task list whose statuses follow the content, and plan health as advice, not an error summary', async () => {
      const d = await aDraft();
      const empty = await d.agency.get(d.versionPath);
      expect(taskStatuses(empty.body)).toEqual({
        ...Object.fromEntries(REQUIRED_SECTIONS.map((s) => [s.heading, 'Not started'])),
        'Roles and third parties': 'Not started',
      });
      const $ = parse(empty.body);
      expect($('.govuk-error-summary')).toHaveLength(0);
      expect($('[data-module="govuk-error-summary"], [role="alert"], [autofocus]')).toHaveLength(0);
      expect($('.custodian-plan-health h3').text()).toContain('7 open completeness findings');
      expect($(`.govuk-task-list__link[href="${d.versionPath}/sections/principles"]`).text().trim()).toBe(
        'Principles of security',
      );

      await d.agency.post(`${d.versionPath}/sections/principles`, {
        heading: 'Principles',
        markdown: prose,
        action: 'save',
      });
      await d.agency.post(`${d.versionPath}/sections/roles`, { heading: 'Roles', markdown: 'TBC', action: 'save' });
      await d.agency.post(`${d.versionPath}/sections/scope`, {
        heading: 'Scope',
        markdown: `${prose} See [[doc: Unregistered policy]].`,
        action: 'save',
      });
      const statuses = taskStatuses((await d.agency.get(d.versionPath)).body);
      expect(statuses).toMatchObject({
        'Principles of security': 'Completed',
        'Delegated organisational roles': 'In progress',
        'Scope of protection': 'Has findings',
        'Transition plans': 'Not started',
      });
    });

    it('checks a submission first: what will be fixed, with the form’s other fields carried on, and nothing changes until it is confirmed', async () => {
      const d = await aDraft();
      await complete(d);
      const check = await d.agency.post(`${d.versionPath}/submit/check`, { confirmOpenFindings: 'yes' });
      expect(check.statusCode).toBe(200);
      expect(heading(check.body)).toBe('Check version 1 before you submit it for Approval');
      expect(summaryValue(check.body, 'Version')).toBe('Version 1');
      expect(summaryValue(check.body, 'Sections')).toMatch(/^6 of 6 written/);
      expect(summaryValue(check.body, 'Roles and third parties')).toBe('1 named role, 0 third parties');
      expect(summaryValue(check.body, 'Open findings')).toMatch(/^0 completeness findings/);
      const hash = summaryValue(check.body, 'SHA-256 that will be fixed')!;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const fields = formFields(check.body, `${d.versionPath}/submit`);
      expect(fields).toEqual({ confirmOpenFindings: 'yes' });
      expect(parse(check.body)('main a:contains("Change")').first().attr('href')).toMatch(d.versionPath);
      expect((await t.services.smp.version(d.c.contract.id, d.versionPath.split('/').at(-1)!)).status).toBe('draft');

      const done = await d.agency.post(`${d.versionPath}/submit`, fields);
      expect(done.statusCode).toBe(303);
      const v = await t.services.smp.version(d.c.contract.id, d.versionPath.split('/').at(-1)!);
      expect(v).toMatchObject({ status: 'submitted', content_hash: hash });
    });

    it('lets an incomplete draft be delivered only once its open findings are confirmed on the check; a refusal is a problem, never a green banner', async () => {
      const d = await aDraft();
      const check = await d.agency.post(`${d.versionPath}/submit/check`, {});
      const $ = parse(check.body);
      expect(summaryValue(check.body, 'Open findings')).toContain('is empty');
      expect($('#check-problems li')).toHaveLength(0);
      expect($('main form button').text().trim()).toBe('Submit with 7 open findings');
      const refused = await d.agency.post(`${d.versionPath}/submit`, {});
      expect(refused.statusCode).toBe(303);
      const back = await d.agency.follow(refused);
      expect(parse(back.body)('.govuk-notification-banner')).toHaveLength(0);
      expect(flashText(back.body)).toBeUndefined();
      expect(parse(back.body)('.govuk-error-summary').text()).toContain(
        'Version 1 has 7 open findings (clause 4.2.1). To deliver it as it is, confirm them: Submit with 7 open findings',
      );
    });

    it('asks the decision with nothing chosen, reveals textareas for the reasons under "Do not approve", and checks it before recording', async () => {
      const d = await aDraft();
      await complete(d);
      await d.agency.post(`${d.versionPath}/submit`, {});
      const page = parse((await d.client.get(d.versionPath)).body);
      expect(page('input[name="decision"]:checked')).toHaveLength(0);
      const refuse = page('input[name="decision"][value="not-approved"]');
      const reveal = page(`#${refuse.attr('data-aria-controls')}`);
      expect(reveal.hasClass('govuk-radios__conditional')).toBe(true);
      expect(reveal.find('textarea[name="reason-0"]')).toHaveLength(1);
      expect(reveal.find('input[name="fails42"]')).toHaveLength(1);
      const hash = inputValue((await d.client.get(d.versionPath)).body, 'contentHash')!;

      const missing = await d.client.post(`${d.versionPath}/decision/check`, {
        decision: 'not-approved',
        contentHash: hash,
      });
      expect(missing.statusCode).toBe(422);
      expect(errorSummary(missing.body)).toEqual(['Give at least one reason for not approving the plan']);
      expect(parse(missing.body)('.govuk-error-summary__list a').attr('href')).toBe('#reason-0');
      expect(parse(missing.body)('input[name="decision"][value="not-approved"]').is(':checked')).toBe(true);

      const form = {
        decision: 'not-approved',
        contentHash: hash,
        'reason-0': '',
        'reason-1': 'Section (e) names no measures\nfor the print room',
        'clause-1': '4.2.1(e)',
        fails42: 'yes',
      };
      const check = await d.client.post(`${d.versionPath}/decision/check`, form);
      expect(check.statusCode).toBe(200);
      expect(heading(check.body)).toBe('Check your decision on version 1');
      expect(summaryValue(check.body, 'Decision')).toBe('Do not approve');
      expect(summaryValue(check.body, 'Reasons')).toBe(
        '1. Section (e) names no measures\nfor the print room (clause 4.2.1(e))',
      );
      expect(summaryValue(check.body, 'SHA-256 decided on')).toBe(hash);
      expect((await t.services.smp.version(d.c.contract.id, d.versionPath.split('/').at(-1)!)).status).toBe(
        'submitted',
      );
      const fields = formFields(check.body, `${d.versionPath}/decision`);
      expect(fields).toMatchObject({ decision: 'not-approved', 'reason-1': form['reason-1'], fails42: 'yes' });
      expect((await d.client.post(`${d.versionPath}/decision`, fields)).statusCode).toBe(303);
      const { decisions } = await t.services.smp.overview(d.c.contract.id);
      expect(decisions[0]).toMatchObject({
        decision: 'not-approved',
        reasons: [{ text: form['reason-1'], clause: '4.2.1(e)' }],
      });
    });

    it('records no reasons typed under "Do not approve" when the answer is Approve', async () => {
      const d = await aDraft();
      await complete(d);
      await d.agency.post(`${d.versionPath}/submit`, {});
      const hash = inputValue((await d.client.get(d.versionPath)).body, 'contentHash')!;
      const form = {
        decision: 'approved',
        contentHash: hash,
        'reason-0': 'Typed, then changed my mind',
        fails42: 'yes',
      };
      const check = await d.client.post(`${d.versionPath}/decision/check`, form);
      expect(summaryValue(check.body, 'Decision')).toBe('Approve');
      expect(summaryValue(check.body, 'Reasons')).toBeUndefined();
      expect((await d.client.post(`${d.versionPath}/decision`, form)).statusCode).toBe(303);
      const { decisions } = await t.services.smp.overview(d.c.contract.id);
      expect(decisions[0]).toMatchObject({ decision: 'approved', reasons: [], fails42: false });
    });
  });
}

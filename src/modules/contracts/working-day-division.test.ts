import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdmin, anOrganisation } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, inputValue, pageText, parse, summaryValue } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const REASON = 'Order Form special term 4: Working Days follow Scottish bank holidays';

/**
 * Joint Schedule 1 counts Working Days by England and Wales. A contract uses another division only
 * with a reason, given on the form at the change, kept on the contract and in its audit event, and
 * shown wherever its clocks are explained; changing the division moves the open clocks.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`a contract's Working Day division and its reason (${dialect})`, () => {
    let t: TestApp;
    let admin: Awaited<ReturnType<typeof anAdmin>>;
    let agencyId: string;
    let clientId: string;
    let n = 0;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      admin = await anAdmin(t);
      agencyId = (await anOrganisation(t, 'agency')).id;
      clientId = (await anOrganisation(t, 'client')).id;
    });
    afterAll(async () => t?.close());

    const details = (overrides: Record<string, string> = {}) => ({
      title: 'Managed print service',
      'startDate-day': '23',
      'startDate-month': '11',
      'startDate-year': '2026',
      clientRepresentativeUserId: '',
      oversightOrganisationId: '',
      securityPolicyApplies: 'no',
      oversightMayEnforce: 'no',
      workingDayDivision: 'england-and-wales',
      workingDayDivisionReason: '',
      notes: '',
      ...overrides,
    });
    async function add(overrides: Record<string, string> = {}) {
      await admin.agent.get('/admin/contracts/new');
      return admin.agent.post('/admin/contracts', {
        orderReference: `WD/${dialect}/${++n}`,
        agencyOrganisationId: agencyId,
        clientOrganisationId: clientId,
        ...details(overrides),
      });
    }
    async function edit(id: string, overrides: Record<string, string> = {}) {
      await admin.agent.get(`/admin/contracts/${id}/edit`);
      return admin.agent.post(`/admin/contracts/${id}`, details(overrides));
    }
    const idFrom = (location: unknown) => /^\/contracts\/([0-9a-f-]{36})$/.exec(String(location))![1]!;
    const delivery = async (contractId: string) =>
      (await t.services.deadlines.listForContract(contractId)).find((d) => d.clause === 'A4.3.1')!;
    const audited = async (contractId: string, action: string) =>
      (
        await t.db.db
          .selectFrom('audit_events')
          .select('details')
          .where('contract_id', '=', contractId)
          .where('action', '=', action)
          .orderBy('seq')
          .execute()
      ).map((e) => JSON.parse(e.details));

    it('asks for the reason when a new contract uses another division, keeps it, and shows it with its clocks', async () => {
      const missing = await add({ workingDayDivision: 'scotland' });
      expect(missing.statusCode).toBe(422);
      const message = 'Enter why this contract counts Working Days in Scotland rather than England and Wales';
      expect(errorSummary(missing.body)).toEqual([message]);
      expect(missing.body).toContain('href="#workingDayDivisionReason"');
      expect(parse(missing.body)('#workingDayDivision option[selected]').attr('value')).toBe('scotland');
      expect(inputValue(missing.body, 'title')).toBe('Managed print service');

      const tooLong = await add({ workingDayDivision: 'scotland', workingDayDivisionReason: 'x'.repeat(1001) });
      expect(tooLong.statusCode).toBe(422);
      expect(errorSummary(tooLong.body)).toEqual([
        'The reason for counting Working Days in another division must be 1000 characters or fewer',
      ]);

      const res = await add({ workingDayDivision: 'scotland', workingDayDivisionReason: ` ${REASON} ` });
      expect(res.statusCode).toBe(303);
      const id = idFrom(res.headers.location);
      expect(await t.services.contracts.get(id)).toMatchObject({
        workingDayDivision: 'scotland',
        workingDayDivisionReason: REASON,
      });
      const [created] = await audited(id, 'contract.create');
      expect(created.after).toMatchObject({ workingDayDivision: 'scotland', workingDayDivisionReason: REASON });

      const overview = (await admin.agent.get(`/contracts/${id}`)).body;
      expect(summaryValue(overview, 'Working Days skip the bank holidays of')).toBe(`Scotland. Why: ${REASON}`);

      // The delivery clock (A4.3.1) is counted in Scotland (skipping St Andrew's Day) and says why.
      const clock = await delivery(id);
      expect(clock).toMatchObject({ division: 'scotland', dueDate: '2026-12-22' });
      expect(clock.explanation).toBe(
        `Due Tue 22 Dec 2026: 20 Working Days (Scotland) after the Start Date (Mon 23 Nov 2026), skipping 30 Nov (St Andrew’s Day). Counted in Scotland rather than England and Wales (Joint Schedule 1) because: ${REASON}`,
      );
      const page = pageText((await admin.agent.get(`/contracts/${id}/deadlines`)).body);
      expect(page).toContain(`Working Days in Scotland, not England and Wales (Joint Schedule 1). Why: ${REASON}`);
      expect(page).toContain(clock.explanation);
    });

    it('asks for the reason when an existing contract changes division, then moves its open clocks and records it', async () => {
      const id = idFrom((await add()).headers.location);
      const before = await delivery(id);
      expect(before).toMatchObject({ division: 'england-and-wales', dueDate: '2026-12-21' });
      expect(before.explanation).not.toContain('Joint Schedule 1');

      const missing = await edit(id, { workingDayDivision: 'scotland' });
      expect(missing.statusCode).toBe(422);
      expect(errorSummary(missing.body)).toEqual([
        'Enter why this contract counts Working Days in Scotland rather than England and Wales',
      ]);
      expect((await t.services.contracts.get(id)).workingDayDivision).toBe('england-and-wales');
      expect(await delivery(id)).toEqual(before);

      expect((await edit(id, { workingDayDivision: 'scotland', workingDayDivisionReason: REASON })).statusCode).toBe(
        303,
      );
      const [changed] = await audited(id, 'contract.update');
      expect(changed).toMatchObject({
        before: { workingDayDivision: 'england-and-wales', workingDayDivisionReason: null },
        after: { workingDayDivision: 'scotland', workingDayDivisionReason: REASON },
      });
      const moved = await delivery(id);
      expect(moved).toMatchObject({
        id: before.id,
        status: 'open',
        division: 'scotland',
        dueDate: '2026-12-22',
        revision: before.revision + 1,
      });
      expect(moved.explanation).toContain(
        `because: ${REASON}. Moved from Mon 21 Dec 2026 because the contract’s Working Days changed from England and Wales to Scotland`,
      );
      const [move] = await audited(id, 'deadline.move');
      expect(move).toMatchObject({
        before: { division: 'england-and-wales', dueAt: '2026-12-21T23:59:59.000Z' },
        after: { division: 'scotland', dueAt: '2026-12-22T23:59:59.000Z' },
        reason: 'the contract’s Working Days changed from England and Wales to Scotland',
      });

      // The edit form shows the reason given; back to England and Wales needs none, and the clock follows.
      const form = parse((await admin.agent.get(`/admin/contracts/${id}/edit`)).body);
      expect(form('textarea#workingDayDivisionReason').text().trim()).toBe(REASON);
      expect((await edit(id)).statusCode).toBe(303);
      expect(await t.services.contracts.get(id)).toMatchObject({
        workingDayDivision: 'england-and-wales',
        workingDayDivisionReason: null,
      });
      const back = await delivery(id);
      expect(back).toMatchObject({ division: 'england-and-wales', dueDate: '2026-12-21' });
      expect(back.explanation).not.toContain(REASON);
    });

    it('gives the reason in the API with the contract and in its deadlines’ explanations', async () => {
      const id = idFrom(
        (await add({ workingDayDivision: 'scotland', workingDayDivisionReason: REASON })).headers.location,
      );
      const { secret } = await t.services.apiTokens.create(
        { type: 'user', userId: admin.user.id, organisationId: admin.org.id, privileged: true },
        { name: 'auditor', contractId: id, role: 'auditor', expiresOn: '2027-06-30' },
      );
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } });
      const contract = (await get(`/api/v1/contracts/${id}`)).json().data;
      expect(contract).toMatchObject({ workingDayDivision: 'scotland', workingDayDivisionReason: REASON });
      const deadlines = (await get(`/api/v1/contracts/${id}/deadlines`)).json().data as { explanation: string }[];
      expect(deadlines.map((d) => d.explanation)).toEqual([expect.stringContaining(`because: ${REASON}`)]);
    });
  });
}

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract, anAdmin } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { flashText, heading, pageText, parse, textOf } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const bearer = (t: TestApp, url: string, token: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
/** The secret shown in #api-token-secret, if it looks like one. */
const secretOn = (html: string) => {
  const shown = textOf(html, 'api-token-secret');
  return shown && /^cus_[A-Za-z0-9_-]+$/.test(shown) ? shown : undefined;
};

for (const dialect of await dialectsUnderTest()) {
  describe(`API token administration (${dialect})`, () => {
    let t: TestApp;
    let session: Awaited<ReturnType<typeof anAdmin>>;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());
    // Each test starts on 30 November 2026 (the tokens expire at the end of 2026) with its own administrator.
    beforeEach(async () => {
      t.clock.set(new Date('2026-11-30T09:00:00.000Z'));
      session = await anAdmin(t);
    });

    /** Creates a token through the real form and returns the secret shown on the page. */
    async function createThroughPage(contractId: string, role: string, name = 'SIEM export') {
      await session.agent.get('/admin/api-tokens/new');
      const res = await session.agent.post('/admin/api-tokens', {
        name,
        contractId,
        role,
        'expiresOn-day': '31',
        'expiresOn-month': '12',
        'expiresOn-year': '2026',
      });
      expect(res.statusCode).toBe(201);
      return { res, secret: secretOn(res.body)! };
    }

    it('shows the secret once, stores only its SHA-256, audits the creation and lets the token call the API', async () => {
      const { contract } = await aContract(t);
      const { res, secret } = await createThroughPage(contract.id, 'auditor');
      expect(secret).toMatch(/^cus_/);
      expect(res.body).toContain('You will not be able to see it again');
      expect(res.headers['cache-control']).toBe('no-store');

      const rows = await t.db.db.selectFrom('api_tokens').selectAll().where('contract_id', '=', contract.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(secret);

      const list = await session.agent.get('/admin/api-tokens');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('SIEM export');
      expect(list.body).toContain(contract.orderReference);
      expect(list.body).toContain('Auditor');
      expect(list.body).toContain('31 December 2026');
      expect(list.body).not.toContain(secret);

      const events = await t.services.audit.listRecent({
        action: 'api-token.create',
        contractId: contract.id,
        limit: 5,
      });
      expect(events).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain(secret);

      const me = await bearer(t, '/api/v1/token', secret);
      expect(me.statusCode).toBe(200);
      expect(me.json().data).toMatchObject({
        contractId: contract.id,
        role: 'auditor',
        status: 'active',
        name: 'SIEM export',
      });
      expect(me.body).not.toContain(rows[0]!.token_hash);
      expect((await bearer(t, `/api/v1/contracts/${contract.id}`, secret)).json().data.id).toBe(contract.id);
    });

    it('keeps the input and shows GOV.UK errors for a bad form', async () => {
      await session.agent.get('/admin/api-tokens/new');
      const res = await session.agent.post('/admin/api-tokens', {
        name: 'Half done',
        contractId: '',
        role: '',
        'expiresOn-day': '31',
        'expiresOn-month': '2',
        'expiresOn-year': '2027',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain('Select a contract');
      expect(res.body).toContain('Select a role');
      expect(res.body).toContain('The expiry date must be a real date');
      expect(res.body).toContain('href="#expiresOn"');
      expect(res.body).toContain('value="Half done"');
      expect(res.body).not.toContain('api-token-secret');
    });

    it('refuses an expiry in the past', async () => {
      const { contract } = await aContract(t);
      await session.agent.get('/admin/api-tokens/new');
      const res = await session.agent.post('/admin/api-tokens', {
        name: 'Old',
        contractId: contract.id,
        role: 'auditor',
        'expiresOn-day': '1',
        'expiresOn-month': '1',
        'expiresOn-year': '2026',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('The expiry date must be in the future');
    });

    it('revokes with Post/Redirect/Get; a revoked token then gets 401, and the revocation is audited', async () => {
      const { contract } = await aContract(t);
      const { secret } = await createThroughPage(contract.id, 'client-viewer', 'To revoke');
      expect((await bearer(t, '/api/v1/contracts', secret)).statusCode).toBe(200);
      const [token] = await t.services.apiTokens.list({ contractId: contract.id });
      const res = await session.agent.post(`/admin/api-tokens/${token!.id}/revoke`, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/api-tokens');
      const list = await session.agent.follow(res);
      expect(list.body).toContain('The API token “To revoke” was revoked');
      expect(list.body).toContain('Revoked');

      const denied = await bearer(t, '/api/v1/contracts', secret);
      expect(denied.statusCode).toBe(401);
      expect(denied.json().error.code).toBe('unauthenticated');
      const events = await t.services.audit.listRecent({
        action: 'api-token.revoke',
        contractId: contract.id,
        limit: 5,
      });
      expect(events).toHaveLength(1);
      expect((await session.agent.post(`/admin/api-tokens/${token!.id}/revoke`, {})).statusCode).toBe(409);
    });

    it('asks to confirm a revocation on its own page, which changes nothing until its button is pressed', async () => {
      const { contract } = await aContract(t);
      await createThroughPage(contract.id, 'client-viewer', 'Confirm me');
      const [token] = await t.services.apiTokens.list({ contractId: contract.id });
      const list = parse((await session.agent.get('/admin/api-tokens')).body);
      // The list has no one-click revoke: a link to the confirm step.
      expect(list(`form[action="/admin/api-tokens/${token!.id}/revoke"]`)).toHaveLength(0);
      expect(list(`a[href="/admin/api-tokens/${token!.id}/revoke"]`).text()).toBe('Revoke Confirm me');
      const confirm = await session.agent.get(`/admin/api-tokens/${token!.id}/revoke`);
      expect(confirm.statusCode).toBe(200);
      expect(heading(confirm.body)).toBe('Revoke the API token “Confirm me”?');
      expect(pageText(confirm.body)).toContain('refused from the moment you revoke it');
      const $ = parse(confirm.body);
      expect($(`main form[action="/admin/api-tokens/${token!.id}/revoke"] button`).text().trim()).toBe(
        'Revoke the token',
      );
      expect($('main a:contains("Cancel")').attr('href')).toBe('/admin/api-tokens');
      expect((await t.services.apiTokens.get(token!.id)).status).toBe('active');
      const done = await session.agent.post(`/admin/api-tokens/${token!.id}/revoke`, {});
      expect(done.statusCode).toBe(303);
      expect((await t.services.apiTokens.get(token!.id)).status).toBe('revoked');
      // Once revoked, the confirm step says so rather than offering to revoke it again.
      const again = await session.agent.get(`/admin/api-tokens/${token!.id}/revoke`);
      expect(again.statusCode).toBe(303);
      const back = await session.agent.follow(again);
      expect(flashText(back.body)).toBe('The API token “Confirm me” is already revoked: nothing to revoke');
      expect(parse(back.body)('.govuk-notification-banner--success')).toHaveLength(0);
    });

    it('stops a token working once it has expired', async () => {
      const { contract } = await aContract(t);
      const { secret } = await createThroughPage(contract.id, 'auditor', 'Short lived');
      expect((await bearer(t, '/api/v1/token', secret)).statusCode).toBe(200);
      // It works to the end of 31 December 2026 (UTC) and not a moment after.
      const minutesLeft = (Date.parse('2027-01-01T00:00:00.000Z') - t.clock.now().getTime()) / 60_000;
      t.clock.advanceMinutes(minutesLeft - 1);
      expect((await bearer(t, '/api/v1/token', secret)).statusCode).toBe(200);
      t.clock.advanceMinutes(1);
      const res = await bearer(t, '/api/v1/token', secret);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect((await t.services.apiTokens.list({ contractId: contract.id }))[0]!.status).toBe('expired');
    });

    it('is for system administrators only', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: '/admin/api-tokens' });
      expect(anonymous.statusCode).toBe(303);
      expect((await t.app.inject({ method: 'POST', url: '/admin/api-tokens/not-an-id/revoke' })).statusCode).toBe(303);
      expect((await session.agent.post('/admin/api-tokens/not-an-id/revoke', {})).statusCode).toBe(404);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { pageText } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

// A new feed address stops the one calendars already use: one click must not do that unasked.
for (const dialect of await dialectsUnderTest()) {
  describe(`making a new calendar feed address is confirmed first (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('makes the first address at once, and asks before a new one replaces it', async () => {
      const c = await aContractWithLeads(t);
      const { agent } = await signIn(t, c.manager.email);
      const first = await agent.post('/deadlines/feed', {});
      expect(first.statusCode).toBe(201);
      const firstPath = new URL(/https?:\/\/[^"<\s]+\.ics/.exec(first.body)![0]).pathname;

      // The button for a new address leads to the question; a bare POST (an old form) is sent there too.
      expect(pageText((await agent.get('/deadlines')).body)).toContain('Make a new feed address');
      const bare = await agent.post('/deadlines/feed', {});
      expect(bare.statusCode).toBe(303);
      expect(bare.headers.location).toBe('/deadlines/feed/new');
      expect((await t.app.inject({ url: firstPath })).statusCode).toBe(200);
      const question = pageText((await agent.get('/deadlines/feed/new')).body);
      expect(question).toContain('Make a new feed address?');
      expect(question).toContain('Your current feed address stops working at once');

      const second = await agent.post('/deadlines/feed', { replace: 'yes' });
      expect(second.statusCode).toBe(201);
      expect((await t.app.inject({ url: firstPath })).statusCode).toBe(404);
    });
  });
}

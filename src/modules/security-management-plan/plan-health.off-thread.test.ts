import { describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { parse } from '../../../test/support/html.ts';
import { seededRandom } from '../../../test/support/seeded-random.ts';
import { useTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const WHO = ['The security manager', 'Our service desk', 'Each team leader', 'The hosting supplier', 'We'];
const DOES = ['reviews', 'checks', 'records', 'approves', 'tests', 'updates'];
const WHAT = ['user access rights', 'every laptop', 'the firewall rules', 'the asset register', 'the backup copies'];
const WHEN = ['every month', 'each week', 'before go-live', 'within one Working Day', 'after each change'];

/** About `kb` KB of plan prose, different for each seed (so each plan is checked afresh). */
function prose(kb: number, seed: number): string {
  const rand = seededRandom(seed);
  const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)]!;
  const paragraphs: string[] = [];
  for (let size = 0; size < kb * 1024;) {
    const p = Array.from({ length: 5 }, () => `${pick(WHO)} ${pick(DOES)} ${pick(WHAT)} ${pick(WHEN)}.`).join(' ');
    paragraphs.push(p);
    size += p.length + 2;
  }
  return paragraphs.join('\n\n');
}

const probe = (base: string) => fetch(`${base}/healthz`).then((r) => r.json());

for (const dialect of await dialectsUnderTest()) {
  describe(`plan checks off the main thread (${dialect})`, () => {
    // One thread and no queue, so a second plan check while one runs is refused.
    const single = useTestApp(
      dialect,
      { CUSTODIAN_WORKER_THREADS: '1', CUSTODIAN_WORKER_QUEUE: '0' },
      { listen: true },
    );

    /** A contract whose draft has `kb` KB of prose in each of its first three sections; its manager signed in. */
    async function aDraft(kb: number, seed: number, app: TestApp) {
      const c = await aContractWithLeads(app);
      const draft = await app.services.smp.draft(c.agencyActor, c.contract.id);
      const sections = draft.content.sections.map((s, i) => (i < 3 ? { ...s, markdown: prose(kb, seed + i) } : s));
      await app.services.smp.replaceContent(c.agencyActor, c.contract.id, draft.id, { ...draft.content, sections }, {});
      const { agent } = await signIn(app, c.manager.email);
      const apiToken = (
        await app.services.apiTokens.create(admin, {
          name: 'reader',
          contractId: c.contract.id,
          role: 'agency-security-manager',
          expiresOn: '2027-06-30',
        })
      ).secret;
      return { c, draft, agent, path: `/contracts/${c.contract.id}/smp/versions/${draft.id}`, apiToken };
    }

    it('answers /healthz in turn, over a real listener, while a large plan is being checked', async () => {
      const t = single();
      const base = t.url;
      const { agent, path } = await aDraft(60, 1, t);
      // Told when the version page starts its plan health, so the probes go after the check began.
      const original = t.services.smp.health;
      let began!: () => void;
      const checking = new Promise<void>((resolve) => (began = resolve));
      t.services.smp.health = (...args) => (began(), original(...args));
      try {
        let pageDone = false;
        const page = fetch(`${base}${path}`, { headers: { cookie: agent.cookieHeader } }).then(async (r) => {
          pageDone = true;
          return { status: r.status, body: await r.text() };
        });
        await checking;
        const answeredBeforePage: boolean[] = [];
        for (let i = 0; i < 20; i++) {
          expect(await probe(base)).toEqual({ status: 'ok' });
          answeredBeforePage.push(!pageDone);
        }
        expect(answeredBeforePage).toEqual(Array(20).fill(true));
        const { status, body } = await page;
        expect(status).toBe(200);
        expect(parse(body)('[data-plain-unavailable]')).toHaveLength(0);
        expect(body).toContain('Reading ease');
      } finally {
        t.services.smp.health = original;
      }
    }, 120_000);

    it('checks a version once: views again, the API and views at the same time reuse its report', async () => {
      const t = single();
      const { agent, path, apiToken, c, draft } = await aDraft(2, 100, t);
      const before = t.workers.counts.accepted;
      const [one, two] = await Promise.all([agent.get(path), agent.get(path)]);
      const again = await agent.get(path);
      const api = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contracts/${c.contract.id}/smp/versions/${draft.id}`,
        headers: { authorization: `Bearer ${apiToken}` },
      });
      for (const r of [one, two, again, api]) expect(r.statusCode).toBe(200);
      expect(t.workers.counts.accepted - before).toBe(1);
      expect(parse(again.body)('.govuk-table__caption').text()).toContain('Plain-English findings by section');
      expect(api.json().data.health.plainEnglish.overall.wordCount).toBeGreaterThan(0);
      // Changed text is checked afresh.
      await t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, {
        key: draft.content.sections[0]!.key,
        markdown: 'We check every laptop each week.',
      });
      expect((await agent.get(path)).statusCode).toBe(200);
      expect(t.workers.counts.accepted - before).toBe(2);
    }, 120_000);

    it('refuses a check while the pool is full: the page shows the plan and says so, the API too, never a 500', async () => {
      const t = single();
      const busy = await aDraft(60, 200, t);
      // Large enough that its formatting goes to the pool too.
      const other = await aDraft(30, 300, t);
      const before = t.workers.counts.accepted;
      const first = busy.agent.get(busy.path);
      while (t.workers.counts.accepted === before) await new Promise((r) => setTimeout(r, 10));

      const page = await other.agent.get(other.path);
      expect(page.statusCode).toBe(200);
      const $ = parse(page.body);
      expect($('[data-plain-unavailable="busy"]').text()).toBe('The plan check is busy: try again in a minute.');
      expect($('[data-formatting-unavailable="busy"]').text()).toBe(
        'Formatting the plan is busy, so its text is shown as written: try again in a minute.',
      );
      expect($('[data-plan-text]')).toHaveLength(3);
      expect($('[data-plan-text]').first().text()).toMatch(
        /^(The security manager|Our service desk|Each team leader|The hosting supplier|We) /,
      );
      expect($('.custodian-markdown')).toHaveLength(0);
      const api = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contracts/${other.c.contract.id}/smp/versions/${other.draft.id}`,
        headers: { authorization: `Bearer ${other.apiToken}` },
      });
      expect(api.statusCode).toBe(200);
      expect(api.json().data.health).toMatchObject({
        plainEnglish: null,
        plainEnglishUnavailable: { code: 'busy', message: 'The plan check is busy: try again in a minute.' },
      });
      expect(api.json().data.content.sections[0].markdown).toContain('every');
      expect(t.workers.counts.refused).toBeGreaterThanOrEqual(2);

      // Refusals are not remembered: once the pool is free, the same version is checked.
      expect((await first).statusCode).toBe(200);
      const later = parse((await other.agent.get(other.path)).body);
      expect(later('[data-plain-unavailable], [data-formatting-unavailable], [data-plan-text]')).toHaveLength(0);
      expect(later('.custodian-markdown')).toHaveLength(3);
    }, 120_000);

    describe('with a one-second limit', () => {
      const limited = useTestApp(dialect, { CUSTODIAN_WORKER_TIMEOUT_SECONDS: '1' });

      it('stops a check that takes too long: the page shows the plan and says so, the API too; asked again, it is not started again', async () => {
        const quick = limited();
        const { agent, path, apiToken, c, draft } = await aDraft(120, 400, quick);
        const page = await agent.get(path);
        expect(page.statusCode).toBe(200);
        const $ = parse(page.body);
        expect($('[data-plain-unavailable="too-long"]').text()).toMatch(
          /^The plan check took too long and was stopped\./,
        );
        expect($('.custodian-markdown, [data-plan-text]').first().text()).toContain('every');
        expect(quick.workers.counts.timedOut).toBeGreaterThanOrEqual(1);

        // The API reads the same plan health: the stopped check is remembered, not started again.
        const accepted = quick.workers.counts.accepted;
        const api = await quick.app.inject({
          method: 'GET',
          url: `/api/v1/contracts/${c.contract.id}/smp/versions/${draft.id}`,
          headers: { authorization: `Bearer ${apiToken}` },
        });
        expect(api.statusCode).toBe(200);
        expect(api.json().data.health.plainEnglish).toBeNull();
        expect(api.json().data.health.plainEnglishUnavailable).toEqual({
          code: 'too-long',
          message:
            'The plan check took too long and was stopped. Shorter sections check faster: split a long section under more headings.',
        });
        expect(quick.workers.counts.accepted).toBe(accepted);
      }, 120_000);
    });
  });
}

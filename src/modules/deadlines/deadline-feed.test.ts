import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads, aUser } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { expectRfc5545, parseWithIcalJs, parseWithNodeIcal, readFeed } from '../../../test/support/icalendar.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

/** A clock the Agency owes, with its security manager as the owner. */
const aClock = (ownerUserId: string, title: string) => ({
  kind: 'custom',
  clause: 'B6.2',
  title,
  ownerParty: 'agency' as const,
  ownerUserId,
  triggerLabel: 'the Start Date',
  triggerDate: '2026-11-30',
  ruleKind: 'working-days' as const,
  ruleCount: 20,
});

/** Fetches a person's feed as a calendar app does: the private address, no session. */
async function fetchFeed(t: TestApp, user: { id: string; organisationId: string }) {
  const actor = { type: 'user' as const, userId: user.id, organisationId: user.organisationId, privileged: false };
  const { url } = await t.services.deadlineFeed.renew(actor);
  const path = new URL(url).pathname;
  return async () => {
    const res = await t.app.inject({ method: 'GET', url: path, headers: { 'user-agent': 'test calendar' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    return res.body;
  };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`the deadline calendar feed, to the letter of RFC 5545 (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('escapes, folds at 75 octets without splitting a character, ends every line with CRLF, and both parsers read back the exact text', async () => {
      const c = await aContractWithLeads(t);
      const title =
        'Fix; this, back\\slash and “quotes”\nthen Cymraeg ŵŷ, Ελληνικά, ≤ ✓ →, 日本語 and 🔐🔐🔐🔐🔐🔐🔐🔐🔐🔐 at every fold \u0007bell';
      // No owner named (the manager leads the Agency, so it is theirs anyway): the owner's notification
      // subject is a single line, which this title is not.
      const d = await t.services.deadlines.create(admin, c.contract.id, {
        ...aClock(c.manager.id, title),
        ownerUserId: null,
      });
      const body = await (await fetchFeed(t, c.manager))();
      const lines = expectRfc5545(body);
      // The contract's own plan deadline (A4.3.1) is in the feed too.
      expect(lines.filter((l) => l.includes('Fix\\; this\\, back\\\\slash'))).toHaveLength(2);
      const event = readFeed(body).find((e) => e.uid === `${d.id}@custodian`);
      // The bell cannot appear in iCalendar text (§3.3.11): it is shown as U+FFFD, everything else exactly.
      expect(event!.summary).toBe(`${c.contract.orderReference} B6.2 ${title.replace('\u0007', '\uFFFD')}`);
      expect(event!.description).toContain(title.replace('\u0007', '\uFFFD'));
      expect(event).toMatchObject({ uid: `${d.id}@custodian`, sequence: 0, start: d.dueDate });
      expect(event!.dtstamp).toBe('2026-11-30T09:00:00Z');
    });

    it('is a valid calendar with no deadlines in it', async () => {
      const c = await aContractWithLeads(t);
      const nobody = await aUser(t, c.agency.id);
      const body = await (await fetchFeed(t, nobody))();
      expectRfc5545(body);
      const { calendar } = parseWithIcalJs(body);
      expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
      expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Custodian//deadlines//EN');
      expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
      expect(calendar.getAllSubcomponents().length).toBeGreaterThan(0);
      expect(parseWithNodeIcal(body).calendar).toMatchObject({ version: '2.0', prodid: '-//Custodian//deadlines//EN' });
      expect(parseWithNodeIcal(body).events).toEqual([]);
    });
  });

  describe(`a deadline that changes in the feed (${dialect})`, () => {
    // Its own app: proclaiming a holiday changes the calendar that every other test counts on.
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('gets a new DTSTAMP and LAST-MODIFIED and the next SEQUENCE each time it moves, and not otherwise', async () => {
      const c = await aContractWithLeads(t);
      const d = await t.services.deadlines.create(admin, c.contract.id, aClock(c.manager.id, 'Send the plan'));
      const feed = await fetchFeed(t, c.manager);
      const readOne = async () => readFeed(await feed()).find((e) => e.uid === `${d.id}@custodian`)!;
      const first = await feed();
      const created = readFeed(first).find((e) => e.uid === `${d.id}@custodian`)!;
      expect(created).toMatchObject({ sequence: 0, dtstamp: '2026-11-30T09:00:00Z', start: '2026-12-30' });

      // Nothing changed: the same bytes, however much later it is fetched.
      t.clock.advanceMinutes(90);
      expect(await feed()).toBe(first);

      // A proclaimed holiday moves the due date.
      await t.services.calendar.addHoliday(
        { date: '2026-12-15', title: 'Proclaimed holiday', divisions: ['england-and-wales'], reason: 'Proclamation' },
        admin,
      );
      const moved = await readOne();
      expect(moved).toMatchObject({
        sequence: 1,
        dtstamp: '2026-11-30T10:30:00Z',
        lastModified: '2026-11-30T10:30:00Z',
        start: '2026-12-31',
      });

      // Missed: the summary says OVERDUE from the moment the deadline is marked so.
      t.clock.set(new Date('2027-01-04T08:00:00.000Z'));
      await t.services.deadlines.markMissed();
      const missed = await readOne();
      expect(missed.summary).toMatch(/^OVERDUE: /);
      expect(missed).toMatchObject({
        sequence: 2,
        dtstamp: '2027-01-04T08:00:00Z',
        lastModified: '2027-01-04T08:00:00Z',
      });

      // Done late: still listed (it stays missed), no longer overdue.
      t.clock.advanceMinutes(60);
      await t.services.deadlines.meetByHand(c.agencyActor, d.id, {});
      const doneLate = await readOne();
      expect(doneLate.summary).not.toMatch(/OVERDUE/);
      expect(doneLate).toMatchObject({ sequence: 3, dtstamp: '2027-01-04T09:00:00Z' });
    });
  });
}

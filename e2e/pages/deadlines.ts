import { expect } from 'vitest';
import type { Locator } from 'playwright-core';
import type { Visitor } from '../support/visitor.ts';

export interface NewDeadline {
  clause: string;
  title: string;
  owedBy: 'The Agency' | 'The Client';
  triggerLabel: string;
  triggerDate: { day: string; month: string; year: string };
  count: string;
  countedIn: 'Working Days' | 'Months';
}

/** A row of a deadline table, read cell by cell. */
export interface DeadlineRow {
  id: string;
  contract?: string;
  clause: string;
  title: string;
  owedBy: string;
  due: string;
  explanation: string;
  status: string;
  /** The plan version or Variation the clock belongs to ("Variation 1 (version 3)"), if it names one. */
  belongsTo?: string;
  /** The line under the status tag ("Waived: <reason>", "Met on …"), if any. */
  done: string;
}

/** The rows of the deadline table on the page ("All deadlines" or "Deadlines still to meet"), not the superseded clocks kept apart. */
export async function deadlineRows(v: Visitor): Promise<DeadlineRow[]> {
  const table = v.page.locator('main table.custodian-deadlines').first();
  if ((await table.count()) === 0) return [];
  const headers = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  const col = (name: string) => headers.indexOf(name);
  const rows = table.locator('tbody tr');
  const out: DeadlineRow[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const cells = row.locator('td');
    const cell = (name: string): Locator => cells.nth(col(name));
    const contractCol = col('Contract');
    out.push({
      id: (await row.getAttribute('data-deadline-id')) ?? '',
      ...(contractCol >= 0 ? { contract: (await cells.nth(contractCol).innerText()).trim() } : {}),
      clause: (await cell('Clause').innerText()).trim(),
      // The cell's first line says what is due; a second one, "For …", what it belongs to.
      title: (await cell('What is due').innerText()).split('\n')[0]!.trim(),
      ...((await cell('What is due').locator('[data-belongs-to] a').count())
        ? { belongsTo: (await cell('What is due').locator('[data-belongs-to] a').innerText()).trim() }
        : {}),
      owedBy: (await cell('Owed by').innerText()).trim(),
      due: (await cell('Due').locator('strong').innerText()).trim(),
      explanation: (await cell('Due').locator('span').innerText()).trim(),
      status: (await cell('Status').locator('.govuk-tag').innerText()).trim(),
      done: ((await cell('Status').locator('span.govuk-body-s').allInnerTexts())[0] ?? '').trim(),
    });
  }
  return out;
}

/** /contracts/:id/deadlines, its form to add a deadline and the page to waive one. */
export class ContractDeadlinesPages {
  constructor(private readonly v: Visitor) {}

  /** From the contract's overview, follows its "Deadlines" link. */
  async openFromContract(contractId: string): Promise<this> {
    await this.v.goto(`/contracts/${contractId}`);
    await this.v.follow(this.v.page.locator('main').getByRole('link', { name: /^Deadlines/ }));
    expect(this.v.path).toBe(`/contracts/${contractId}/deadlines`);
    expect(await this.v.heading()).toBe('Deadlines');
    return this;
  }

  rows(): Promise<DeadlineRow[]> {
    return deadlineRows(this.v);
  }

  /** The timeline: the SVG's accessible name and description, and the numbered list under it. */
  async timeline(): Promise<{ name: string; description: string; items: { text: string; href: string }[] }> {
    const svg = this.v.page.getByRole('img', { name: /^Timeline of deadlines/ });
    await expect.poll(() => svg.count()).toBe(1);
    expect(await svg.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    const description =
      (await this.v.page.locator('svg #timeline-desc').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
    const name = (await this.v.page.locator('svg #timeline-title').textContent())?.trim() ?? '';
    const links = this.v.page.locator('figure.custodian-timeline figcaption ol li a');
    const items: { text: string; href: string }[] = [];
    for (let i = 0; i < (await links.count()); i++) {
      items.push({
        text: (await links.nth(i).innerText()).trim(),
        href: (await links.nth(i).getAttribute('href')) ?? '',
      });
    }
    return { name, description, items };
  }

  /** "Add a deadline" on the contract's deadlines page. */
  async openForm(): Promise<void> {
    await this.v.follow(this.v.page.locator('main').getByRole('button', { name: 'Add a deadline' }));
    expect(await this.v.heading()).toBe('Add a deadline');
  }

  async fill(d: NewDeadline): Promise<void> {
    const page = this.v.page;
    await page.getByLabel('Clause', { exact: true }).fill(d.clause);
    await page.getByLabel('What is due', { exact: true }).fill(d.title);
    await page.getByRole('group', { name: 'Who owes it' }).getByRole('radio', { name: d.owedBy }).check();
    await page.getByLabel('What starts the clock', { exact: true }).fill(d.triggerLabel);
    const date = page.getByRole('group', { name: 'Date the clock starts' });
    await date.getByLabel('Day').fill(d.triggerDate.day);
    await date.getByLabel('Month').fill(d.triggerDate.month);
    await date.getByLabel('Year').fill(d.triggerDate.year);
    await page.getByLabel('How long', { exact: true }).fill(d.count);
    await page.getByRole('group', { name: 'Counted in' }).getByRole('radio', { name: d.countedIn }).check();
  }

  /** Submits the form expecting it back with errors (422); returns the error summary. */
  async addWithErrors(d: NewDeadline): Promise<string[]> {
    await this.fill(d);
    await this.v.submit('Add deadline', { status: 422, label: 'Add a deadline, with errors' });
    expect(await this.v.heading()).toBe('Add a deadline');
    return this.v.errorSummary();
  }

  /** What the form shows after a failed submission: the values it kept. */
  async keptValues(): Promise<Record<string, string | boolean>> {
    const page = this.v.page;
    const date = page.getByRole('group', { name: 'Date the clock starts' });
    return {
      clause: await page.getByLabel('Clause', { exact: true }).inputValue(),
      title: await page.getByLabel('What is due', { exact: true }).inputValue(),
      agency: await page.getByRole('radio', { name: 'The Agency' }).isChecked(),
      triggerLabel: await page.getByLabel('What starts the clock', { exact: true }).inputValue(),
      day: await date.getByLabel('Day').inputValue(),
      month: await date.getByLabel('Month').inputValue(),
      year: await date.getByLabel('Year').inputValue(),
      count: await page.getByLabel('How long', { exact: true }).inputValue(),
      workingDays: await page.getByRole('radio', { name: 'Working Days' }).isChecked(),
    };
  }

  /** Fills and submits; lands on the contract's deadlines page with the flash. */
  async add(d: NewDeadline): Promise<string> {
    await this.fill(d);
    await this.v.submit('Add deadline', { label: 'Deadlines, after adding one' });
    expect(await this.v.heading()).toBe('Deadlines');
    const banner = (await this.v.banner()) ?? '';
    expect(banner).toContain(`Deadline added: ${d.clause} ${d.title}, due`);
    return banner.replace(/\s+/g, ' ').trim();
  }

  /** Follows the row's "Waive" link (its accessible name names the clause and what is due). */
  async openWaive(clause: string, title: string): Promise<void> {
    await this.v.follow(
      this.v.page.locator('main table').getByRole('link', { name: `Waive ${clause} ${title}`, exact: true }),
    );
    expect(await this.v.heading()).toBe('Waive a deadline');
  }

  /** The summary list of the waive page. */
  async waiveSummary(): Promise<Record<string, string>> {
    const rows = this.v.page.locator('main .govuk-summary-list__row');
    const out: Record<string, string> = {};
    for (let i = 0; i < (await rows.count()); i++) {
      out[(await rows.nth(i).locator('dt').innerText()).trim()] = (
        await rows.nth(i).locator('dd').first().innerText()
      ).trim();
    }
    return out;
  }

  async waiveEmpty(): Promise<string[]> {
    await this.v.page.getByLabel('Why it is waived').fill('');
    await this.v.submit('Waive deadline', { status: 422, label: 'Waive a deadline, with errors' });
    return this.v.errorSummary();
  }

  async waive(reason: string): Promise<string> {
    await this.v.page.getByLabel('Why it is waived').fill(reason);
    await this.v.submit('Waive deadline', { label: 'Deadlines, after waiving one' });
    expect(await this.v.heading()).toBe('Deadlines');
    return ((await this.v.banner()) ?? '').replace(/\s+/g, ' ').trim();
  }
}

/** /deadlines: a person's own deadlines and their calendar feed. */
export class MyDeadlinesPage {
  constructor(private readonly v: Visitor) {}

  /** Through "Your deadlines" in the main menu. */
  async open(): Promise<this> {
    await this.v.follow(
      this.v.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Your deadlines' }),
    );
    expect(this.v.path).toBe('/deadlines');
    expect(await this.v.heading()).toBe('Your deadlines');
    return this;
  }

  rows(): Promise<DeadlineRow[]> {
    return deadlineRows(this.v);
  }

  /** "Make a feed address" (or "Make a new feed address"): the one-time address shown on a 201 page. */
  async makeFeed(button = 'Make a feed address'): Promise<string> {
    await this.v.submit(button, { status: 201, label: 'Your calendar feed address (one-time)' });
    const url = (await this.v.page.locator('main [data-feed-url]').innerText()).trim();
    expect(url).toMatch(new RegExp(`^${this.v.baseUrl}/feeds/deadlines/cdf_[A-Za-z0-9_-]+\\.ics$`));
    await this.v.follow(this.v.page.locator('main').getByRole('link', { name: 'Back to your deadlines' }));
    expect(this.v.path).toBe('/deadlines');
    return url;
  }

  /** "Make a new feed address" replaces the working one, so it asks first; confirming shows the new address. */
  async replaceFeed(): Promise<string> {
    await this.v.follow(this.v.page.locator('main').getByRole('button', { name: 'Make a new feed address' }), {
      label: 'Make a new feed address? (confirm)',
    });
    expect(await this.v.heading()).toBe('Make a new feed address?');
    return this.makeFeed('Make a new feed address');
  }

  /** "Stop the feed": back on /deadlines with the banner, and only "Make a feed address" offered. */
  async stopFeed(): Promise<string> {
    await this.v.follow(this.v.page.locator('main').getByRole('button', { name: 'Stop the feed' }), {
      label: 'Stop your calendar feed? (confirm)',
    });
    expect(await this.v.heading()).toBe('Stop your calendar feed?');
    await this.v.submit('Stop the feed', { label: 'Your deadlines, after stopping the feed' });
    expect(this.v.path).toBe('/deadlines');
    expect(await this.v.page.locator('main').getByRole('button', { name: 'Stop the feed' }).count()).toBe(0);
    expect(
      await this.v.page.locator('main').getByRole('button', { name: 'Make a feed address', exact: true }).count(),
    ).toBe(1);
    return ((await this.v.banner()) ?? '').replace(/\s+/g, ' ').trim();
  }
}

/** A feed fetched as a calendar app would: no session, just the address. */
export async function fetchFeed(url: string): Promise<{ status: number; contentType: string; body: string }> {
  const res = await fetch(url, { headers: { 'user-agent': 'Custodian e2e (calendar app)' }, redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The VEVENTs of an iCalendar body, folded lines unfolded, as property maps. */
export function vevents(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const m = /^([A-Z-]+)(;[^:]*)?:(.*)$/.exec(line);
      if (m) current[m[1]!] = m[3]!.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n');
    }
  }
  return events;
}

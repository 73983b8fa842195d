import { expect } from 'vitest';
import type { Visitor } from '../support/visitor.ts';

/** The administrator's calendar page: bank holidays, one-off holidays, loading GOV.UK data. */
export class CalendarAdminPage {
  constructor(private readonly v: Visitor) {}

  async open(query = ''): Promise<this> {
    await this.v.goto(`/admin/calendar${query}`);
    expect(await this.v.heading()).toBe('Bank holidays');
    return this;
  }

  /** The rows of the bank-holiday table, as "date | holiday | source". */
  async holidays(): Promise<string[]> {
    const rows = this.v.page.locator('main table').first().locator('tbody tr');
    return (await rows.allInnerTexts()).map((r) =>
      r
        .split('\t')
        .map((c) => c.trim())
        .join(' | '),
    );
  }

  /** Adds a one-off holiday with nothing typed: the form comes back with an error summary (422). */
  async addEmpty(): Promise<string[]> {
    await this.v.submit('Add holiday', { status: 422, label: 'Bank holidays, with errors' });
    return this.v.errorSummary();
  }

  async addHoliday(h: {
    day: string;
    month: string;
    year: string;
    title: string;
    divisions: string[];
    reason: string;
  }): Promise<void> {
    const page = this.v.page;
    const date = page.getByRole('group', { name: 'Date of the holiday' });
    await date.getByLabel('Day').fill(h.day);
    await date.getByLabel('Month').fill(h.month);
    await date.getByLabel('Year').fill(h.year);
    await page.getByLabel('Name of the holiday').fill(h.title);
    const where = page.getByRole('group', { name: 'Where it applies' });
    for (const box of ['England and Wales', 'Scotland', 'Northern Ireland']) {
      if (h.divisions.includes(box)) await where.getByLabel(box).check();
      else await where.getByLabel(box).uncheck();
    }
    await page.getByLabel('Why it is being added').fill(h.reason);
    await this.v.submit('Add holiday');
    expect(await this.v.banner()).toContain(`${h.title} on`);
  }
}

/** The Working-Day calculator anyone signed in can use. */
export class CalculatorPage {
  constructor(private readonly v: Visitor) {}

  async open(): Promise<this> {
    await this.v.goto('/calendar');
    expect(await this.v.heading()).toBe('Working-Day calculator');
    return this;
  }

  /** Calculates and returns the result heading and the explanation. */
  async calculate(
    input: { day: string; month: string; year: string; workingDays: string; division?: string },
    status = 200,
  ): Promise<{ heading: string | null; explanation: string | null }> {
    const page = this.v.page;
    const date = page.getByRole('group', { name: 'Date the clock starts from' });
    await date.getByLabel('Day').fill(input.day);
    await date.getByLabel('Month').fill(input.month);
    await date.getByLabel('Year').fill(input.year);
    await page.getByLabel('Number of Working Days').fill(input.workingDays);
    await page.getByRole('radio', { name: input.division ?? 'England and Wales' }).check();
    await this.v.submit('Calculate', {
      status,
      label: status === 200 ? 'Working-Day calculator, with a result' : 'Working-Day calculator, with errors',
    });
    if (status !== 200) return { heading: null, explanation: null };
    const explanation = await page
      .locator('.govuk-summary-list__row', { hasText: 'How it was worked out' })
      .locator('dd')
      .first()
      .innerText();
    return { heading: (await page.locator('#result').innerText()).trim(), explanation: explanation.trim() };
  }
}

import { expect } from 'vitest';
import type { Visitor } from '../support/visitor.ts';

export interface NewContract {
  orderReference: string;
  title: string;
  startDate: { day: string; month: string; year: string };
  agency: string;
  client: string;
  /** The option text "<name> – <organisation>", or undefined for "Not named yet". */
  representative?: string;
}

/** /admin/contracts/new */
export class ContractFormPage {
  constructor(private readonly v: Visitor) {}

  async open(): Promise<this> {
    await this.v.goto('/contracts');
    await this.v.follow(this.v.page.getByRole('button', { name: 'Add a contract' }));
    expect(await this.v.heading()).toBe('Add a contract');
    return this;
  }

  async submitEmpty(): Promise<string[]> {
    await this.v.submit('Add contract', { status: 422, label: 'Add a contract, with errors' });
    return this.v.errorSummary();
  }

  /** Fills and submits the form; returns the new contract's id from the overview it lands on. */
  async add(c: NewContract): Promise<string> {
    const page = this.v.page;
    await page.getByLabel('Order reference').fill(c.orderReference);
    await page.getByLabel('Title').fill(c.title);
    const date = page.getByRole('group', { name: 'Start Date' });
    await date.getByLabel('Day').fill(c.startDate.day);
    await date.getByLabel('Month').fill(c.startDate.month);
    await date.getByLabel('Year').fill(c.startDate.year);
    await page.getByLabel('Agency (supplier)').selectOption({ label: c.agency });
    await page.getByLabel('Client (buyer)').selectOption({ label: c.client });
    await page
      .getByLabel("Client's Representative")
      .selectOption(c.representative ? { label: c.representative } : { label: 'Not named yet' });
    await this.v.submit('Add contract');
    expect(await this.v.heading()).toBe(c.title);
    expect(await this.v.banner()).toContain(`Contract ${c.orderReference} was added`);
    const id = this.v.path.split('/').pop()!;
    expect(this.v.path).toBe(`/contracts/${id}`);
    return id;
  }
}

/** /admin/contracts/:id/edit, reached from the contract's "Change details" button. */
export class ContractEditPage {
  constructor(private readonly v: Visitor) {}

  async open(contractId: string): Promise<this> {
    await this.v.goto(`/contracts/${contractId}`);
    await this.v.follow(this.v.page.locator('main').getByRole('button', { name: 'Change details' }));
    expect(this.v.path).toBe(`/admin/contracts/${contractId}/edit`);
    return this;
  }

  /** Sets the Start Date and the Working Day division (and its reason, when given), and saves. */
  async fill(change: { startDate?: { day: string; month: string; year: string }; division?: string; reason?: string }) {
    const page = this.v.page;
    if (change.startDate) {
      const date = page.getByRole('group', { name: 'Start Date' });
      await date.getByLabel('Day').fill(change.startDate.day);
      await date.getByLabel('Month').fill(change.startDate.month);
      await date.getByLabel('Year').fill(change.startDate.year);
    }
    if (change.division)
      await page.getByLabel('Working Days skip the bank holidays of').selectOption({ label: change.division });
    await page.getByLabel('Why this contract counts Working Days in another division').fill(change.reason ?? '');
  }

  /** Saves expecting the form back with errors; returns the error summary. */
  async saveWithErrors(): Promise<string[]> {
    await this.v.submit('Save', { status: 422, label: 'Change a contract, with errors' });
    return this.v.errorSummary();
  }

  /** Saves, landing on the contract's overview with its banner. */
  async save(): Promise<void> {
    await this.v.submit('Save');
    expect(await this.v.banner()).toContain('The contract was updated');
  }
}

/** /contracts and /contracts/:id */
export class ContractsPages {
  constructor(private readonly v: Visitor) {}

  /** The order references listed on /contracts. */
  async listed(): Promise<string[]> {
    await this.v.goto('/contracts');
    return (await this.v.page.locator('main table tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
  }

  async overview(id: string): Promise<{ title: string; parties: Record<string, string> }> {
    await this.v.goto(`/contracts/${id}`);
    return { title: await this.v.heading(), parties: await summaryList(this.v, 'Parties') };
  }

  /** Opens a contract expecting the 403 error page; returns its heading. */
  async forbidden(id: string): Promise<string> {
    await this.v.goto(`/contracts/${id}`, { status: 403 });
    return this.v.heading();
  }

  /** The "Roles on this contract" page: the people and roles listed. */
  async members(id: string): Promise<{ name: string; role: string }[]> {
    await this.v.goto(`/admin/contracts/${id}/members`);
    const rows = this.v.page.locator('main table tbody tr');
    const out: { name: string; role: string }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      out.push({ name: cells[0]!.trim(), role: cells[1]!.trim() });
    }
    return out;
  }
}

async function summaryList(v: Visitor, heading: string): Promise<Record<string, string>> {
  const list = v.page.locator(`h2:text-is("${heading}") + dl.govuk-summary-list`);
  const rows = list.locator('.govuk-summary-list__row');
  const out: Record<string, string> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    out[(await rows.nth(i).locator('dt').innerText()).trim()] = (
      await rows.nth(i).locator('dd').first().innerText()
    ).trim();
  }
  return out;
}

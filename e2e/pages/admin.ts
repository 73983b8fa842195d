import { expect } from 'vitest';
import type { Visitor } from '../support/visitor.ts';

export type OrganisationKind = 'Agency (supplier)' | 'Client (buyer)' | 'Oversight body';

/** Administration of organisations: list, add, show. */
export class OrganisationsPages {
  constructor(private readonly v: Visitor) {}

  async add(name: string, kind: OrganisationKind): Promise<string> {
    await this.v.goto('/admin/organisations');
    await this.v.follow(this.v.page.getByRole('button', { name: 'Add an organisation' }));
    await this.v.page.getByLabel('Name', { exact: true }).fill(name);
    await this.v.page.getByRole('radio', { name: kind }).check();
    await this.v.submit('Add organisation');
    expect(await this.v.heading()).toBe(name);
    expect(await this.v.banner()).toContain(`${name} was added`);
    return this.v.path.split('/').pop()!;
  }
}

/** Administration of user accounts. */
export class UsersPages {
  constructor(private readonly v: Visitor) {}

  /** Adds a user and returns the one-time activation link shown once on the result page. */
  async add(person: { displayName: string; email: string }, organisation: string): Promise<string> {
    await this.v.goto('/admin/users');
    await this.v.follow(this.v.page.getByRole('button', { name: 'Add a user' }));
    await this.v.page.getByLabel('Full name').fill(person.displayName);
    await this.v.page.getByLabel('Email address').fill(person.email);
    await this.v.page.getByLabel('Organisation').selectOption({ label: organisation });
    await this.v.submit('Add user', { status: 201, label: 'User added (one-time link)' });
    const link = (await this.v.page.locator('#one-time-link').innerText()).trim();
    expect(link).toMatch(new RegExp(`^${this.v.baseUrl}/activate/[A-Za-z0-9_-]+$`));
    return link;
  }
}

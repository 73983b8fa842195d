import { expect } from 'vitest';
import type { Visitor } from '../support/visitor.ts';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** /notifications: a person's in-app notifications, newest first, and one of them in full. */
export class NotificationsPage {
  constructor(private readonly v: Visitor) {}

  /** Through the header's notifications link. */
  async open(): Promise<this> {
    await this.v.follow(
      this.v.page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: /^Notifications/ }),
    );
    expect(this.v.path).toBe('/notifications');
    return this;
  }

  /** The subjects listed on the first page. */
  async subjects(): Promise<string[]> {
    return (await this.v.page.locator('main table tbody tr td:first-child a').allInnerTexts()).map(squash);
  }

  /** Opens the notification with this subject; returns its text. */
  async read(subject: string): Promise<string> {
    await this.v.follow(this.v.page.locator('main table').getByRole('link', { name: subject, exact: true }));
    expect(squash(await this.v.heading())).toBe(subject);
    return (await this.v.page.locator('#notification-text').innerText()).trim();
  }
}

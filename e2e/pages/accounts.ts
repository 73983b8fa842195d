import { expect } from 'vitest';
import { currentTotp } from '../../src/platform/auth/index.ts';
import type { Visitor } from '../support/visitor.ts';

export interface Person {
  displayName: string;
  email: string;
  password: string;
}

/** The first-run page reached through the link the server prints. */
export class SetupPage {
  constructor(private readonly v: Visitor) {}

  async open(setupUrl: string): Promise<this> {
    await this.v.goto(setupUrl);
    expect(await this.v.heading()).toBe('Set up Custodian');
    return this;
  }

  /** Submits with nothing typed: the form comes back with an error summary (422). */
  async submitEmpty(): Promise<string[]> {
    await this.v.submit('Create administrator', { status: 422, label: 'Set up Custodian, with errors' });
    return this.v.errorSummary();
  }

  async createAdministrator(organisation: string, admin: Person): Promise<void> {
    const page = this.v.page;
    await page.getByLabel('Organisation name').fill(organisation);
    await page.getByRole('radio', { name: 'Agency (supplier)' }).check();
    await page.getByLabel('Full name').fill(admin.displayName);
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByLabel('Confirm password').fill(admin.password);
    await this.v.submit('Create administrator', { label: 'Sign in, after setup' });
    expect(this.v.path).toBe('/sign-in');
  }
}

/** Password step, then the authenticator: enrolment on first sign-in, a code afterwards. */
export class SignInPage {
  constructor(private readonly v: Visitor) {}

  async open(): Promise<this> {
    await this.v.goto('/sign-in');
    return this;
  }

  async submitEmpty(): Promise<string[]> {
    await this.v.submit('Continue', { status: 422, label: 'Sign in, with errors' });
    return this.v.errorSummary();
  }

  async enterPassword(person: Person): Promise<void> {
    await this.v.page.getByLabel('Email address').fill(person.email);
    await this.v.page.getByLabel('Password', { exact: true }).fill(person.password);
    await this.v.submit('Continue');
  }

  /** First sign-in: password, then enrol an authenticator with the key shown on the page. `now` is the server's time. */
  async signInAndEnrol(person: Person, now = new Date()): Promise<{ secret: string; recoveryCodes: string[] }> {
    await this.enterPassword(person);
    expect(this.v.path).toBe('/mfa/enrol');
    const enrol = new MfaEnrolPage(this.v);
    const secret = await enrol.secret();
    const recoveryCodes = await enrol.confirm(currentTotp(secret, now));
    return { secret, recoveryCodes };
  }

  /** A later sign-in: password, then the authenticator's code for the server's time `now`; lands on the contract list. */
  async signInWithCode(person: Person, secret: string, now = new Date()): Promise<void> {
    await this.enterPassword(person);
    expect(this.v.path).toBe('/sign-in/mfa');
    await this.v.page.getByLabel('Security code').fill(currentTotp(secret, now));
    await this.v.submit('Sign in');
    expect(this.v.path).toBe('/contracts');
  }
}

export class MfaEnrolPage {
  constructor(private readonly v: Visitor) {}

  /** The base32 key shown for people who cannot scan the QR code. */
  async secret(): Promise<string> {
    const text = (await this.v.page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    expect(text).toMatch(/^[A-Z2-7]{16,}$/);
    return text;
  }

  async submitEmpty(): Promise<string[]> {
    await this.v.submit('Confirm', { status: 422, label: 'Set up your authenticator app, with errors' });
    return this.v.errorSummary();
  }

  /** Confirms the code; the response is the one-time recovery codes page. */
  async confirm(code: string): Promise<string[]> {
    await this.v.page.getByLabel('Security code').fill(code);
    await this.v.submit('Confirm');
    expect(await this.v.heading()).toBe('Save your recovery codes');
    const codes = await this.v.page.locator('#recovery-codes li').allInnerTexts();
    expect(codes.length).toBeGreaterThanOrEqual(8);
    return codes;
  }

  /** "I have saved my codes": goes on to the start page (the contract list). */
  async continueFromRecoveryCodes(): Promise<void> {
    await this.v.follow(this.v.page.getByRole('button', { name: /I have saved my codes/ }));
    expect(this.v.path).toBe('/contracts');
  }
}

/** The page a one-time activation link opens. */
export class ActivatePage {
  constructor(private readonly v: Visitor) {}

  async activate(link: string, password: string): Promise<void> {
    await this.v.goto(link);
    expect(await this.v.heading()).toBe('Activate your account');
    await this.v.page.getByLabel('Password', { exact: true }).fill(password);
    await this.v.page.getByLabel('Confirm password').fill(password);
    await this.v.submit('Set password', { label: 'Sign in, after activation' });
    expect(this.v.path).toBe('/sign-in');
    expect(await this.v.banner()).toContain('Your password is set');
  }
}

/** The Sign out button in the header of every signed-in page. */
export async function signOut(v: Visitor): Promise<void> {
  await v.follow(v.page.getByRole('banner').getByRole('button', { name: 'Sign out' }), {
    label: 'Sign in, after sign-out',
  });
  expect(v.path).toBe('/sign-in');
  expect(await v.banner()).toContain('You have signed out');
}

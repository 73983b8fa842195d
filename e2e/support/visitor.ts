import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { DESKTOP, type Auditor } from './auditor.ts';

export interface VisitOptions {
  /** The HTTP status the page must come with (default 200; a form re-shown with errors is 422). */
  status?: number;
  /** A name for the page in the accessibility report (default: its <h1>). */
  label?: string;
}

/**
 * One person's browser: a fresh context (JavaScript on or off) and a page. Every navigation goes
 * through goto() or follow(), which check the status and hand the page to the Auditor, so no page
 * the journey visits escapes the accessibility and reflow checks.
 */
export class Visitor {
  private constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
    readonly javaScript: boolean,
    private readonly auditor: Auditor,
  ) {}

  static async open(
    browser: Browser,
    auditor: Auditor,
    opts: { name: string; baseUrl: string; javaScript: boolean },
  ): Promise<Visitor> {
    const context = await browser.newContext({
      viewport: DESKTOP,
      javaScriptEnabled: opts.javaScript,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    context.setDefaultTimeout(10_000);
    context.setDefaultNavigationTimeout(15_000);
    const page = await context.newPage();
    auditor.watch(page);
    return new Visitor(opts.name, context, page, opts.baseUrl, opts.javaScript, auditor);
  }

  /** Opens a path (or a full loopback URL) and checks the page. */
  async goto(pathOrUrl: string, opts: VisitOptions = {}): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    if (!url.startsWith(this.baseUrl)) throw new Error(`refusing to leave the server under test: ${url}`);
    const response = await this.page.goto(url, { waitUntil: 'load' });
    if (!response) throw new Error(`no response for ${url}`);
    return this.arrived(response, opts);
  }

  /** Clicks a button or link that navigates (a form submission, a redirect chain), then checks the page. */
  async follow(target: Locator, opts: VisitOptions = {}): Promise<Response> {
    const [response] = await Promise.all([this.page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
    if (!response) throw new Error(`clicking ${target} did not load a page`);
    return this.arrived(response, opts);
  }

  /** Submits the page's main form with its button. */
  submit(buttonText: string, opts: VisitOptions = {}): Promise<Response> {
    return this.follow(this.page.locator('main').getByRole('button', { name: buttonText, exact: true }), opts);
  }

  private async arrived(response: Response, opts: VisitOptions): Promise<Response> {
    const expected = opts.status ?? 200;
    const heading =
      (
        await this.page
          .locator('h1')
          .first()
          .textContent({ timeout: 2_000 })
          .catch(() => null)
      )
        ?.replace(/\s+/g, ' ')
        .trim() ?? '(no h1)';
    if (response.status() !== expected) {
      throw new Error(
        `${this.name}: expected HTTP ${expected} at ${this.page.url()} but got ${response.status()} ("${heading}")`,
      );
    }
    await this.auditor.check(this.page, `${this.name}: ${opts.label ?? heading}`, response.status(), this.javaScript);
    return response;
  }

  get path(): string {
    return new URL(this.page.url()).pathname;
  }

  heading(): Promise<string> {
    return this.page.locator('h1').first().innerText();
  }

  /** The success banner shown after a redirect (flash), if any. */
  banner(): Promise<string | null> {
    return this.page
      .locator('.govuk-notification-banner')
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => null);
  }

  /** The titles in the error summary. */
  async errorSummary(): Promise<string[]> {
    return (await this.page.locator('.govuk-error-summary__list li').allInnerTexts()).map((t) => t.trim());
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The rule sets every page must pass (WCAG 2.1 A and AA, plus axe's best practices). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/** WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling sideways. */
export const NARROW_WIDTH = 320;
export const DESKTOP = { width: 1280, height: 800 } as const;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface PageCheck {
  label: string;
  url: string;
  status: number;
  javaScript: boolean;
  violations: AxeViolation[];
  scrollWidth: number;
  /** Overflowing elements, CSP refusals, script errors, missing assets. */
  problems: string[];
}

const SCRIPT = /<script\b[^>]*>[\s\S]*?<\/script\s*>/gi;

/**
 * Checks every page the journey visits: axe-core with AXE_TAGS, no sideways scrolling at 320 px,
 * and no script errors, CSP refusals or failed asset loads. Findings are collected, not thrown,
 * so one run reports every page; the suite asserts on them at the end.
 */
export class Auditor {
  readonly checks: PageCheck[] = [];
  private readonly pending = new Map<Page, string[]>();
  private readonly downloads = new Set<string>();
  private replay?: { context: BrowserContext; page: Page; html: string };

  /**
   * `axeAlsoAt`: a second width (such as a 375 px phone) at which axe runs again, for pages whose
   * layout changes on small screens (stacked tables, collapsed navigation).
   */
  constructor(
    private readonly browser: Browser,
    private readonly options: { axeAlsoAt?: number } = {},
  ) {}

  /** Records script errors, CSP refusals and failed sub-resources of a page until its next check. */
  watch(page: Page): void {
    const note = (text: string) => this.pending.set(page, [...(this.pending.get(page) ?? []), text]);
    page.on('pageerror', (err) => note(`script error: ${err.message}`));
    page.on('console', (msg) => {
      // Error documents (403, 422) are expected; Chromium logs those as "Failed to load resource".
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        note(`console error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (!res.request().isNavigationRequest() && res.status() >= 400) note(`${res.status()} for ${res.url()}`);
    });
    page.on('requestfailed', (req) => note(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    page.on('download', (d) => this.downloads.add(d.url()));
  }

  async check(page: Page, label: string, status: number, javaScript: boolean): Promise<PageCheck> {
    const url = page.url();
    // Chromium cannot run axe in a page whose scripts are off, so such a page is audited as a
    // copy: the same HTML without its scripts, served at the same address in a scripted context.
    const target = javaScript ? page : await this.copyOf(page, url);
    const violations = await runAxe(target);
    if (this.options.axeAlsoAt) violations.push(...(await axeAtWidth(target, this.options.axeAlsoAt)));
    const { scrollWidth, offenders } = await reflow(page);
    // A link to a file (Content-Disposition: attachment) ends its navigation as a download, which Chromium reports as aborted.
    const problems = (this.pending.get(page) ?? []).filter(
      (p) => ![...this.downloads].some((url) => p === `request failed: ${url} (net::ERR_ABORTED)`),
    );
    this.pending.set(page, []);
    problems.push(...(await labelProblems(page)));
    if (scrollWidth > NARROW_WIDTH)
      problems.push(
        `scrolls sideways at ${NARROW_WIDTH} px (scrollWidth ${scrollWidth}); widest: ${offenders.join(', ')}`,
      );
    const result = { label, url, status, javaScript, violations, scrollWidth, problems };
    this.checks.push(result);
    return result;
  }

  /** The page's copy in a scripted context, for axe (see check). */
  private async copyOf(page: Page, url: string): Promise<Page> {
    const html = (await page.content()).replace(SCRIPT, '');
    if (!this.replay) {
      const context = await this.browser.newContext({ viewport: DESKTOP, javaScriptEnabled: true });
      const copy = await context.newPage();
      this.replay = { context, page: copy, html: '' };
      const replay = this.replay;
      await copy.route('**/*', (route) =>
        route.request().isNavigationRequest()
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: replay.html })
          : route.continue(),
      );
    }
    this.replay.html = html;
    await this.replay.page.goto(url, { waitUntil: 'load' });
    return this.replay.page;
  }

  async close(): Promise<void> {
    await this.replay?.context.close();
  }

  /** Pages with any finding. */
  failures(): PageCheck[] {
    return this.checks.filter((c) => c.violations.length > 0 || c.problems.length > 0);
  }

  /** A readable account of every finding, page by page. */
  report(): string {
    const lines: string[] = [];
    for (const c of this.failures()) {
      lines.push(`\n● ${c.label}  ${c.url} (HTTP ${c.status}, JavaScript ${c.javaScript ? 'on' : 'off'})`);
      for (const v of c.violations) {
        lines.push(`  ✗ [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}`, `    ${v.helpUrl}`);
        for (const n of v.nodes.slice(0, 5)) {
          lines.push(`    at ${n.target.map(String).join(' ')}`, `       ${n.html.slice(0, 200)}`);
          if (n.failureSummary) lines.push(...n.failureSummary.split('\n').map((l) => `       ${l}`));
        }
        if (v.nodes.length > 5) lines.push(`    …and ${v.nodes.length - 5} more elements`);
      }
      for (const p of c.problems) lines.push(`  ✗ ${p}`);
    }
    return lines.join('\n');
  }

  /** One line per page checked. */
  summary(): string {
    return this.checks
      .map(
        (c) =>
          `  ${c.violations.length || c.problems.length ? '✗' : '✓'} ${String(c.status).padEnd(4)}${c.javaScript ? 'js   ' : 'no-js'} ${c.label} (${new URL(c.url).pathname})`,
      )
      .join('\n');
  }
}

/** axe at another viewport width; each violation's id names the width ("region@375px"). */
async function axeAtWidth(page: Page, width: number): Promise<AxeViolation[]> {
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize({ width, height: 800 });
  try {
    return (await runAxe(page)).map((v) => ({ ...v, id: `${v.id}@${width}px` }));
  } finally {
    await page.setViewportSize(before);
  }
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(`${axe.source};0`);
  return page.evaluate(async (tags) => {
    const w = window as unknown as {
      axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> };
    };
    const result = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/**
 * Ids used twice, and labels whose `for` names something that is not a form control. axe retired its
 * duplicate-id rules, yet a label that points at a heading with its control's id leaves the control
 * without a name: the "Approve" radio on a plan version once did exactly that.
 */
async function labelProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    for (const [id, n] of seen) if (n > 1) out.push(`id "${id}" is used ${n} times`);
    for (const label of document.querySelectorAll('label[for]')) {
      const target = document.getElementById(label.getAttribute('for')!);
      if (target && !/^(INPUT|SELECT|TEXTAREA|BUTTON|METER|OUTPUT|PROGRESS)$/.test(target.tagName)) {
        out.push(
          `the label "${label.textContent?.trim()}" is for a <${target.tagName.toLowerCase()}>, not a form control`,
        );
      }
    }
    return out;
  });
}

/** Narrows the viewport to 320 px, measures the document's width, and restores the viewport. */
async function reflow(page: Page): Promise<{ scrollWidth: number; offenders: string[] }> {
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize({ width: NARROW_WIDTH, height: 640 });
  try {
    return await page.evaluate((limit) => {
      const scrollWidth = document.documentElement.scrollWidth;
      const offenders: string[] = [];
      if (scrollWidth > limit) {
        const clips = (el: Element | null): boolean => {
          for (let e = el; e && e !== document.body; e = e.parentElement)
            if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(e).overflowX)) return true;
          return false;
        };
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > limit + 1 && !clips(el.parentElement)) {
            offenders.push(
              `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''} (right edge ${Math.round(r.right)})`,
            );
          }
        }
      }
      return { scrollWidth, offenders: offenders.slice(0, 8) };
    }, NARROW_WIDTH);
  } finally {
    await page.setViewportSize(before);
  }
}

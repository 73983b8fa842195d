import { expect } from 'vitest';
import type { Visitor } from '../support/visitor.ts';

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
/** The message of the success banner after a redirect, without its "Success" title. */
const flash = async (v: Visitor) =>
  squash(
    await v.page
      .locator('.govuk-notification-banner__content')
      .first()
      .innerText({ timeout: 2_000 })
      .catch(() => ''),
  );

/** /contracts/:id/smp: the plan in force, its versions, and the links to everything else about the plan. */
export class SmpOverviewPage {
  constructor(
    private readonly v: Visitor,
    private readonly contractId: string,
  ) {}

  /** From the contract's overview, follows "Security Management Plan". */
  async open(label?: string): Promise<this> {
    await this.v.goto(`/contracts/${this.contractId}`);
    await this.v.follow(
      this.v.page.locator('main').getByRole('link', { name: /^Security Management Plan/ }),
      label ? { label } : {},
    );
    expect(this.v.path).toBe(`/contracts/${this.contractId}/smp`);
    expect(await this.v.heading()).toBe('Security Management Plan');
    return this;
  }

  /** The plan in force, as the page states it: "The plan in force is version N … Its SHA-256 is …". */
  async inForce(): Promise<{ text: string; hash: string } | null> {
    const p = this.v.page.locator('main p', { hasText: 'The plan in force is version' });
    if ((await p.count()) === 0) return null;
    return { text: squash(await p.innerText()), hash: squash(await p.locator('code[data-hash]').innerText()) };
  }

  /** Whose move it is and by when, in one sentence at the top of the page (#plan-state). */
  async stateLine(): Promise<string> {
    return squash(await this.v.page.locator('#plan-state').innerText());
  }

  /** The versions table: number, status tag and the start of the hash. */
  async versions(): Promise<{ version: string; status: string; hash: string }[]> {
    const rows = this.v.page.locator('main table tbody tr');
    const out = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = (await rows.nth(i).locator('td').allInnerTexts()).map(squash);
      out.push({ version: cells[0]!, status: cells[1]!, hash: cells[3]! });
    }
    return out;
  }

  /** A link in the page's body (Reviews, Variations, Compare versions, Import a Word document…). */
  async follow(name: string, label?: string): Promise<void> {
    await this.v.follow(this.v.page.locator('main').getByRole('link', { name, exact: true }), label ? { label } : {});
  }

  /** "Edit the draft": the newest draft, or a new one copied from the newest version. */
  async editTheDraft(): Promise<void> {
    await this.v.submit('Edit the draft', { label: 'Plan version, after "Edit the draft"' });
    expect(this.v.path).toMatch(new RegExp(`^/contracts/${this.contractId}/smp/versions/[0-9a-f-]{36}$`));
  }
}

/** "Import a Word document" and "Check where each heading goes". */
export class SmpImportPages {
  constructor(private readonly v: Visitor) {}

  async upload(file: { name: string; buffer: Buffer }): Promise<void> {
    expect(await this.v.heading()).toBe('Import a Word document');
    await this.v.page.getByLabel('Upload a Word document').setInputFiles({
      name: file.name,
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: file.buffer,
    });
    await this.v.submit('Upload and check the headings');
    expect(await this.v.heading()).toBe('Check where each heading goes');
  }

  /** Each heading of the document with the section chosen for it. */
  async mapping(): Promise<{ heading: string; choice: string }[]> {
    const selects = this.v.page.locator('main form select');
    const out = [];
    for (let i = 0; i < (await selects.count()); i++) {
      const select = selects.nth(i);
      const id = (await select.getAttribute('id'))!;
      out.push({
        heading: squash(await this.v.page.locator(`label[for="${id}"]`).innerText()),
        choice: squash(await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '')),
      });
    }
    return out;
  }

  async choose(heading: string, choice: string): Promise<void> {
    await this.v.page.getByLabel(heading, { exact: true }).selectOption({ label: choice });
  }

  /** "Continue" to the check of where each heading goes, then "Create the draft": lands on the draft version with the import's banner. */
  async confirm(): Promise<string> {
    await this.v.submit('Continue', { label: 'Check the draft before it is created' });
    expect(await this.v.heading()).toBe('Check the draft before it is created');
    await this.v.submit('Create the draft', { label: 'Plan version, after the import' });
    return flash(this.v);
  }
}

/** One version: plan health, sections, the Agency's edits and submission, the Client's decision. */
export class SmpVersionPage {
  constructor(private readonly v: Visitor) {}

  get id(): string {
    return this.v.path.split('/').pop()!;
  }

  /** "Version N Draft", "Version N Awaiting decision"… */
  async title(): Promise<string> {
    return squash(await this.v.heading());
  }

  /** The completeness errors listed in the plan health panel, or [] when it says the version is complete. */
  async completeness(): Promise<string[]> {
    const errors = (await this.v.page.locator('main .custodian-plan-health li').allInnerTexts()).map(squash);
    if (errors.length === 0)
      expect(await this.v.page.locator('main').innerText()).toContain(
        'Complete: every section clause 4.2.1 requires is present and substantive',
      );
    return errors;
  }

  /** The rendered Markdown of a section (its HTML element), found by the section's key. */
  section(key: string) {
    return this.v.page.locator(
      `xpath=//h2[@id="section-${key}"]/following-sibling::div[contains(@class, "custodian-markdown")][1]`,
    );
  }

  /** The SHA-256 of the version, once submitted. */
  async hash(): Promise<string> {
    return squash(
      await this.v.page
        .locator('main p', { hasText: 'SHA-256 of this version' })
        .locator('code[data-hash]')
        .innerText(),
    );
  }

  /** The decision line: "Approved on …, bound to SHA-256 …". */
  async decision(): Promise<string> {
    return squash(await this.v.page.locator('main p', { hasText: 'bound to SHA-256' }).innerText());
  }

  /** "Edit <heading>", then Preview, then Save: back on the version with the banner. */
  async editSection(heading: string, markdown: string): Promise<string> {
    await this.v.follow(this.v.page.locator('main').getByRole('link', { name: `Edit ${heading}`, exact: true }));
    expect(await this.v.heading()).toBe(heading);
    await this.v.page.getByLabel('Text', { exact: true }).fill(markdown);
    await this.v.submit('Preview', { label: `Edit: ${heading}, with preview` });
    expect(await this.v.page.getByRole('heading', { name: 'Preview (not saved)' }).count()).toBe(1);
    await this.v.submit('Save', { label: 'Plan version, after saving a section' });
    return flash(this.v);
  }

  /** "Roles and third parties": one role held by a person, one third party with its risk process. */
  async saveLists(
    role: { role: string; person: string },
    party: { name: string; access: string; risk: string },
  ): Promise<string> {
    await this.v.follow(
      this.v.page.locator('main').getByRole('link', { name: 'Roles and third parties', exact: true }),
    );
    expect(await this.v.heading()).toBe('Roles and third parties');
    const page = this.v.page;
    const row = page.getByRole('group', { name: 'Role 1', exact: true });
    await row.getByLabel('Role', { exact: true }).fill(role.role);
    await row.getByLabel('Person', { exact: true }).selectOption({ label: role.person });
    const tp = page.getByRole('group', { name: 'Third party 1', exact: true });
    await tp.getByLabel('Name', { exact: true }).fill(party.name);
    await tp.getByLabel('Their access', { exact: true }).fill(party.access);
    await tp.getByLabel('How their security risks are managed', { exact: true }).fill(party.risk);
    await this.v.submit('Save', { label: 'Plan version, after saving roles and third parties' });
    return flash(this.v);
  }

  /** The draft's task list: each part's title and status. */
  async tasks(): Promise<Record<string, string>> {
    const items = this.v.page.locator('main .govuk-task-list__item');
    const out: Record<string, string> = {};
    for (let i = 0; i < (await items.count()); i++)
      out[squash(await items.nth(i).locator('.govuk-task-list__link').innerText())] = squash(
        await items.nth(i).locator('.govuk-task-list__status').innerText(),
      );
    return out;
  }

  /**
   * "Check and submit", then on the check-your-answers page "Submit for Approval" — or, with findings
   * still open, the button that confirms their number ("Submit with 1 open finding", clause 4.3.1).
   */
  async submitForApproval(openFindings = 0): Promise<string> {
    await this.v.submit('Check and submit', { label: 'Check version before you submit it' });
    expect(await this.v.heading()).toMatch(/^Check version \d+ before you submit it for Approval$/);
    const button = openFindings
      ? `Submit with ${openFindings} open ${openFindings === 1 ? 'finding' : 'findings'}`
      : 'Submit for Approval';
    await this.v.submit(button, { label: 'Plan version, after submitting' });
    return flash(this.v);
  }

  /** The findings the version was submitted with, as shown beside the plan to both parties. */
  async submittedFindings(): Promise<string> {
    return squash(await this.v.page.locator('#submitted-findings').innerText());
  }

  /** With a plan in force: "Propose as a Variation" with a title and why; lands on the Variation. */
  async proposeVariation(title: string, rationale: string): Promise<string> {
    await this.v.page.getByLabel('Title of the Variation', { exact: true }).fill(title);
    await this.v.page.getByLabel('Why the plan needs to change', { exact: true }).fill(rationale);
    await this.v.submit('Check and propose', { label: 'Check version before you propose it' });
    await this.v.submit('Propose as a Variation', { label: 'Variation, after proposing it' });
    return flash(this.v);
  }

  /** The Client's decision form; `expectStatus` 422 when the form should come back with errors. */
  async decide(
    d: {
      approve: boolean;
      reason?: string;
      clause?: string;
      fails42?: boolean;
      fastTrack?: boolean;
      fastTrackReason?: string;
    },
    expectStatus = 200,
  ): Promise<string> {
    const page = this.v.page;
    await page.getByRole('radio', { name: d.approve ? 'Approve' : 'Do not approve', exact: true }).check();
    // What goes with each answer is revealed under it: the reasons under "Do not approve", fast-track under "Approve".
    if (!d.approve) {
      await page.locator('#reason-0').fill(d.reason ?? '');
      await page.locator('#clause-0').fill(d.clause ?? '');
      const box = page.getByRole('checkbox', { name: /does not meet the requirements of paragraph 4\.2/ });
      await (d.fails42 ? box.check() : box.uncheck());
    } else {
      const fastTrack = page.getByRole('checkbox', { name: /fast-track/ });
      if (await fastTrack.count()) await (d.fastTrack ? fastTrack.check() : fastTrack.uncheck());
      // Clause 4.4.4: a fast-track says why; the field is revealed under the checkbox.
      if (d.fastTrack) await page.locator('#fastTrackReason').fill(d.fastTrackReason ?? '');
    }
    await this.v.submit('Continue', {
      status: expectStatus,
      label: expectStatus === 200 ? 'Check your decision' : 'Plan version, decision with errors',
    });
    if (expectStatus !== 200) return (await this.v.errorSummary()).join(' | ');
    expect(await this.v.heading()).toMatch(/^Check your decision on version \d+$/);
    await this.v.submit('Record decision', { label: 'Security Management Plan, after a decision' });
    return flash(this.v);
  }

  /** Downloads the PDF export through the version's "PDF" link. */
  async downloadPdf(): Promise<{ fileName: string; bytes: Buffer }> {
    const link = this.v.page.locator('main').getByRole('link', { name: /^PDF/ });
    const [download] = await Promise.all([this.v.page.waitForEvent('download', { timeout: 30_000 }), link.click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { fileName: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}

/** The register of documents the plan refers to (4.2.1(g)). */
export class SmpDocumentsPage {
  constructor(private readonly v: Visitor) {}

  async add(d: { title: string; version: string; owner: string; location: string }): Promise<string> {
    expect(await this.v.heading()).toBe('Documents the plan refers to');
    const page = this.v.page;
    await page.getByLabel('Title', { exact: true }).fill(d.title);
    await page.getByLabel('Version', { exact: true }).fill(d.version);
    await page.getByLabel('Owner', { exact: true }).fill(d.owner);
    await page.getByLabel('Where it is held', { exact: true }).fill(d.location);
    await page.getByRole('group', { name: 'Do both parties hold a copy?' }).getByRole('radio', { name: 'Yes' }).check();
    await this.v.submit('Add document', { label: 'Documents the plan refers to, after adding one' });
    return flash(this.v);
  }

  async titles(): Promise<string[]> {
    return (await this.v.page.locator('main table tbody tr td:first-child').allInnerTexts()).map(squash);
  }
}

/** "Record a review of the plan" (4.4.1–4.4.2) and the Reviews page. */
export class SmpReviewPages {
  constructor(private readonly v: Visitor) {}

  async record(
    r: {
      triggers: string[];
      improvements: string;
      riskUpdates: string;
      measurement: string;
      newDraft: boolean;
    },
    heading = 'Record a review of the plan',
  ): Promise<string> {
    expect(await this.v.heading()).toBe(heading);
    const page = this.v.page;
    const group = page.getByRole('group', { name: 'What prompted the review' });
    for (const t of r.triggers) await group.getByRole('checkbox', { name: t, exact: true }).check();
    await page.getByLabel('Suggested improvements to the effectiveness of the plan (4.4.2(a))').fill(r.improvements);
    await page.getByLabel('Updates to the risk assessments (4.4.2(b))').fill(r.riskUpdates);
    await page
      .getByLabel('Suggested improvements in measuring the effectiveness of controls (4.4.2(c))')
      .fill(r.measurement);
    await page.getByRole('radio', { name: r.newDraft ? 'Yes, start a new draft' : 'No', exact: true }).check();
    await this.v.submit('Record the review and send the results', {
      label: r.newDraft ? 'Plan version, after a review' : 'Reviews, after a review',
    });
    return flash(this.v);
  }

  /** The reviews listed, each as its summary list (key → value). */
  async listed(): Promise<Record<string, string>[]> {
    expect(await this.v.heading()).toBe('Reviews');
    const lists = this.v.page.locator('main dl.govuk-summary-list');
    const out = [];
    for (let i = 0; i < (await lists.count()); i++) out.push(await summary(lists.nth(i)));
    return out;
  }
}

/** The outcome of the Dispute Resolution Procedure (clause 4.3.2): one party records it, the other confirms it. */
export class SmpDisputePage {
  constructor(private readonly v: Visitor) {}

  async record(d: {
    outcome: string;
    resubmitBy?: { day: string; month: string; year: string };
    resolution: string;
  }): Promise<string> {
    expect(await this.v.heading()).toBe('Outcome of the dispute');
    const page = this.v.page;
    await page.getByRole('radio', { name: d.outcome, exact: true }).check();
    if (d.resubmitBy) {
      const date = page.getByRole('group', { name: 'Date agreed for the resubmission (if any)' });
      await date.getByLabel('Day').fill(d.resubmitBy.day);
      await date.getByLabel('Month').fill(d.resubmitBy.month);
      await date.getByLabel('Year').fill(d.resubmitBy.year);
    }
    await page.getByLabel('What the procedure decided', { exact: true }).fill(d.resolution);
    await this.v.submit('Record the outcome', { label: 'Outcome of the dispute, recorded' });
    return flash(this.v);
  }

  /** The recorded outcome as its summary list. */
  async recorded(): Promise<Record<string, string>> {
    return summary(this.v.page.locator('#dispute-record'));
  }

  async confirm(): Promise<string> {
    await this.v.submit('Confirm the outcome', { label: 'Security Management Plan, after confirming the outcome' });
    return flash(this.v);
  }
}

/** The Client's change requests (clauses 4.4.1(e), 4.4.3). */
export class SmpChangeRequestPages {
  constructor(private readonly v: Visitor) {}

  /** From the plan page: "Request a change", then what and why; lands on the request. */
  async request(what: string, why: string): Promise<string> {
    await this.v.follow(this.v.page.locator('main').getByRole('link', { name: 'Request a change', exact: true }));
    expect(await this.v.heading()).toBe('Request a change to the plan');
    await this.v.page.getByLabel('What should change', { exact: true }).fill(what);
    await this.v.page.getByLabel('Why the change is needed', { exact: true }).fill(why);
    await this.v.submit('Send the request to the Agency', { label: 'Change request, after sending it' });
    return flash(this.v);
  }

  /** The request's heading ("Change request 1 Waiting for the Agency") and summary list. */
  async details(): Promise<{ title: string; summary: Record<string, string> }> {
    return {
      title: squash(await this.v.heading()),
      summary: await summary(this.v.page.locator('main dl.govuk-summary-list').first()),
    };
  }

  /** The Agency answers with a review: "Answer with a review" leads to the review form. */
  async answerWithReview(): Promise<void> {
    await this.v.follow(this.v.page.locator('main').getByRole('link', { name: 'Answer with a review', exact: true }));
  }
}

/** The Variations list and one Variation. */
export class VariationPages {
  constructor(private readonly v: Visitor) {}

  async listed(): Promise<{ variation: string; changes: string; status: string; inEffect: string }[]> {
    expect(await this.v.heading()).toBe('Variations');
    const rows = this.v.page.locator('main table tbody tr');
    const out = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const c = (await rows.nth(i).locator('td').allInnerTexts()).map(squash);
      out.push({ variation: c[0]!, changes: c[1]!, status: c[2]!, inEffect: c[4]! });
    }
    return out;
  }

  async details(): Promise<{ title: string; summary: Record<string, string>; changes: string[] }> {
    return {
      title: squash(await this.v.heading()),
      summary: await summary(this.v.page.locator('main dl.govuk-summary-list').first()),
      changes: (await this.v.page.locator('main h2:text-is("What changes") + ul li').allInnerTexts()).map(squash),
    };
  }

  /** One party records the signed Variation: its reference and date (day, month, year). */
  async formalise(reference: string, [day, month, year]: [string, string, string]): Promise<string> {
    await this.v.page.getByLabel('Reference of the signed Variation', { exact: true }).fill(reference);
    const date = this.v.page.getByRole('group', { name: 'Date of the signed Variation' });
    await date.getByLabel('Day').fill(day);
    await date.getByLabel('Month').fill(month);
    await date.getByLabel('Year').fill(year);
    await this.v.submit('Record the signed Variation', { label: 'Variation, after proposing its formal record' });
    return flash(this.v);
  }

  /** The other party confirms the recorded formal Variation. */
  async confirm(): Promise<string> {
    await this.v.page.getByLabel('Yes, confirm it: the Variation is formalised').check();
    await this.v.submit('Send your answer', { label: 'Variation, after confirming its formal record' });
    return flash(this.v);
  }
}

async function summary(list: ReturnType<Visitor['page']['locator']>): Promise<Record<string, string>> {
  const rows = list.locator('.govuk-summary-list__row');
  const out: Record<string, string> = {};
  for (let i = 0; i < (await rows.count()); i++)
    out[squash(await rows.nth(i).locator('dt').innerText())] = squash(
      await rows.nth(i).locator('dd').first().innerText(),
    );
  return out;
}

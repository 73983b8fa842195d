import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaEnrolPage, SignInPage, type Person } from './pages/accounts.ts';
import { ContractEditPage } from './pages/contracts.ts';
import { ContractDeadlinesPages } from './pages/deadlines.ts';
import { NotificationsPage } from './pages/notifications.ts';
import {
  SmpChangeRequestPages,
  SmpDisputePage,
  SmpDocumentsPage,
  SmpImportPages,
  SmpOverviewPage,
  SmpReviewPages,
  SmpVersionPage,
  VariationPages,
} from './pages/smp.ts';
import { Auditor } from './support/auditor.ts';
import { chromiumAvailable, launchChromium } from './support/chromium.ts';
import { startClockedServer, type ClockedServer } from './support/clocked-server.ts';
import { dialectsUnderTest } from '../test/support/databases.ts';
import { setUpContract } from './support/contract-setup.ts';
import { pdfTextLines as pdfText } from '../src/platform/documents/fixtures/pdf-text.ts';
import { PLAN_DOCX, planDocx } from './support/plan-docx.ts';
import {
  admin,
  CHANGE_REQUEST,
  CLOCKS,
  clientRep,
  CONTRACT,
  DAY,
  DISPUTE_RESOLUTION,
  FAST_TRACK,
  manager,
  MEASURES_V4,
  REF,
  REFUSAL,
  REFUSAL_AGAIN,
  REMINDER,
  RESUBMIT_BY,
  START_DATE,
  subjectOf,
  THIRD_PARTIES_V2,
  THIRD_PARTIES_V3,
  TRANSITION,
  UNREGISTERED,
  UNREGISTERED_KEPT,
  WAITING,
} from './support/smp-story.ts';
import { screenshot, takingScreenshots } from './support/screenshots.ts';
import { walk } from './support/steps.ts';
import { Visitor } from './support/visitor.ts';

/**
 * The Security Management Plan, on both parties' accounts, in Chromium: an administrator corrects the
 * Start Date and the delivery clock moves; the Agency imports a Word plan, fixes what it can and
 * submits it with one open finding it confirms; the Client's Representative (JavaScript off) refuses
 * it citing a clause; reminders arrive by email as the clocks run down over Christmas; the Agency
 * amends and resubmits, the Client refuses again and the matter goes to the Dispute Resolution
 * Procedure, whose outcome both parties record; the Agency resubmits, the Client approves, and the
 * PDF carries the approval's hash; a year on, the Client asks for a change, the Agency answers with a
 * review and a Variation, the Client fast-tracks it, and both parties formalise it. The server runs
 * in this process on a settable clock; every page is checked with axe at desktop and 375 px widths,
 * and for reflow at 320 px.
 */
// `npm run screenshots` walks the story once, on SQLite, to take the README's screenshots.
for (const dialect of takingScreenshots ? (['sqlite'] as const) : await dialectsUnderTest())
  describe.skipIf(!chromiumAvailable())(`the Security Management Plan in a browser (${dialect})`, () => {
    let server: ClockedServer;
    let browser: Browser;
    let auditor: Auditor;
    let agency: Visitor;
    let client: Visitor;
    let adminView: Visitor;
    let contractId = '';
    const secrets = new Map<string, string>();
    const versions = { first: '', second: '', third: '', fourth: '' };
    const hashes = { third: '', fourth: '' };
    let variationPath = '';
    let changeRequestPath = '';

    beforeAll(async () => {
      server = await startClockedServer(dialect);
      browser = await launchChromium();
      auditor = new Auditor(browser, { axeAlsoAt: 375 });
      agency = await openVisitor('Agency security manager', true);
      client = await openVisitor("Client's Representative (no JS)", false);
      adminView = await openVisitor('Administrator', true);
      contractId = await setUpContract(server, { ...CONTRACT, manager, clientRep, admin });
    }, 90_000);

    afterAll(async () => {
      if (auditor)
        console.log(
          `\nSecurity Management Plan pages checked (${dialect}; axe ${auditor.checks.length}× at 1280 and 375 px, 320 px reflow):\n${auditor.summary()}\n`,
        );
      await auditor?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server?.stop();
    }, 30_000);

    /** A person's browser, with longer waits than the other walks: PDF export and plan health take a moment on a busy machine. */
    async function openVisitor(name: string, javaScript: boolean): Promise<Visitor> {
      const v = await Visitor.open(browser, auditor, { name, baseUrl: server.baseUrl, javaScript });
      v.context.setDefaultTimeout(20_000);
      v.context.setDefaultNavigationTimeout(30_000);
      return v;
    }

    /** Each working day starts with a fresh sign-in (sessions last hours, the walk spans a year): MFA enrolment the first time, a code after. */
    async function signIn(view: Visitor, person: Person): Promise<void> {
      await view.context.clearCookies();
      server.clock.advanceMinutes(1); // a new TOTP time step: a second sign-in the same day is not a replay
      const page = await new SignInPage(view).open();
      const secret = secrets.get(person.email);
      if (secret) return page.signInWithCode(person, secret, server.clock.now());
      secrets.set(person.email, (await page.signInAndEnrol(person, server.clock.now())).secret);
      await new MfaEnrolPage(view).continueFromRecoveryCodes();
    }

    const plan = (v: Visitor) => new SmpOverviewPage(v, contractId);
    const version = (v: Visitor, id: string, label?: string) =>
      v.goto(`/contracts/${contractId}/smp/versions/${id}`, label ? { label } : {}).then(() => new SmpVersionPage(v));
    const mailsTo = (person: Person) => server.smtp.accepted.filter((m) => JSON.stringify(m.to).includes(person.email));
    const deadlineRows = async (v: Visitor) =>
      (await (await new ContractDeadlinesPages(v).openFromContract(contractId)).rows()).map(
        ({ clause, title, owedBy, due, explanation, belongsTo, status }) => ({
          clause,
          title,
          owedBy,
          due,
          explanation,
          belongsTo,
          status,
        }),
      );

    /** What the contracts list says awaits the signed-in person on this contract. */
    const waitingFor = async (v: Visitor) => {
      await v.goto('/contracts');
      const row = v.page.locator('main table tbody tr', { hasText: REF });
      return (await row.locator('td[data-label="Waiting for you"] li').allInnerTexts()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
    };
    const dispute = (v: Visitor) => v.goto(`/contracts/${contractId}/smp/dispute`).then(() => new SmpDisputePage(v));

    const step = walk(() => [agency, client, adminView].filter(Boolean));
    const LONG = 180_000;

    step(
      '1 Dec 2026: the administrator corrects the Start Date, and the plan’s delivery clock (A4.3.1) moves with it, saying why',
      async () => {
        server.at(DAY.startMoved);
        await signIn(adminView, admin);
        const edit = await new ContractEditPage(adminView).open(contractId);
        await edit.fill({ startDate: START_DATE });
        await edit.save();

        await signIn(agency, manager);
        expect(await deadlineRows(agency)).toEqual([{ ...CLOCKS.delivery, status: 'Open' }]);
        await plan(agency).open();
        expect(await plan(agency).stateLine()).toBe(
          'Awaiting the Agency’s plan for Approval — due Wednesday 30 December 2026 (clause 4.3.1).',
        );
        expect(await waitingFor(agency)).toEqual([WAITING.deliver]);
      },
      LONG,
    );

    step(
      '14 Dec 2026: the Agency security manager imports a Word plan and checks where each heading goes',
      async () => {
        server.at(DAY.submit);
        await signIn(agency, manager);
        await plan(agency).open();
        expect(await plan(agency).inForce()).toBeNull();
        await plan(agency).follow('Import a Word document');
        const imports = new SmpImportPages(agency);
        await imports.upload({ name: PLAN_DOCX.fileName, buffer: await planDocx() });
        expect(await imports.mapping()).toEqual([
          { heading: 'Principles of security', choice: '(a) Principles of security' },
          { heading: 'Roles and responsibilities', choice: '(b) Delegated organisational roles' },
          { heading: 'Third parties', choice: '(c) Managing security risks from Subcontractors and third parties' },
          { heading: 'Scope', choice: '(d) Scope of protection' },
          { heading: 'Security measures', choice: '(e) Security measures and procedures' },
          // "procedures" suggests section (e), which "Security measures" already answers: the importer keeps it apart.
          { heading: 'Incident response procedures', choice: '(e) Security measures and procedures' },
          { heading: 'Transition', choice: '(f) Transition plans' },
        ]);
        await imports.choose('Incident response procedures', 'Keep as an extra section');
        expect(await imports.confirm()).toBe(`Imported 7 sections from ${PLAN_DOCX.fileName} into version 1`);
        const draft = new SmpVersionPage(agency);
        versions.first = draft.id;
        expect(await draft.title()).toBe('Version 1 Draft');
      },
      LONG,
    );

    step(
      'the draft keeps the table and the list, and plan health lists what is missing',
      async () => {
        const draft = new SmpVersionPage(agency);
        const principles = draft.section('principles');
        expect((await principles.locator('ul li').allInnerTexts()).map((t) => t.trim())).toEqual([
          ...PLAN_DOCX.bullets,
        ]);
        const rows = draft.section('scope').locator('table tr');
        expect(await rows.count()).toBe(PLAN_DOCX.table.length);
        for (const [i, cells] of PLAN_DOCX.table.entries())
          expect((await rows.nth(i).locator('th, td').allInnerTexts()).map((t) => t.trim())).toEqual([...cells]);
        await screenshot(agency, 'version-with-table', { narrow: true });
        expect(await draft.section('extra-1').innerText()).toContain('Staff report a suspected incident');
        expect(await draft.completeness()).toEqual([
          'Section (f) (transition plans) still has placeholder text such as “TBC” or “to be confirmed”',
          'Name at least one person for a delegated role',
          UNREGISTERED,
        ]);
        // Plain-English advice is shown but does not block.
        expect(await agency.page.locator('main').innerText()).toContain(
          'Plain English (clause 4.2.1(g)): advice, never blocking',
        );
      },
      LONG,
    );

    step(
      'the security manager fixes what it can, and delivers the plan on time with the one finding left open, confirmed',
      async () => {
        const draft = new SmpVersionPage(agency);
        expect(await draft.editSection('Transition', TRANSITION)).toBe('Saved “Transition”');
        expect(
          await draft.saveLists(
            { role: 'Security manager', person: manager.displayName },
            {
              name: 'Acme Hosting Ltd',
              access: 'Runs the servers in the London data centre',
              risk: 'A yearly audit of their ISO 27001 certificate and a review of their access every quarter.',
            },
          ),
        ).toBe('Saved the roles and third parties');
        expect(await draft.completeness()).toEqual([UNREGISTERED]);
        expect(await agency.page.locator('main').innerText()).toContain(`Security manager: ${manager.displayName}`);
        // Completeness does not stop delivery (clause 4.3.1): the Agency confirms the open finding on the check.
        expect(await draft.submitForApproval(1)).toBe('Version 1 was submitted to the Client for Approval');
        expect(await draft.title()).toBe('Version 1 Awaiting decision');
        expect(await draft.hash()).toMatch(/^[0-9a-f]{64}$/);
        expect(await draft.submittedFindings()).toBe(`Submitted with 1 open finding: ${UNREGISTERED_KEPT}`);
      },
      LONG,
    );

    step(
      "18 Dec 2026: the Client's Representative reads the open finding beside the plan and refuses version 1, citing clause 4.2.1(c) and paragraph 4.2",
      async () => {
        server.at(DAY.refuse, '10:00');
        await signIn(client, clientRep);
        expect(await waitingFor(client)).toEqual([WAITING.decideV1, WAITING.jointV1]);
        await plan(client).open();
        expect(await plan(client).stateLine()).toBe(
          'Awaiting the Client’s decision on version 1 — due Monday 21 December 2026.',
        );
        expect(await plan(client).versions()).toEqual([
          { version: 'Version 1', status: 'Awaiting decision', hash: expect.stringMatching(/^[0-9a-f]{16}…$/) },
        ]);
        const v1 = await version(client, versions.first);
        expect(await v1.submittedFindings()).toBe(`Submitted with 1 open finding: ${UNREGISTERED_KEPT}`);
        // A refusal needs a reason: the form comes back with the error and the choice kept.
        expect(await v1.decide({ approve: false }, 422)).toBe('Give at least one reason for not approving the plan');
        expect(await client.page.getByRole('radio', { name: 'Do not approve', exact: true }).isChecked()).toBe(true);
        expect(await v1.decide({ approve: false, ...REFUSAL, fails42: true })).toBe(
          'You did not approve the plan. The Agency has 10 Working Days to amend and resubmit it',
        );
        expect(await plan(client).stateLine()).toBe(
          'Refused on Friday 18 December 2026: the Agency resubmits by Wednesday 6 January 2027.',
        );
        expect(await plan(client).versions()).toEqual([
          expect.objectContaining({ version: 'Version 1', status: 'Not approved' }),
        ]);
        await version(client, versions.first);
        expect(await new SmpVersionPage(client).decision()).toMatch(
          /^Not approved on .+, bound to SHA-256 [0-9a-f]{64}\.$/,
        );
      },
      LONG,
    );

    step(
      'the deadlines page explains the clocks in Working Days, skipping Christmas, Boxing Day and New Year',
      async () => {
        const rows = await deadlineRows(client);
        expect(rows).toEqual(
          expect.arrayContaining([
            { ...CLOCKS.delivery, status: 'Met' },
            { ...CLOCKS.approval, status: 'Open' },
            { ...CLOCKS.decisionV1, status: 'Met' },
            { ...CLOCKS.resubmission, status: 'Open' },
          ]),
        );
        expect(rows).toHaveLength(4);
      },
      LONG,
    );

    step(
      '29 and 30 Dec 2026: the reminders arrive by email, to the party that owes the deadline, and to both for their joint target',
      async () => {
        server.at(DAY.remindAgency);
        expect(await server.remindAndDeliver()).toMatchObject({ missed: 0, reminders: 1 });
        const toAgency = mailsTo(manager).find((m) => m.subject === REMINDER.agency);
        expect(toAgency?.text).toContain(CLOCKS.resubmission.explanation);
        expect(mailsTo(clientRep).map((m) => m.subject)).not.toContain(REMINDER.agency);

        // The 15 Working Day approval period is the Parties' joint target (clause 4.3.2): both hear of it.
        server.at(DAY.remindClient);
        expect(await server.remindAndDeliver()).toMatchObject({ missed: 0, reminders: 2 });
        for (const person of [clientRep, manager]) {
          const joint = mailsTo(person).find((m) => m.subject === REMINDER.joint);
          expect(joint?.text).toContain(CLOCKS.approval.explanation);
          expect(joint?.text).toContain('a joint target of both parties');
        }
        // The decisions so far went out by email too: the submission to the Client, the refusal to the Agency.
        expect(mailsTo(clientRep).map((m) => m.subject)).toContain(subjectOf(1, 'submitted for Approval'));
        expect(mailsTo(manager).map((m) => m.subject)).toContain(subjectOf(1, 'not Approved'));
      },
      LONG,
    );

    step(
      '30 Dec 2026: the Agency reads the refusal, registers the document the plan cites, amends the plan in version 2 and resubmits it',
      async () => {
        await signIn(agency, manager);
        const inbox = await new NotificationsPage(agency).open();
        expect(await inbox.subjects()).toEqual(expect.arrayContaining([subjectOf(1, 'not Approved'), REMINDER.agency]));
        const refusal = await inbox.read(subjectOf(1, 'not Approved'));
        expect(refusal).toContain(`${REFUSAL.reason} (clause ${REFUSAL.clause})`);

        await plan(agency).open();
        await plan(agency).follow('Documents the plan refers to');
        const register = new SmpDocumentsPage(agency);
        expect(
          await register.add({
            title: PLAN_DOCX.referencedDocument,
            version: '2.1',
            owner: CONTRACT.agency,
            location: 'Agency document store, folder SEC-7',
          }),
        ).toBe(
          `Added “${PLAN_DOCX.referencedDocument}” to the register: refer to it in the plan as [[doc: ${PLAN_DOCX.referencedDocument}]]`,
        );
        expect(await register.titles()).toEqual([PLAN_DOCX.referencedDocument]);

        await plan(agency).open();
        await plan(agency).editTheDraft();
        const draft = new SmpVersionPage(agency);
        versions.second = draft.id;
        expect(versions.second).not.toBe(versions.first);
        expect(await draft.title()).toBe('Version 2 Draft');
        expect(await draft.editSection('Third parties', THIRD_PARTIES_V2)).toBe('Saved “Third parties”');
        expect(await draft.completeness()).toEqual([]);
        expect(await draft.submitForApproval()).toBe('Version 2 was submitted to the Client for Approval');
      },
      LONG,
    );

    step(
      '4 Jan 2027: the Client compares the versions and refuses version 2: a second refusal sends the plan to the Dispute Resolution Procedure',
      async () => {
        server.at(DAY.refuseAgain);
        await signIn(client, clientRep);
        await plan(client).open();
        await plan(client).follow('Compare versions');
        expect(await client.heading()).toBe('Compare version 1 with version 2');
        expect(await client.page.locator('main h2', { hasText: 'Third parties' }).innerText()).toContain('Changed');
        expect((await client.page.locator('main .custodian-diff ins').allInnerTexts()).join(' ')).toContain(
          'remove their access on the same day',
        );
        const v2 = await version(client, versions.second);
        expect(await v2.decide({ approve: false, ...REFUSAL_AGAIN, fails42: true })).toBe(
          'You did not approve the plan. This is the second refusal: the matter goes to the Dispute Resolution Procedure',
        );
        expect(await plan(client).stateLine()).toBe(
          'In the Dispute Resolution Procedure since Monday 4 January 2027: either party records its outcome when the procedure ends, and the other confirms it.',
        );
        // The joint approval target stops while the procedure runs (clause 4.3.2): nothing reminds either party.
        expect(await deadlineRows(client)).toEqual(expect.arrayContaining([{ ...CLOCKS.approval, status: 'Stopped' }]));
      },
      LONG,
    );

    step(
      '11 and 12 Jan 2027: the Agency records the procedure’s outcome, amend and resubmit by an agreed date, and the Client confirms it',
      async () => {
        server.at(DAY.disputeRecorded);
        await signIn(agency, manager);
        expect(
          await (
            await dispute(agency)
          ).record({
            outcome: 'The Agency amends the plan and resubmits it',
            resubmitBy: RESUBMIT_BY,
            resolution: DISPUTE_RESOLUTION,
          }),
        ).toBe('Recorded the outcome. It takes effect once the other party confirms it');
        expect(await agency.page.locator('main').innerText()).toContain(
          'The outcome takes effect once the other party’s lead confirms it.',
        );

        server.at(DAY.disputeConfirmed);
        await signIn(client, clientRep);
        await plan(client).open();
        expect(await plan(client).stateLine()).toBe(
          'In the Dispute Resolution Procedure since Monday 4 January 2027: the Agency recorded its outcome on Monday 11 January 2027, awaiting the Client’s confirmation.',
        );
        const outcome = await dispute(client);
        expect(await outcome.recorded()).toMatchObject({
          Outcome: 'The Agency amends the plan and resubmits it',
          'What the procedure decided': DISPUTE_RESOLUTION,
          'The Agency resubmits by': 'Fri 22 Jan 2027',
          Recorded: expect.stringMatching(new RegExp(`^By ${manager.displayName} for the Agency, `)),
        });
        expect(await outcome.confirm()).toBe('Confirmed the outcome: the agency amends the plan and resubmits it');
        expect(await plan(client).stateLine()).toBe(
          'The Dispute Resolution Procedure ended on Tuesday 12 January 2027: the Agency resubmits by Friday 22 January 2027.',
        );
      },
      LONG,
    );

    step(
      '13 Jan 2027: the Agency amends the plan in version 3 and resubmits it, which starts a new approval cycle',
      async () => {
        server.at(DAY.resubmit);
        await signIn(agency, manager);
        expect(await waitingFor(agency)).toEqual([WAITING.resubmit]);
        await plan(agency).open();
        await plan(agency).editTheDraft();
        const draft = new SmpVersionPage(agency);
        versions.third = draft.id;
        expect(await draft.title()).toBe('Version 3 Draft');
        expect(await draft.editSection('Third parties', THIRD_PARTIES_V3)).toBe('Saved “Third parties”');
        expect(await draft.submitForApproval()).toBe('Version 3 was submitted to the Client for Approval');
      },
      LONG,
    );

    step(
      '15 Jan 2027: the Client compares versions 2 and 3 and approves version 3, which becomes the plan in force with its SHA-256',
      async () => {
        server.at(DAY.approve);
        await signIn(client, clientRep);
        await plan(client).open();
        await plan(client).follow('Compare versions');
        expect(await client.heading()).toBe('Compare version 2 with version 3');
        await screenshot(client, 'compare-versions', { narrow: true });
        // Word by word: the words added are marked in words too ("added:"), not by colour alone.
        const added = (await client.page.locator('main .custodian-diff ins').allInnerTexts())
          .join(' ')
          .replace(/\s+/g, ' ');
        expect(added).toContain('added: within');
        expect(added).toContain('the Client in writing');

        const v3 = await version(client, versions.third);
        hashes.third = await v3.hash();
        expect(await v3.decide({ approve: true })).toBe('You approved the plan: it is now the plan in force');
        expect(await plan(client).inForce()).toEqual({
          text: `The plan in force is version 3, Approved by the Client. Its SHA-256 is ${hashes.third}.`,
          hash: hashes.third,
        });
        await plan(client).open();
        expect(await plan(client).stateLine()).toBe('Version 3 is the plan in force.');
        await screenshot(client, 'plan-page', { narrow: true });
        await version(client, versions.third);
        expect(await new SmpVersionPage(client).decision()).toMatch(
          new RegExp(`^Approved on .+, bound to SHA-256 ${hashes.third}\\.$`),
        );
      },
      LONG,
    );

    step(
      "the Agency downloads the approved version's PDF, which prints the hash the approval is bound to",
      async () => {
        await signIn(agency, manager);
        await plan(agency).open();
        expect((await plan(agency).inForce())?.hash).toBe(hashes.third);
        const v3 = await version(agency, versions.third);
        const pdf = await v3.downloadPdf();
        expect(pdf.fileName).toBe(`smp-${REF}-v3.pdf`);
        expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const lines = await pdfText(pdf.bytes);
        expect(lines).toEqual(
          expect.arrayContaining(['Bound to SHA-256', 'SHA-256 of this version', 'Approved (the plan in force)']),
        );
        // A hash may wrap in its table cell: look for it in the text with the line breaks taken out.
        const text = lines.join('').replace(/\s+/g, '');
        expect(text).toContain(`BoundtoSHA-256${hashes.third}`);
      },
      LONG,
    );

    step(
      '1 Dec 2027: the Client’s Representative asks for a change to the plan in force, which reaches the Agency as a task',
      async () => {
        server.at(DAY.review);
        await signIn(client, clientRep);
        await plan(client).open();
        expect(await new SmpChangeRequestPages(client).request(CHANGE_REQUEST.what, CHANGE_REQUEST.why)).toBe(
          'Change request 1 sent to the Agency',
        );
        changeRequestPath = client.path;
        expect((await new SmpChangeRequestPages(client).details()).title).toBe(
          'Change request 1 Waiting for the Agency',
        );

        await signIn(agency, manager);
        const inbox = await new NotificationsPage(agency).open();
        expect(await inbox.subjects()).toEqual(expect.arrayContaining([CHANGE_REQUEST.subject]));
        await plan(agency).open();
        expect(await agency.page.locator('#change-requests-waiting').innerText()).toContain(
          'The Client asks for 1 change to the plan',
        );
      },
      LONG,
    );

    step(
      'the Agency answers with a full review that starts version 4, and proposes it as a Variation',
      async () => {
        await agency.goto(changeRequestPath);
        await new SmpChangeRequestPages(agency).answerWithReview();
        const banner = await new SmpReviewPages(agency).record(
          {
            triggers: ['New or changed security threats (4.4.1(d))'],
            improvements: 'Patch within seven days rather than fourteen.',
            riskUpdates: 'Ransomware risk raised to high after the sector alert of October 2027.',
            measurement: 'Report the median time to patch every month.',
            newDraft: true,
          },
          'Answer change request 1 with a review',
        );
        expect(banner).toBe(
          'Review recorded and its results sent to the Client. Make the change in version 4, then propose it as a Variation',
        );
        const draft = new SmpVersionPage(agency);
        versions.fourth = draft.id;
        expect(await draft.title()).toBe('Version 4 Draft');
        expect(await draft.editSection('Security measures', MEASURES_V4)).toBe('Saved “Security measures”');
        expect(
          await draft.proposeVariation(
            'Faster patching',
            'The Client asked for it (change request 1), and the review of December 2027 found patching within fourteen days too slow.',
          ),
        ).toBe('Version 4 was proposed to the Client as Variation 1');
        variationPath = agency.path;
        expect(variationPath).toMatch(new RegExp(`^/contracts/${contractId}/variations/[0-9a-f-]{36}$`));
        const details = await new VariationPages(agency).details();
        expect(details.title).toBe('Faster patching Proposed');
        expect(details.summary).toMatchObject({ Changes: 'The Security Management Plan', 'In effect': 'Not yet' });
        expect(details.changes.join(' ')).toContain('Security measures');
      },
      LONG,
    );

    step(
      'the Client reads the review and approves the Variation on a fast track (4.4.4): version 4 is the plan in force at once',
      async () => {
        await signIn(client, clientRep);
        await plan(client).open();
        expect(await plan(client).stateLine()).toBe(
          'Awaiting the Client’s decision on Variation 1 (version 4) — due Wednesday 8 December 2027.',
        );
        await plan(client).follow('Reviews');
        const [review] = await new SmpReviewPages(client).listed();
        expect(review).toMatchObject({
          Reviewed: `Version 3, by ${manager.displayName}`,
          'Suggested improvements to the plan (4.4.2(a))': 'Patch within seven days rather than fourteen.',
          'Change to the plan': 'Version 4',
        });
        expect(review!['Prompted by']).toBe(
          'New or changed security threats (4.4.1(d)) A change in requirements requested by the Client (4.4.1(e))',
        );

        await client.goto(variationPath);
        await client.follow(
          client.page.locator('main').getByRole('link', { name: 'the proposed version', exact: true }),
        );
        const v4 = new SmpVersionPage(client);
        hashes.fourth = await v4.hash();
        expect(hashes.fourth).not.toBe(hashes.third);
        // A fast-track must say why (acting reasonably): the form comes back until it does.
        expect(await v4.decide({ approve: true, fastTrack: true }, 422)).toBe(FAST_TRACK.missingReason);
        expect(await v4.decide({ approve: true, fastTrack: true, fastTrackReason: FAST_TRACK.reason })).toBe(
          'You approved Variation 1: it is the plan in force now, to be formalised afterwards',
        );
        expect(await plan(client).inForce()).toEqual({
          text: `The plan in force is version 4, Approved by the Client. Its SHA-256 is ${hashes.fourth}.`,
          hash: hashes.fourth,
        });
        // The request shows how it was answered: by the Variation the review started.
        await client.goto(changeRequestPath);
        const answered = await new SmpChangeRequestPages(client).details();
        expect(answered.title).toBe('Change request 1 Proposed as a Variation');
        expect(answered.summary.Answer).toMatch(/^Variation 1: Faster patching /);
      },
      LONG,
    );

    step(
      '6 Dec 2027: the Client records the signed Variation and the Agency confirms it: the fast-tracked change is formalised',
      async () => {
        server.at(DAY.formalise);
        await signIn(client, clientRep);
        await client.goto(variationPath);
        // Variations take two: the Client records the signed Variation, the Agency confirms it.
        const variations = new VariationPages(client);
        expect(await variations.formalise('CCN-2027-014', ['3', '12', '2027'])).toBe(
          'You recorded CCN-2027-014 as the signed Variation 1: the other party confirms it',
        );
        const proposed = await variations.details();
        expect(proposed.title).toBe('Faster patching Awaiting confirmation');
        expect(proposed.summary['Formal record proposed']).toMatch(
          new RegExp(`^CCN-2027-014, dated 3 December 2027, proposed by ${clientRep.displayName} for the Client, `),
        );
        await signIn(agency, manager);
        expect(await waitingFor(agency)).toEqual(expect.arrayContaining([expect.stringContaining('Variation 1')]));
        await agency.goto(variationPath);
        const confirming = new VariationPages(agency);
        expect(await confirming.confirm()).toBe('Variation 1 is formalised as CCN-2027-014');
        const details = await confirming.details();
        expect(details.title).toBe('Faster patching Formalised');
        expect(details.summary.Formalised).toMatch(new RegExp(`^Confirmed by ${manager.displayName} for the Agency, `));
        await plan(client).open();
        expect(await plan(client).inForce()).toEqual({
          text: `The plan in force is version 4, Approved by the Client. Its SHA-256 is ${hashes.fourth}.`,
          hash: hashes.fourth,
        });
        // The dispute is over: the page says so to the Client's Representative.
        await dispute(client);
        expect(await client.page.locator('main').innerText()).toContain('The plan is not in dispute.');
      },
      LONG,
    );

    step(
      'every SMP clock is on the deadlines page with its Working-Day or Month explanation and its outcome; the annual review counts from the last review',
      async () => {
        const rows = await deadlineRows(agency);
        expect(rows).toEqual(
          expect.arrayContaining([
            { ...CLOCKS.delivery, status: 'Met' },
            { ...CLOCKS.approval, status: 'Stopped' },
            { ...CLOCKS.resubmission, status: 'Met' },
            { ...CLOCKS.resubmissionAfterDispute, status: 'Met' },
            { ...CLOCKS.approvalAfterDispute, status: 'Met' },
            { ...CLOCKS.variationApproval, status: 'Met' },
            { ...CLOCKS.formalise, status: 'Met' },
            { ...CLOCKS.reviewAfterApproval, status: 'Met' },
            // Counted from the review (4.4.1): the fast-tracked Variation taking effect does not restart it.
            { ...CLOCKS.reviewAfterReview, status: 'Open' },
          ]),
        );
        expect(rows).toHaveLength(13); // and the Client's four decision clocks (versions 1 to 4)
      },
      LONG,
    );

    step(
      'each party was told of every transition, in Custodian and by email',
      async () => {
        await server.deliver();
        const agencySees = await (await new NotificationsPage(agency).open()).subjects();
        expect(agencySees).toEqual(
          expect.arrayContaining([
            subjectOf(1, 'not Approved'),
            subjectOf(2, 'not Approved'),
            subjectOf(3, 'Approved'),
            subjectOf(4, 'Approved', 1),
            REMINDER.agency,
          ]),
        );
        const clientSees = await (await new NotificationsPage(client).open()).subjects();
        expect(clientSees).toEqual(
          expect.arrayContaining([
            subjectOf(1, 'submitted for Approval'),
            subjectOf(2, 'submitted for Approval'),
            subjectOf(3, 'submitted for Approval'),
            subjectOf(4, 'submitted for Approval', 1),
            REMINDER.joint,
          ]),
        );
        expect(clientSees.some((s) => /review/i.test(s))).toBe(true);
        expect(mailsTo(manager).map((m) => m.subject)).toEqual(
          expect.arrayContaining([subjectOf(3, 'Approved'), subjectOf(4, 'Approved', 1)]),
        );
        expect(mailsTo(clientRep).map((m) => m.subject)).toEqual(
          expect.arrayContaining([subjectOf(3, 'submitted for Approval'), subjectOf(4, 'submitted for Approval', 1)]),
        );
      },
      LONG,
    );

    step(
      "the Client's Representative reads the contract's audit page: changes and decisions in words, page views only on request",
      async () => {
        await client.goto(`/contracts/${contractId}/audit`);
        const what = async () =>
          (await client.page.locator('td[data-label="What happened"]').allInnerTexts()).map((t) => t.trim());
        const changes = await what();
        expect(changes).toEqual(
          expect.arrayContaining([
            'Approved version 3 of the Security Management Plan',
            'Approved Variation 1 (version 4) of the Security Management Plan',
          ]),
        );
        expect(changes.filter((t) => t.startsWith('Viewed'))).toEqual([]);
        expect(changes.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
        await screenshot(client, 'audit-page', { narrow: true });
        await client.page.getByRole('checkbox', { name: 'Include page views' }).check();
        await client.submit('Filter', { label: 'Audit log, with page views' });
        expect((await what()).some((t) => t.startsWith('Viewed'))).toBe(true);
      },
      LONG,
    );

    it('every page visited passes axe (WCAG 2.1 AA + best practice), reflows at 320 px and has no script or asset errors', () => {
      expect(auditor.checks.length).toBeGreaterThan(0);
      const failures = auditor.failures();
      if (failures.length)
        throw new Error(`${failures.length} of ${auditor.checks.length} pages have problems:${auditor.report()}`);
    });
  });

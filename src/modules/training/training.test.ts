import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContractWithLeads } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/kernel/index.ts';
import { createTrainingReminderRunner } from './training-reminders.ts';

const person = (name: string, email: string, extra: Record<string, unknown> = {}) => ({
  name,
  email,
  employer: 'agency',
  jobTitle: 'Engineer',
  startDate: '2025-01-06',
  ...extra,
});

for (const dialect of await dialectsUnderTest()) {
  describe(`security training (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t?.close());

    async function setUp() {
      const c = await aContractWithLeads(t);
      const p = t.services.personnel;
      const ids = {
        current: (await p.create(c.agencyActor, c.contract.id, person('Ann Current', 'ann@agency.example'))).id,
        soon: (
          await p.create(
            c.agencyActor,
            c.contract.id,
            person('Bea Soon', 'bea@agency.example', { userId: c.manager.id, externalId: 'E2' }),
          )
        ).id,
        late: (await p.create(c.agencyActor, c.contract.id, person('Cal Late', 'cal@agency.example'))).id,
        never: (await p.create(c.agencyActor, c.contract.id, person('Dee Never', 'dee@agency.example'))).id,
        left: (
          await p.create(
            c.agencyActor,
            c.contract.id,
            person('Eve Left', 'eve@agency.example', { endDate: '2026-01-31' }),
          )
        ).id,
      };
      const [course] = await t.services.training.courses(c.contract.id);
      return { c, ids, course: course! };
    }

    it('gives every new contract the secure information management course, every 12 Months', async () => {
      const { c, course } = await setUp();
      expect(course).toMatchObject({ name: 'Secure information management', recurrenceMonths: 12, agreement: null });
      const events = await t.services.audit.listRecent({ contractId: c.contract.id, limit: 50 });
      expect(events.some((e) => e.action === 'training-course.create')).toBe(true);
    });

    it('counts each person as current, due soon, overdue or not completed from their latest completion', async () => {
      const { c, ids, course } = await setUp();
      const tr = t.services.training;
      const record = (personId: string, completedOn: string) =>
        tr.recordCompletion(c.agencyActor, c.contract.id, personId, {
          courseId: course.id,
          completedOn,
          evidenceRef: `LMS ${completedOn}`,
        });
      await record(ids.current, '2026-06-01');
      await record(ids.soon, '2025-12-15');
      await record(ids.late, '2024-10-01');
      await record(ids.late, '2025-11-01');
      const [summary] = await tr.summaries(c.contract.id);
      expect(summary).toMatchObject({ people: 4, counts: { current: 1, 'due-soon': 1, overdue: 1, 'not-done': 1 } });
      const standings = await tr.standings(c.contract.id, course);
      expect(standings.map((s) => [s.name, s.lastCompleted, s.nextDue, s.status])).toEqual([
        ['Cal Late', '2025-11-01', '2026-11-01', 'overdue'],
        ['Dee Never', null, null, 'not-done'],
        ['Bea Soon', '2025-12-15', '2026-12-15', 'due-soon'],
        ['Ann Current', '2026-06-01', '2027-06-01', 'current'],
      ]);
      // The Client reads standings, not evidence; the Agency security manager reads both.
      const forClient = await tr.forPerson(c.contract.id, ids.late, false);
      expect(forClient.courses[0]!.completions.map((x) => x.evidenceRef)).toEqual([undefined, undefined]);
      const forAgency = await tr.forPerson(c.contract.id, ids.late, true);
      expect(forAgency.courses[0]!.completions.map((x) => x.evidenceRef)).toEqual(['LMS 2025-11-01', 'LMS 2024-10-01']);
      const events = (await t.services.audit.listRecent({ contractId: c.contract.id, limit: 50 })).filter(
        (e) => e.action === 'training-completion.record',
      );
      expect(events).toHaveLength(4);
      expect(events.every((e) => !e.details.includes('LMS'))).toBe(true);
    });

    it('refuses a completion in the future, twice on one day, or of another contract’s course', async () => {
      const { c, ids, course } = await setUp();
      const other = await setUp();
      const tr = t.services.training;
      const record = (input: Record<string, unknown>) =>
        tr.recordCompletion(c.agencyActor, c.contract.id, ids.current, input);
      await expect(record({ courseId: course.id, completedOn: '2026-12-01', evidenceRef: 'x' })).rejects.toMatchObject({
        fields: { completedOn: 'The date it was completed must be today or in the past' },
      });
      await expect(
        record({ courseId: other.course.id, completedOn: '2026-11-01', evidenceRef: 'x' }),
      ).rejects.toMatchObject({
        fields: { courseId: 'Select one of the contract’s courses' },
      });
      await record({ courseId: course.id, completedOn: '2026-11-01', evidenceRef: 'x' });
      await expect(record({ courseId: course.id, completedOn: '2026-11-01', evidenceRef: 'y' })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(record({ courseId: 'nope', completedOn: '1 Nov', evidenceRef: '' })).rejects.toMatchObject({
        fields: {
          courseId: 'Select the course',
          completedOn: 'Enter the date it was completed as a real date in the format 2026-03-27',
          evidenceRef: 'Enter where the evidence is held',
        },
      });
    });

    it('lets only the Client’s Representative record another period, which moves every due date (Months clamp)', async () => {
      const { c, ids, course } = await setUp();
      const tr = t.services.training;
      await tr.recordCompletion(c.agencyActor, c.contract.id, ids.current, {
        courseId: course.id,
        completedOn: '2026-10-31',
        evidenceRef: 'x',
      });
      const agreement = {
        agreedByName: 'Jo Client, Head of Security',
        agreedOn: '2026-11-20',
        months: 1,
        reason: 'A monthly phishing module',
      };
      await expect(tr.recordAgreement(c.agencyActor, c.contract.id, course.id, agreement)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(
        tr.recordAgreement(c.clientActor, c.contract.id, course.id, { ...agreement, months: 0 }),
      ).rejects.toMatchObject({
        fields: { months: 'Enter a number of Months from 1 to 36' },
      });
      const agreed = await tr.recordAgreement(c.clientActor, c.contract.id, course.id, agreement);
      expect(agreed).toMatchObject({
        recurrenceMonths: 1,
        agreement: { agreedByName: 'Jo Client, Head of Security', months: 1, recordedBy: c.rep.id },
      });
      const ann = (await tr.standings(c.contract.id, agreed)).find((s) => s.personId === ids.current)!;
      // 31 October + 1 Month: November has no 31st, so the last day of November (today: due, not yet overdue).
      expect([ann.nextDue, ann.status]).toEqual(['2026-11-30', 'due-soon']);
      const e = (await t.services.audit.listRecent({ contractId: c.contract.id, limit: 5 })).find(
        (x) => x.action === 'training-course.agree-recurrence',
      );
      expect(JSON.parse(e!.details)).toMatchObject({
        before: { recurrenceMonths: 12 },
        after: { recurrenceMonths: 1 },
      });
    });

    it('adds courses with unique names and codes', async () => {
      const { c } = await setUp();
      const tr = t.services.training;
      const phishing = await tr.createCourse(c.agencyActor, c.contract.id, {
        name: 'Phishing awareness',
        code: 'PH-1',
      });
      expect(phishing.recurrenceMonths).toBe(12);
      await expect(tr.createCourse(c.agencyActor, c.contract.id, { name: 'phishing AWARENESS' })).rejects.toMatchObject(
        {
          fields: { name: 'This contract already has a course with this name' },
        },
      );
      await expect(
        tr.createCourse(c.agencyActor, c.contract.id, { name: 'Other', code: 'PH-1' }),
      ).rejects.toMatchObject({
        fields: { code: 'Another course of this contract has this code' },
      });
      const changed = await tr.updateCourse(c.agencyActor, c.contract.id, phishing.id, {
        name: 'Phishing',
        code: 'PH-2',
      });
      expect(changed).toMatchObject({ name: 'Phishing', code: 'PH-2' });
    });

    it('imports a learning system’s export: preview, errors per row, all or nothing, no completion twice', async () => {
      const { c, ids, course } = await setUp();
      const imports = t.services.training.imports;
      const csv = (...lines: string[]) => ({ fileName: 'lms.csv', bytes: Buffer.from(lines.join('\r\n')) });
      const bad = await imports.preview(
        c.agencyActor,
        c.contract.id,
        csv(
          'Learner Email,Employee ID,Course Name,Completion Date,Certificate ID,Score',
          'ann@agency.example,,Secure information management,2026-06-01T23:30:00Z,C-1,90',
          ',E2,secure INFORMATION management,15/12/2025,C-2,80',
          'zed@agency.example,,Secure information management,2026-01-01,,',
          'cal@agency.example,,Knitting,3/25/2026,,',
        ),
      );
      expect(bad.preview).toMatchObject({
        rows: 4,
        ignored: ['Score'],
        dateFormats: { 'with a time': 1, 'DD/MM/YYYY': 1 },
        errors: [
          {
            line: 4,
            messages: [
              'No one on the Agency Staff register has the email zed@agency.example: add them to the register first',
            ],
          },
          {
            line: 5,
            name: 'Cal Late',
            messages: [
              'Completion date “3/25/2026” looks like a US date (month first): dates with slashes are read day first, like 25/03/2026',
              'No course of this contract is called “Knitting”: add the course (or its code) first, or leave the row out',
            ],
          },
        ],
      });
      // 23:30 UTC on 1 June is 00:30 on 2 June in the UK (summer time).
      expect(bad.preview.added.map((a) => [a.personName, a.completedOn, a.evidenceRef])).toEqual([
        ['Ann Current', '2026-06-02', 'Certificate C-1'],
        ['Bea Soon', '2025-12-15', 'Certificate C-2'],
      ]);
      await expect(imports.apply(c.agencyActor, c.contract.id, bad.id)).rejects.toBeInstanceOf(ConflictError);
      expect((await t.services.training.forPerson(c.contract.id, ids.current, true)).courses[0]!.completions).toEqual(
        [],
      );

      const good = await imports.preview(
        c.agencyActor,
        c.contract.id,
        csv(
          'Email,Course,Completed',
          'ann@agency.example,Secure information management,1 June 2026',
          'ann@agency.example,Secure information management,2026-06-01',
        ),
      );
      expect(good.preview).toMatchObject({ errors: [], unchanged: 1 });
      await expect(imports.find(c.clientActor, c.contract.id, good.id)).rejects.toMatchObject({
        code: 'training_import_gone',
      });
      expect(await imports.apply(c.agencyActor, c.contract.id, good.id)).toEqual({
        fileName: 'lms.csv',
        added: 1,
        unchanged: 1,
      });
      await expect(imports.apply(c.agencyActor, c.contract.id, good.id)).rejects.toMatchObject({
        code: 'training_import_gone',
      });
      const again = await imports.preview(
        c.agencyActor,
        c.contract.id,
        csv('Email,Course,Completed', 'ann@agency.example,Secure information management,2026-06-01'),
      );
      expect(again.preview).toMatchObject({ added: [], unchanged: 1 });
      const [s] = await t.services.training
        .standings(c.contract.id, course)
        .then((l) => l.filter((x) => x.personId === ids.current));
      expect(s).toMatchObject({ lastCompleted: '2026-06-01', status: 'current' });
      const actions = (await t.services.audit.listRecent({ contractId: c.contract.id, limit: 5 })).map((e) => e.action);
      expect(actions.slice(0, 2).sort()).toEqual(['training-completion.record', 'training.import']);
    });

    it('refuses a file without the needed columns, or empty, with what to do', async () => {
      const { c } = await setUp();
      const imports = t.services.training.imports;
      const wrong = await imports.preview(c.agencyActor, c.contract.id, {
        fileName: 'x.csv',
        bytes: Buffer.from('Name,Score\nAnn,3'),
      });
      expect(wrong.preview.fileErrors[0]).toMatch(
        /^The file has no Learner email \(or Employee ID\), Course name \(or Course code\), Completion date column/,
      );
      await expect(
        imports.preview(c.agencyActor, c.contract.id, { fileName: 'x.csv', bytes: Buffer.from('') }),
      ).rejects.toMatchObject({
        fields: { file: 'The selected file is empty' },
      });
    });

    it('reminds a linked person once as they fall due, and the security managers once a week', async () => {
      const { c, ids, course } = await setUp();
      const tr = t.services.training;
      await tr.recordCompletion(c.agencyActor, c.contract.id, ids.soon, {
        courseId: course.id,
        completedOn: '2025-12-15',
        evidenceRef: 'x',
      });
      const runner = createTrainingReminderRunner({
        training: tr,
        contracts: t.services.contracts,
        notifications: t.services.notifications,
      });
      await runner.runOnce();
      const mine = async () =>
        (await t.services.notifications.listFor(c.manager.id)).items
          .filter((n) => n.contractId === c.contract.id && n.kind.startsWith('training.'))
          .map((n) => n.kind)
          .sort();
      expect(await mine()).toEqual(['training.due-soon', 'training.summary']);
      await runner.runOnce();
      expect(await mine()).toEqual(['training.due-soon', 'training.summary']);
      // Two weeks on, overdue: one more personal reminder, and that week's summary.
      t.clock.set(new Date('2026-12-16T09:00:00Z'));
      try {
        await runner.runOnce();
        expect(await mine()).toEqual(['training.due-soon', 'training.overdue', 'training.summary', 'training.summary']);
        await runner.runOnce();
        expect(await mine()).toHaveLength(4);
      } finally {
        t.clock.set(new Date('2026-11-30T09:00:00Z'));
      }
    });
  });
}

import { describe, expect, it } from 'vitest';
import { readCsvDate } from './csv-dates.ts';
import { planImport } from './import-plan.ts';
import type { PersonRow } from './personnel.repository.ts';
import { readStaffCsv } from './staff-csv.ts';

const csv = (...lines: string[]) => lines.join('\r\n');

describe('dates in a staff CSV', () => {
  it('reads the accepted formats, day first, and says which format each was', () => {
    expect(readCsvDate('2026-03-01', 'Start date')).toEqual({ date: '2026-03-01', format: 'YYYY-MM-DD' });
    expect(readCsvDate('01/03/2026', 'Start date')).toEqual({ date: '2026-03-01', format: 'DD/MM/YYYY' });
    expect(readCsvDate('1/3/2026', 'Start date')).toEqual({ date: '2026-03-01', format: 'DD/MM/YYYY' });
    expect(readCsvDate('1 March 2026', 'Start date')).toEqual({ date: '2026-03-01', format: 'D MMMM YYYY' });
    expect(readCsvDate('21st Sept 2026', 'Start date')).toEqual({ date: '2026-09-21', format: 'D MMMM YYYY' });
  });

  it('refuses ambiguous and other formats with a message naming the accepted ones', () => {
    expect(readCsvDate('3/25/2026', 'Start date')).toEqual({ error: expect.stringContaining('looks like a US date') });
    expect(readCsvDate('01/03/26', 'Start date')).toEqual({ error: expect.stringContaining('two-digit year') });
    expect(readCsvDate('31/02/2026', 'End date')).toEqual({ error: 'End date “31/02/2026” is not a real date' });
    expect(readCsvDate('March 1, 2026', 'Start date')).toEqual({
      error: expect.stringContaining('YYYY-MM-DD (2026-03-01)'),
    });
    expect(readCsvDate('2026/03/01', 'Start date')).toEqual({ error: expect.stringContaining('not in a format') });
    expect(readCsvDate('1 Smarch 2026', 'Start date')).toEqual({ error: expect.stringContaining('not a real date') });
  });
});

describe('reading a staff CSV', () => {
  it('recognises an HR export’s column names whatever their case, and reads each row', () => {
    const read = readStaffCsv(
      csv(
        '\uFEFFEmployee Number,First Name,SURNAME,Email Address,Company,Position,Hire_Date,Termination Date,Cost centre',
        'E1,Alice,Ng,Alice@Agency.example,Agency Ltd,Engineer,2026-03-01,,CC1',
        'E2,Bob,Jones,bob@acme.example,Acme Cloud,Analyst,1 April 2026,30/09/2026,CC2',
      ),
      'Agency Ltd',
    );
    expect(read.fileErrors).toEqual([]);
    expect(read.ignored).toEqual(['Cost centre']);
    expect(read.rows).toEqual([
      expect.objectContaining({
        line: 2,
        name: 'Alice Ng',
        email: 'alice@agency.example',
        subcontractor: null,
        endDate: null,
        externalId: 'E1',
        errors: [],
      }),
      expect.objectContaining({
        line: 3,
        subcontractor: 'Acme Cloud',
        startDate: '2026-04-01',
        endDate: '2026-09-30',
        errors: [],
      }),
    ]);
    expect(read.dateFormats).toEqual({ 'D MMMM YYYY': 1, 'DD/MM/YYYY': 1 });
  });

  it('says which columns are missing and which were expected', () => {
    const read = readStaffCsv(csv('Name,Mail,Title', 'A,a@x.example,Eng'), 'Agency');
    expect(read.fileErrors).toEqual([
      expect.stringMatching(
        /^The file has no Work email, Start date column\. The columns expected are Full name \(or First name and Last name\), Work email, Job title and Start date/,
      ),
    ]);
    expect(readStaffCsv(csv('Email,Work email,Name,Role,Start date', 'a,b,c,d,e'), 'A').fileErrors).toEqual([
      'The columns “Email” and “Work email” both give the work email: keep one of them',
    ]);
  });

  it('survives hostile and broken files without throwing', () => {
    expect(readStaffCsv('', 'A').fileErrors[0]).toMatch(/no people/);
    expect(readStaffCsv('Name,Email\n"unclosed,quote\n', 'A').fileErrors[0]).toMatch(/could not be read as CSV/);
    expect(
      readStaffCsv(`Name,Email,Role,Start date\n"${'x'.repeat(70_000)}",a@b.example,r,2026-01-01\n`, 'A').fileErrors[0],
    ).toMatch(/could not be read/);
    const odd = readStaffCsv(
      csv(
        'Name,Email,Role,Start date,End date',
        '=HYPERLINK("http://evil"),a@b.example,r\u0007,2026-01-01,2025-01-01',
        ',,,,',
        ' ,x,,,',
      ),
      'A',
    );
    // A formula is only text here (nothing is exported as a spreadsheet); a control character is refused.
    expect(odd.rows[0]!.errors).toEqual([
      'Job title contains a character that is not allowed',
      'End date is before the start date',
    ]);
    expect(odd.rows[0]!.name).toBe('=HYPERLINK("http://evil")');
    // A row of empty cells is skipped, as spreadsheets leave them; a row with anything in it is checked.
    expect(odd.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(odd.rows[1]!.errors).toEqual([
      'Full name is empty',
      'Work email “x” is not an email address',
      'Job title is empty',
      'Start date is empty',
    ]);
  });
});

const row = (over: Partial<PersonRow>): PersonRow => ({
  id: 'p1',
  contract_id: 'c',
  name: 'Alice Ng',
  name_key: 'alice ng',
  subcontractor: null,
  email: 'alice@agency.example',
  job_title: 'Engineer',
  start_date: '2026-03-01',
  end_date: null,
  leaving: 0,
  user_id: null,
  external_id: 'E1',
  created_at: '',
  created_by: '',
  updated_at: '',
  updated_by: '',
  ...over,
});

describe('comparing a staff CSV with the register', () => {
  it('finds the new, the changed (old → new) and the unchanged, matching by employee ID, then email', () => {
    const file = readStaffCsv(
      csv(
        'Employee ID,Full name,Work email,Employer,Job title,Start date,End date',
        'E1,Alice Ng,alice.ng@agency.example,,Engineer,2026-03-01,31/12/2026',
        ',Bob Jones,bob@agency.example,,Analyst,2026-03-01,',
        'E3,Carol Smith,carol@agency.example,Acme,Tester,2026-04-01,',
      ),
      'Agency Ltd',
    );
    const plan = planImport(
      'staff.csv',
      file,
      [
        row({}),
        row({ id: 'p2', name: 'Bob Jones', email: 'bob@agency.example', job_title: 'Analyst', external_id: null }),
      ],
      'Agency Ltd',
    );
    expect(plan.errors).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.added).toEqual([
      expect.objectContaining({ line: 4, name: 'Carol Smith', subcontractor: 'Acme', externalId: 'E3' }),
    ]);
    expect(plan.changed).toEqual([
      {
        line: 2,
        id: 'p1',
        name: 'Alice Ng',
        changes: [
          { field: 'email', from: 'alice@agency.example', to: 'alice.ng@agency.example' },
          { field: 'endDate', from: null, to: '2026-12-31' },
        ],
        set: { email: 'alice.ng@agency.example', end_date: '2026-12-31' },
      },
    ]);
  });

  it('refuses the same person twice in a file, and a row whose id and email are two different people', () => {
    const file = readStaffCsv(
      csv(
        'Employee ID,Full name,Work email,Job title,Start date',
        ',Dan,dan@agency.example,Eng,2026-01-01',
        ',Dan again,DAN@agency.example,Eng,2026-01-01',
        'E1,Bob,bob@agency.example,Eng,2026-01-01',
      ),
      'A',
    );
    const plan = planImport(
      'f.csv',
      file,
      [row({}), row({ id: 'p2', name: 'Bob Jones', email: 'bob@agency.example', external_id: null })],
      'A',
    );
    expect(plan.errors).toEqual([
      { line: 2, name: 'Dan', messages: ['The same work email as row 3: each person once'] },
      { line: 3, name: 'Dan again', messages: ['The same work email as row 2: each person once'] },
      { line: 4, name: 'Bob', messages: ['Employee ID E1 is Alice Ng’s, but the work email is Bob Jones’s'] },
    ]);
  });

  it('reads 50,000 rows in well under the time a request may take', () => {
    const lines = ['Full name,Work email,Job title,Start date'];
    for (let i = 0; i < 50_000; i++) lines.push(`Person ${i},p${i}@agency.example,Engineer,01/03/2026`);
    const started = performance.now();
    const file = readStaffCsv(lines.join('\n'), 'A');
    const plan = planImport('big.csv', file, [], 'A');
    expect(plan.added).toHaveLength(50_000);
    expect(plan.errors).toEqual([]);
    // Generous: this guards against a quadratic slip, not a speed target (that is bench/personnel.bench.ts).
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

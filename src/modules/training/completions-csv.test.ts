import { describe, expect, it } from 'vitest';
import { readCompletionDate, readCompletionsCsv } from './completions-csv.ts';

describe('reading a learning system’s completions export', () => {
  it('reads dates with or without a time, an instant as its UK date', () => {
    expect(readCompletionDate('2026-03-01')).toEqual({ date: '2026-03-01', format: 'YYYY-MM-DD' });
    expect(readCompletionDate('01/03/2026 14:05')).toEqual({ date: '2026-03-01', format: 'with a time' });
    // Winter: UTC is UK time; summer: an hour ahead.
    expect(readCompletionDate('2026-01-31T23:30:00Z')).toEqual({ date: '2026-01-31', format: 'with a time' });
    expect(readCompletionDate('2026-07-31T23:30:00.000Z')).toEqual({ date: '2026-08-01', format: 'with a time' });
    expect(readCompletionDate('2026-07-31 22:30:00+00:00')).toEqual({ date: '2026-07-31', format: 'with a time' });
    expect(readCompletionDate('2026-02-30T10:00:00Z')).toEqual({
      error: 'Completion date “2026-02-30” is not a real date',
    });
    expect(readCompletionDate('3/25/2026 10:00')).toMatchObject({
      error: expect.stringContaining('looks like a US date'),
    });
    expect(readCompletionDate('yesterday')).toMatchObject({
      error: expect.stringContaining('is not in a format Custodian reads'),
    });
  });

  it('finds the columns by their usual names and checks each row on its own', () => {
    const csv = readCompletionsCsv(
      [
        'User_Email,Course-Code,Date Completed,Certificate Number,Score',
        'ANN@agency.example,SIM-1,2026-03-01,C1,99',
        'not-an-email,,1 Mar 2026,,',
        ',SIM-1,,,',
      ].join('\n'),
    );
    expect(csv.fileErrors).toEqual([]);
    expect(csv.columns.map((c) => c.field)).toEqual(['email', 'courseCode', 'completedOn', 'certificate']);
    expect(csv.ignored).toEqual(['Score']);
    expect(csv.rows).toEqual([
      {
        line: 2,
        email: 'ann@agency.example',
        courseCode: 'SIM-1',
        completedOn: '2026-03-01',
        certificate: 'C1',
        errors: [],
      },
      {
        line: 3,
        email: 'not-an-email',
        completedOn: '2026-03-01',
        errors: [
          'Learner email “not-an-email” is not an email address',
          'The row names no course: give its name or code',
        ],
      },
      {
        line: 4,
        courseCode: 'SIM-1',
        completedOn: '',
        errors: ['The row names no learner: give their email or employee ID', 'Completion date is empty'],
      },
    ]);
  });

  it('refuses a file that is not CSV, has no rows, or lacks a needed column', () => {
    expect(readCompletionsCsv('"open quote\n').fileErrors[0]).toMatch(/^The file could not be read as CSV/);
    expect(readCompletionsCsv('Email,Course,Completed\n').fileErrors[0]).toMatch(/^The file has no completions in it/);
    expect(
      readCompletionsCsv('Email,Email address,Course,Completed\na@b.example,a@b.example,X,2026-01-01').fileErrors,
    ).toEqual(['The columns “Email” and “Email address” both give the learner email: keep one of them']);
  });
});

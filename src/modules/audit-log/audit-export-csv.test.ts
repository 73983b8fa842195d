import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/kernel/index.ts';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

/**
 * Text that a spreadsheet would run as a formula, once split on `,`, `;` or a tab, with or without
 * honouring quotes (OWASP's CSV injection guidance: = + - @ and a leading tab or CR).
 */
const HOSTILE = [
  '=HYPERLINK("http://evil.test")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  'Sam;=1+1;x',
  'Sam,=1+1,x',
  'Sam\t=1+1\tx',
  'Sam; =1+1',
  'Sam;\t@x',
  'Sam;"=1+1"',
  'Sam","=1+1',
  'two\nlines\n=1+1',
  'two\r\n+lines',
  'plain text, with a comma; and "quotes"',
];
/** A cell a spreadsheet would run: a trigger once leading blanks and quote marks are stripped. */
const runnable = (cell: string) => /^[\s"]*[=+\-@]/.test(cell);

for (const dialect of await dialectsUnderTest()) {
  describe(`CSV exports are safe in any spreadsheet (${dialect})`, () => {
    let t: TestApp;
    let csv: string;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      const c = await aContract(t);
      const auditor = await aUser(t, c.client.id);
      await t.services.contracts.grant(systemActor('test'), c.contract.id, { userId: auditor.id, role: 'auditor' });
      await t.services.audit.recordMany(
        HOSTILE.map((id) => ({
          actor: systemActor('csv-test'),
          action: 'test.hostile',
          contractId: c.contract.id,
          resource: { type: 'widget', id },
        })),
      );
      const { agent } = await signIn(t, auditor.email);
      const res = await agent.get(`/contracts/${c.contract.id}/audit/export?format=csv&resourceType=widget`);
      expect(res.statusCode).toBe(200);
      csv = res.body;
    });
    afterAll(async () => t?.close());

    it('quotes every field, and reads back as the same values with only a quote mark added before a trigger', () => {
      const lines = csv.split('\r\n').filter(Boolean);
      expect(lines[0]).toMatch(/^"seq","occurred_at",/);
      const rows = parseCsv(csv, { delimiter: ',', columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.resource_id!.replace(/'(?=[\s"]*[=+\-@\t\r])/g, ''))).toEqual(HOSTILE);
      for (const row of rows) for (const cell of Object.values(row)) expect(runnable(cell), cell).toBe(false);
    });

    for (const [name, delimiter] of [
      ['semicolons', ';'],
      ['tabs', '\t'],
      ['commas', ','],
    ] as const) {
      it(`leaves no cell that runs as a formula when a spreadsheet splits it on ${name}`, () => {
        // As a reader that honours quotes (when the file lets it) and as one that splits on every separator.
        const readings = [
          parseCsv(csv, { delimiter, quote: false, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }),
        ];
        try {
          readings.push(parseCsv(csv, { delimiter, relax_quotes: true, relax_column_count: true }));
        } catch {
          // a quote-honouring reader that refuses the file shows no cell at all
        }
        for (const records of readings as string[][][])
          for (const record of records)
            for (const cell of record) expect(runnable(cell), JSON.stringify(cell)).toBe(false);
      });
    }
  });
}

import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../../test/support/databases.ts';
import { bulkInsert } from './bulk-insert.ts';
import { copyText } from './pg-copy.ts';

interface Row {
  id: number;
  label: string | null;
  note: string;
}
const COLUMNS = ['id', 'label', 'note'] as const;

// What COPY's text format must carry through unchanged: its own separators and escape, the text
// that spells NULL, empty text, non-ASCII and astral characters, and a real null.
const awkward: Row[] = [
  { id: 1, label: 'tab\there', note: 'line\nbreak and\r\nCRLF' },
  { id: 2, label: '\\N', note: 'a backslash \\ and \\t spelled out' },
  { id: 3, label: null, note: '' },
  { id: 4, label: 'Ünïcode ✓ 😀', note: '{"json":"with \\"quotes\\" and \\\\n"}' },
  { id: 5, label: '', note: '\u0001 control' },
];

for (const dialect of await dialectsUnderTest()) {
  describe(`bulkInsert (${dialect})`, () => {
    let db: TestDatabase;
    const any = () => db.db as unknown as Kysely<any>;
    const read = async () =>
      (await sql<Row>`select id, label, note from bulk_rows order by id`.execute(any())).rows.map((r) => ({
        ...r,
        id: Number(r.id),
      }));

    beforeAll(async () => {
      db = await createTestDatabase(dialect);
    });
    // Each test starts from an empty table.
    beforeEach(async () => {
      await any().schema.dropTable('bulk_rows').ifExists().execute();
      await any()
        .schema.createTable('bulk_rows')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('label', 'text')
        .addColumn('note', 'text', (c) => c.notNull())
        .execute();
    });
    afterAll(async () => db?.drop());

    it('stores every value exactly, inside a transaction and outside one', async () => {
      await db.uow.transaction(() => bulkInsert<Row>(db.uow, 'bulk_rows', COLUMNS, awkward));
      await bulkInsert<Row>(
        db.uow,
        'bulk_rows',
        COLUMNS,
        awkward.map((r) => ({ ...r, id: r.id + 100 })),
      );
      const rows = await read();
      expect(rows.slice(0, 5)).toEqual(awkward);
      expect(rows.slice(5)).toEqual(awkward.map((r) => ({ ...r, id: r.id + 100 })));
    });

    it('takes rows from a lazy iterable in chunks, in order', async () => {
      function* many() {
        for (let i = 0; i < 12_001; i++) yield { id: 1_000 + i, label: i % 2 ? null : `row ${i}`, note: `n${i}` };
      }
      await db.uow.transaction(() => bulkInsert<Row>(db.uow, 'bulk_rows', COLUMNS, many()));
      const rows = (await read()).filter((r) => r.id >= 1_000);
      expect(rows).toHaveLength(12_001);
      expect(rows[12_000]).toEqual({ id: 13_000, label: 'row 12000', note: 'n12000' });
      expect(rows[1]).toEqual({ id: 1_001, label: null, note: 'n1' });
    });

    it('a refused row rolls back the whole transaction, and the connection stays usable', async () => {
      await bulkInsert<Row>(db.uow, 'bulk_rows', COLUMNS, awkward); // row 1 is there to clash with
      const before = (await read()).length;
      const duplicate = [
        { id: 50_000, label: 'new', note: 'x' },
        { id: 1, label: 'clash', note: 'x' },
      ];
      await expect(
        db.uow.transaction(() => bulkInsert<Row>(db.uow, 'bulk_rows', COLUMNS, duplicate)),
      ).rejects.toThrow();
      expect((await read()).length).toBe(before);
      await db.uow.transaction(() =>
        bulkInsert<Row>(db.uow, 'bulk_rows', COLUMNS, [{ id: 50_001, label: 'after', note: 'y' }]),
      );
      expect((await read()).at(-1)).toEqual({ id: 50_001, label: 'after', note: 'y' });
    });
  });
}

describe('copyText (COPY text format)', () => {
  it('escapes separators and the escape character, writes null as \\N, one line per row', () => {
    expect(copyText<Row>(awkward.slice(0, 3), COLUMNS)).toEqual({
      text: '1\ttab\\there\tline\\nbreak and\\r\\nCRLF\n2\t\\\\N\ta backslash \\\\ and \\\\t spelled out\n3\t\\N\t\n',
      count: 3,
    });
  });

  it('refuses a value that is not a scalar rather than writing [object Object]', () => {
    expect(() => copyText([{ id: 1, label: { nested: true }, note: '' }] as never, COLUMNS)).toThrow(/not a scalar/);
  });
});

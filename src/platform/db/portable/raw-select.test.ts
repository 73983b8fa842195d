import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDatabase } from '../../../../test/support/databases.ts';
import { BinaryCopyFormatError, BinaryCopyRows } from './pg-binary-rows.ts';
import type { RawRows } from './raw-rows.ts';
import { selectRaw } from './raw-select.ts';

const texts = ['plain', '', 'Ünïcode ✓ 😀', 'tab\there\nnewline \\ backslash', '{"json":"\\"quoted\\""}', null];

/** Every row of `rows` as [id, big, label as text, label as bytes, maxUtf8Length ≥ the bytes]. */
function readAll(rows: RawRows) {
  const out: unknown[][] = [];
  const target = Buffer.alloc(8_192);
  while (rows.next()) {
    const n = rows.utf8Into(2, target, 3);
    out.push([
      rows.integer(0),
      rows.integer(1),
      rows.text(2),
      n < 0 ? null : target.toString('utf8', 3, 3 + n),
      rows.maxUtf8Length(2) >= n,
    ]);
  }
  return out;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`selectRaw (${dialect})`, () => {
    let db: TestDatabase;
    const any = () => db.db as unknown as Kysely<any>;
    const query = (ex: Kysely<any>, from: number, to: number) =>
      ex
        .selectFrom('raw_rows')
        .select(['id', 'big', 'label'])
        .where('id', '>=', from)
        .where('id', '<', to)
        .orderBy('id');

    beforeAll(async () => {
      db = await createTestDatabase(dialect);
    });
    // Each test starts from the same six rows: some tests add their own.
    beforeEach(async () => {
      await any().schema.dropTable('raw_rows').ifExists().execute();
      await any()
        .schema.createTable('raw_rows')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('big', 'bigint')
        .addColumn('label', 'text')
        .execute();
      await any()
        .insertInto('raw_rows')
        .values(
          texts.map((label, id) => ({
            id,
            big: id === 2 ? 2 ** 53 - 1 : id === 3 ? null : 1_000 - id * 1_000_000_007,
            label,
          })),
        )
        .execute();
    });
    afterAll(async () => db?.drop());

    it('reads integers, NULLs and text exactly, as strings and as UTF-8 bytes', async () => {
      const rows = readAll(await selectRaw(db.uow, query(any(), 0, 100)));
      expect(rows).toEqual(
        texts.map((label, id) => [
          id,
          id === 2 ? 2 ** 53 - 1 : id === 3 ? null : 1_000 - id * 1_000_000_007,
          label,
          label,
          true,
        ]),
      );
    });

    it('keeps to the range, reads nothing for an empty one, and answers false once done', async () => {
      const rows = await selectRaw(db.uow, query(any(), 1, 3));
      expect(readAll(rows).map((r) => r[0])).toEqual([1, 2]);
      expect(rows.next()).toBe(false);
      expect(readAll(await selectRaw(db.uow, query(any(), 50, 60)))).toEqual([]);
    });

    it('refuses values it cannot write into the query, and columns the row does not have', async () => {
      await expect(
        selectRaw(db.uow, any().selectFrom('raw_rows').select('id').where('label', '=', 'plain')),
      ).rejects.toThrow(TypeError);
      await expect(selectRaw(db.uow, query(any(), 0.5, 3))).rejects.toThrow(TypeError);
      const rows = await selectRaw(db.uow, query(any(), 0, 1));
      expect(() => rows.integer(0)).toThrow(RangeError); // before next()
      rows.next();
      expect(() => rows.text(3)).toThrow(RangeError);
      expect(() => rows.integer(2)).toThrow(TypeError);
    });

    it('runs inside a transaction, on its connection', async () => {
      await db.uow
        .transaction(async () => {
          await db.uow
            .executor<any>()
            .insertInto('raw_rows')
            .values({ id: 99, big: 1, label: 'uncommitted' })
            .execute();
          expect(readAll(await selectRaw(db.uow, query(any(), 99, 100)))).toEqual([
            [99, 1, 'uncommitted', 'uncommitted', true],
          ]);
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).toBe('roll back'));
    });

    it('reads results larger than a socket read, and never overwrites rows still being read', async () => {
      const big = Array.from({ length: 400 }, (_, i) => ({
        id: 1_000 + i,
        big: i,
        label: `${i}:`.padEnd(1_000 + (i % 7), 'é✓x'),
      }));
      await any().insertInto('raw_rows').values(big).execute();
      const expected = (from: number, to: number) =>
        big.slice(from, to).map((r) => [r.id, r.big, r.label, r.label, true]);
      // In a transaction: every read on the one connection, whose buffer the results would share.
      await db.uow.transaction(async () => {
        const conn = any();
        expect(readAll(await selectRaw(db.uow, query(conn, 1_000, 1_400)))).toEqual(expected(0, 400)); // ~500 KB
        // A result read to its end gives its buffer back to the connection for the next one; one
        // still being read keeps its own.
        const first = await selectRaw(db.uow, query(conn, 1_000, 1_200));
        expect(first.next()).toBe(true);
        const second = await selectRaw(db.uow, query(conn, 1_200, 1_400));
        expect([first.integer(0), first.text(2)]).toEqual([1_000, big[0]!.label]);
        expect(readAll(first)).toEqual(expected(1, 200));
        const third = await selectRaw(db.uow, query(conn, 1_100, 1_300));
        expect(first.next()).toBe(false);
        expect(readAll(second)).toEqual(expected(200, 400));
        expect(readAll(third)).toEqual(expected(100, 300));
      });
    });

    it('reports a failing query as an error and leaves the connection usable', async () => {
      await expect(selectRaw(db.uow, any().selectFrom('no_such_table').select('id'))).rejects.toThrow(/no_such_table/);
      if (dialect === 'postgres') {
        // Fails at the fourth row, after the first rows have been sent.
        const failing = any()
          .selectFrom('raw_rows')
          .select(sql<number>`case when id = 3 then 1 / (id - id) else id end`.as('n'))
          .orderBy('id');
        await expect(selectRaw(db.uow, failing)).rejects.toThrow(/division by zero/);
      }
      expect(readAll(await selectRaw(db.uow, query(any(), 0, 1)))).toHaveLength(1);
    });
  });
}

describe('BinaryCopyRows', () => {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  const int16 = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    return b;
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const row = (...fields: (Buffer | null)[]) =>
    Buffer.concat([int16(fields.length), ...fields.flatMap((f) => (f ? [int32(f.length), f] : [int32(-1)]))]);
  const trailer = int16(-1);

  it('reads fields in place and stays at the end', () => {
    const rows = new BinaryCopyRows(
      Buffer.concat([header, row(int32(7), Buffer.from('héllo')), row(null, Buffer.from('')), trailer]),
    );
    expect(rows.next()).toBe(true);
    expect([rows.integer(0), rows.text(1)]).toEqual([7, 'héllo']);
    expect(rows.next()).toBe(true);
    expect([rows.integer(0), rows.text(1), rows.maxUtf8Length(0)]).toEqual([null, '', -1]);
    expect(rows.next()).toBe(false);
    expect(rows.next()).toBe(false);
  });

  it('reads 8-byte integers exactly up to the safe limits and refuses beyond them', () => {
    const int64 = (n: bigint) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(n);
      return b;
    };
    const safe = [
      0n,
      1n,
      -1n,
      2n ** 31n - 1n,
      2n ** 31n,
      -(2n ** 31n),
      2n ** 32n - 1n,
      2n ** 32n,
      2n ** 32n + 1n,
      -(2n ** 32n),
      -(2n ** 32n) - 1n,
      2n ** 53n - 1n,
      -(2n ** 53n - 1n),
      1_733_577_600_123n,
    ];
    const unsafe = [2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    const rows = new BinaryCopyRows(
      Buffer.concat([header, ...[...safe, ...unsafe].map((n) => row(int64(n))), trailer]),
    );
    for (const n of safe) {
      expect(rows.next()).toBe(true);
      expect(rows.integer(0), String(n)).toBe(Number(n));
    }
    for (const n of unsafe) {
      expect(rows.next()).toBe(true);
      expect(() => rows.integer(0), String(n)).toThrow(RangeError);
    }
    expect(rows.next()).toBe(false);
  });

  it('refuses what is not binary COPY output, or is cut short', () => {
    const good = Buffer.concat([header, row(int32(7), Buffer.from('abc')), trailer]);
    expect(() => new BinaryCopyRows(Buffer.from('not copy output at all'))).toThrow(BinaryCopyFormatError);
    const withOids = Buffer.from(good);
    withOids.writeUInt32BE(1 << 16, 11);
    expect(() => new BinaryCopyRows(withOids)).toThrow(BinaryCopyFormatError);
    for (let cut = header.length; cut < good.length; cut++) {
      const rows = new BinaryCopyRows(good.subarray(0, cut));
      expect(() => {
        while (rows.next());
      }, `cut at ${cut}`).toThrow(BinaryCopyFormatError);
    }
  });
});

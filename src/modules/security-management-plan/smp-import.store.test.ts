import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aContract } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { ValidationError } from '../../platform/kernel/index.ts';
import { mappedContent } from './import-mapping.ts';
import { createImportStore, type ImportStore } from './smp-import.store.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`pending imports (${dialect})`, () => {
    let t: TestApp;
    let store: ImportStore;
    let c1: string;
    let c2: string;
    const entry = (over: Record<string, unknown> = {}) => ({
      contractId: c1,
      createdBy: 'u1',
      organisationId: 'o1',
      fileName: 'plan.docx',
      sections: [{ heading: 'Scope', markdown: 'Text' }],
      warnings: ['a note'],
      ...over,
    });

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      store = createImportStore({ uow: t.db.uow, clock: t.clock });
    });
    afterAll(async () => t?.close());
    // Each test has its own two contracts.
    beforeEach(async () => {
      [c1, c2] = [(await aContract(t)).contract.id, (await aContract(t)).contract.id];
    });

    it('are found only on their contract, by their organisation, for 24 hours', async () => {
      const p = await store.save(entry());
      expect(await store.find(p.id, c1, 'o1')).toEqual(p);
      expect(await store.find(p.id, c2, 'o1')).toBeUndefined();
      expect(await store.find(p.id, c1, 'o2')).toBeUndefined();
      t.clock.advanceMinutes(24 * 60);
      expect(await store.find(p.id, c1, 'o1')).toEqual(p);
      t.clock.advanceMinutes(1);
      expect(await store.find(p.id, c1, 'o1')).toBeUndefined();
    });

    it('are used once: a claimed import is gone unless restored, and deleted when done', async () => {
      const p = await store.save(entry());
      expect(await store.claim(p)).toBe(true);
      expect(await store.claim(p)).toBe(false);
      expect(await store.find(p.id, c1, 'o1')).toBeUndefined();
      await store.restore(p);
      expect(await store.find(p.id, c1, 'o1')).toEqual(p);
      await store.done(p);
      expect(await store.find(p.id, c1, 'o1')).toBeUndefined();
    });

    it('keep one per person and contract, and delete expired ones as new ones arrive', async () => {
      const first = await store.save(entry());
      const other = await store.save(entry({ contractId: c2 }));
      const second = await store.save(entry());
      expect(await store.find(first.id, c1, 'o1')).toBeUndefined();
      expect(await store.find(second.id, c1, 'o1')).toEqual(second);
      expect(await store.find(other.id, c2, 'o1')).toEqual(other);
      t.clock.advanceMinutes(24 * 60 + 1);
      await store.save(entry({ createdBy: 'u2' }));
      expect(
        Number(
          (
            await t.db.db
              .selectFrom('smp_imports')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(1);
    });
  });
}

describe('mapping imported headings', () => {
  const fieldsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ValidationError) return err.fields;
      throw err;
    }
    return {};
  };

  it('refuses a section over 500 KB once joined, naming it', () => {
    const half = 'word '.repeat(60_000);
    const sections = [
      { heading: 'Scope one', markdown: half },
      { heading: 'Scope two', markdown: half },
    ];
    expect(fieldsOf(() => mappedContent(sections, { 'map-0': 'scope', 'map-1': 'extra' }))).toEqual({});
    expect(fieldsOf(() => mappedContent(sections, { 'map-0': 'scope', 'map-1': 'scope' }))).toEqual({
      'map-0':
        '“Scope one” is larger than 500 KB once the headings mapped to it are joined: split it or leave part of it out',
    });
  });

  it('refuses more extra sections than a plan may have', () => {
    const sections = Array.from({ length: 55 }, (_, i) => ({ heading: `Part ${i}`, markdown: 'x' }));
    const form = Object.fromEntries(sections.map((_, i) => [`map-${i}`, 'extra']));
    expect(fieldsOf(() => mappedContent(sections, form))['map-0']).toMatch(
      /at most 54 extra sections, and 55 headings/,
    );
    expect(mappedContent(sections, { ...form, 'map-54': 'omit' }).content.sections).toHaveLength(60);
  });
});

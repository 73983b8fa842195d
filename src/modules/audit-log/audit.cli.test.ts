import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliContext } from '../../cli/context.ts';
import { runCli } from '../../cli/program.ts';
import { generateSigner } from '../../platform/signed-note/index.ts';

async function run(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, createCliContext(env), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('custodian audit (CLI, SQLite file)', () => {
  // Each test has its own data directory (database and signing key) with three events in its log.
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-audit-cli-'));
    env = { CUSTODIAN_DATA_DIR: dir, CUSTODIAN_PUBLIC_URL: 'https://custodian.example' };
    await run(['db', 'migrate'], env);
    // Events come from real use: issue a setup link (an audited action) a few times.
    for (let i = 0; i < 3; i++) await run(['setup-link'], env);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the verifier key, signs a checkpoint and verifies the log', async () => {
    const key = (await run(['audit', 'public-key'], env)).out.trim();
    expect(key).toMatch(/^custodian\.example\/custodian-audit\+[0-9a-f]{8}\+/);
    expect((await run(['audit', 'checkpoint'], env)).out).toMatch(
      /^custodian\.example\/custodian-audit\n3\n[A-Za-z0-9+/]{43}=\n\n— custodian\.example\/custodian-audit /,
    );
    const verified = await run(['audit', 'verify'], env);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.out).toContain('OK: 3 events, 3 leaves and 1 signed checkpoints verified');
  });

  it('proves an event and checks the proof with only the file and the key', async () => {
    expect((await run(['audit', 'checkpoint'], env)).code).toBe(0); // a proof needs a signed checkpoint
    const key = (await run(['audit', 'public-key'], env)).out.trim();
    const proof = await run(['audit', 'prove', '1'], env);
    expect(JSON.parse(proof.out)).toMatchObject({ leaf_index: 1, tree_size: 3 });
    const file = path.join(dir, 'proof.json');
    fs.writeFileSync(file, proof.out);
    expect(await run(['audit', 'verify-proof', file, '--key', key], env)).toMatchObject({
      code: 0,
      out: expect.stringContaining('OK: Event 1 is in the signed tree of size 3'),
    });
    fs.writeFileSync(file, proof.out.replace('"leaf_index": 1', '"leaf_index": 2'));
    expect(await run(['audit', 'verify-proof', file, '--key', key], env)).toMatchObject({
      code: 1,
      err: expect.stringContaining('INVALID'),
    });
    expect((await run(['audit', 'consistency', '1'], env)).out).toContain('"consistency_path"');
    expect((await run(['audit', 'prove', 'seven'], env)).code).not.toBe(0);
  });

  describe('verify-proof --key', () => {
    /** A signed proof of event 1 in a file, and the log's verifier key. */
    async function aProof() {
      expect((await run(['audit', 'checkpoint'], env)).code).toBe(0);
      const key = (await run(['audit', 'public-key'], env)).out.trim();
      const file = path.join(dir, 'proof.json');
      fs.writeFileSync(file, (await run(['audit', 'prove', '1'], env)).out);
      return { key, file };
    }

    it('says in its help what form the key takes and that a file holding it will do', async () => {
      const help = await run(['audit', 'verify-proof', '--help'], env);
      expect(help.code).toBe(0);
      const text = help.out.replace(/\s+/g, ' ');
      expect(text).toContain('custodian audit public-key');
      expect(text).toContain('<name>+<8 hex digits>+<base64 key>');
      expect(text).toMatch(/path of a file holding/);
      expect(text).toMatch(/exit codes?: 0 .*1 .*2 .*3 /i);
    });

    it('accepts the path of a file holding the key, as `audit public-key > FILE` writes it', async () => {
      const { key, file } = await aProof();
      const keyFile = path.join(dir, 'audit.vkey');
      fs.writeFileSync(keyFile, `${key}\n`);
      expect(await run(['audit', 'verify-proof', file, '--key', keyFile], env)).toMatchObject({
        code: 0,
        out: expect.stringContaining('OK: Event 1 is in the signed tree of size 3'),
      });
    });

    it('calls a key in the wrong form a usage error (exit 2), never INVALID', async () => {
      const { file } = await aProof();
      const notAKey = path.join(dir, 'not-a-key.pem');
      fs.writeFileSync(notAKey, '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n');
      for (const given of [notAKey, 'custodian.example/custodian-audit', path.join(dir, 'missing.vkey')]) {
        const r = await run(['audit', 'verify-proof', file, '--key', given], env);
        expect(r.code, given).toBe(2);
        expect(r.err, given).not.toContain('INVALID');
        expect(r.err, given).toMatch(/^custodian audit verify-proof: --key /);
        expect(r.err, given).toContain('<name>+<8 hex digits>+<base64 key>');
      }
    });

    it('tells a key of another log (exit 3) apart from a proof that fails (exit 1)', async () => {
      const { file } = await aProof();
      const other = generateSigner('custodian.example/custodian-audit').vkey;
      const r = await run(['audit', 'verify-proof', file, '--key', other], env);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/^NOT CHECKED: /);
      expect(r.err).not.toContain('INVALID');
    });
  });

  it('exits non-zero naming the index when an event was altered', async () => {
    const Database = (await import('better-sqlite3')).default;
    const sqlite = new Database(path.join(dir, 'custodian.db'));
    sqlite.exec('DROP TRIGGER audit_events_refuse_update');
    sqlite.prepare("UPDATE audit_events SET event = replace(event, 'setup', 'SETUP') WHERE seq = 1").run();
    sqlite.close();
    const r = await run(['audit', 'verify'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^TAMPERED at index 1: /);
  });
});

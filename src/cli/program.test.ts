import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliContext } from './context.ts';
import { runCli } from './program.ts';

async function run(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, createCliContext(env), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('custodian CLI', () => {
  it('--help lists every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'db migrate',
      'db status',
      'config',
      'setup-link',
      'users list',
      'users password-link',
      'users reset-mfa',
    ])
      expect(r.out).toContain(`custodian ${c}`);
  });

  it('migrates, reports status, and prints a setup link once there is a database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-cli-'));
    const env = { CUSTODIAN_DATA_DIR: dir };
    const before = await run(['db', 'status'], env);
    expect(before.out).toMatch(/0 applied, \d+ pending/);
    expect((await run(['db', 'migrate'], env)).out).toContain('applied  ');
    const after = await run(['db', 'status', '--json'], env);
    expect(JSON.parse(after.out).every((m: { appliedAt: string | null }) => m.appliedAt)).toBe(true);
    const link = await run(['setup-link'], { ...env, CUSTODIAN_PUBLIC_URL: 'https://custodian.example' });
    expect(link.out).toMatch(/^https:\/\/custodian\.example\/setup\/[A-Za-z0-9_-]{43}\n$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names a bad setting and exits 78 instead of crashing', async () => {
    const r = await run(['db', 'status'], { PORT: 'eighty' });
    expect(r.code).toBe(78);
    expect(r.err).toContain('PORT');
  });

  it('explains an unknown user without a stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-cli-'));
    await run(['db', 'migrate'], { CUSTODIAN_DATA_DIR: dir });
    const r = await run(['users', 'reset-mfa', 'nobody@example.test'], { CUSTODIAN_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain('nobody@example.test');
    expect(r.err).not.toContain('    at ');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

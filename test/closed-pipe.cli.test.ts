import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/custodian.js', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-pipe-'));

/**
 * Runs the real `custodian` with stdout read by a reader that goes away like `head` does: before any
 * output (so the very first write meets a closed pipe, every time), after the first line, or never.
 */
function custodian(args: string[], closeStdout: 'at-once' | 'after-first-line' | 'never') {
  const env: NodeJS.ProcessEnv = { ...process.env, CUSTODIAN_DATA_DIR: dataDir };
  delete env.DATABASE_URL; // a throwaway SQLite database in the data directory
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  if (closeStdout === 'at-once') child.stdout.destroy();
  else
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (closeStdout === 'after-first-line' && out.includes('\n')) child.stdout.destroy();
    });
  return new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('custodian … | head', () => {
  // Commands do not migrate as a side effect: the operator's `db migrate` comes first.
  beforeAll(async () => expect(await custodian(['db', 'migrate'], 'never')).toMatchObject({ code: 0 }), 60_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  for (const args of [['calendar', 'holidays', '--year', '2026'], ['--help']])
    it(`custodian ${args.join(' ')} ends quietly, with its usual status, when the reader closes the pipe`, async () => {
      const full = await custodian(args, 'never');
      expect(full).toMatchObject({ code: 0, err: '' });
      expect(full.out.split('\n').length).toBeGreaterThan(5);
      for (const close of ['at-once', 'after-first-line'] as const)
        expect(await custodian(args, close), close).toMatchObject({ code: 0, err: '' });
    }, 90_000); // three start-ups of the real CLI (tsx compiles on the way) on a busy machine
});

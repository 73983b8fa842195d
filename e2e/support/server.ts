import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GUARD = path.join(ROOT, 'e2e/support/exit-with-parent.ts');
const START_TIMEOUT_MS = 30_000;

export interface RunningServer {
  /** http://127.0.0.1:<port>, also the server's CUSTODIAN_PUBLIC_URL. */
  baseUrl: string;
  /** The one-time first-run link the server printed to stdout. */
  setupUrl: string;
  /** Everything the server wrote so far (shown when a test fails). */
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback port. Another process could take it before the server binds; start() retries. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Every variable that could point the server at another database or configuration is cleared. */
function serverEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CUSTODIAN_') && k !== 'DATABASE_URL') env[k] = v;
  return {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CUSTODIAN_DATA_DIR: dataDir,
    CUSTODIAN_PUBLIC_URL: `http://127.0.0.1:${port}`,
    CUSTODIAN_LOG_LEVEL: 'info',
  };
}

const live = new Set<ChildProcess>();
// Last resort if the runner exits without calling stop(): no server is left behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

async function startOnce(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', GUARD, 'src/main.ts'], {
    cwd: ROOT,
    env: serverEnv(port, dataDir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => live.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const setupUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server printed no setup link within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /(https?:\/\/\S+\/setup\/[A-Za-z0-9_-]+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before it was ready`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw Object.assign(err as Error, { serverOutput: log });
  });

  return { baseUrl: `http://127.0.0.1:${port}`, setupUrl, output: () => log, stop };
}

/**
 * Starts `node --import tsx src/main.ts` on a free loopback port with a fresh data directory (so a
 * fresh SQLite database) and waits for the setup link it prints.
 */
export async function startServer(): Promise<RunningServer> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startOnce();
    } catch (err) {
      lastError = err;
      const output = (err as { serverOutput?: string }).serverOutput ?? '';
      if (!/EADDRINUSE/.test(output)) break; // only a lost port race is worth another try
    }
  }
  const output = (lastError as { serverOutput?: string }).serverOutput;
  throw new Error(`${(lastError as Error).message}${output ? `\n--- server output ---\n${output}` : ''}`);
}

import { runCli } from '../../src/cli/program.ts';
import type { TestApp } from './test-app.ts';

/** Runs `custodian …` against a test app's config, database and services; returns its exit code and output. */
export function cliOf(app: () => TestApp) {
  return async (...argv: string[]) => {
    let out = '';
    let err = '';
    const t = app();
    const ctx = { config: () => t.config, db: () => t.db, services: async () => t.services, close: async () => {} };
    const code = await runCli(argv, ctx, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  };
}

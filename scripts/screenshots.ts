import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Refreshes the README's screenshots (docs/screenshots/*.png): walks the Security Management Plan
 * browser story once, on SQLite, with CUSTODIAN_SCREENSHOTS set, so each picture is the page the
 * story has just checked. Needs Chromium, as the browser tests do.
 */
const folder = path.resolve('docs/screenshots');
const run = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', 'e2e/smp.e2e.ts'], {
  stdio: 'inherit',
  env: { ...process.env, CUSTODIAN_SCREENSHOTS: folder },
});
process.exit(run.status ?? 1);

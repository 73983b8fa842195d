import { execFileSync } from 'node:child_process';
import { ROOT } from './server.ts';

/**
 * Vitest global set-up for the browser tests: compiles the stylesheet (as `npm test` does in its
 * pretest step), so running the e2e config directly does not serve pages without their CSS.
 * The build script does nothing when the stylesheet is newer than its sources.
 */
export default function buildAssets(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-assets.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 120_000,
  });
}

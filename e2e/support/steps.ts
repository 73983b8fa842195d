import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import type { Visitor } from './visitor.ts';

/**
 * Steps of one walk, in order: once a step fails the rest are skipped (they would fail for the
 * same reason), and the failing step leaves a screenshot and the HTML of every browser behind.
 */
export function walk(visitors: () => Visitor[], serverOutput: () => string = () => '') {
  let broken = false;
  return (name: string, run: () => Promise<void>, timeout?: number) =>
    it(
      name,
      async (ctx) => {
        if (broken) ctx.skip();
        try {
          await run();
        } catch (err) {
          broken = true;
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-e2e-failure-'));
          for (const v of visitors()) {
            const file = v.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
            await v.page.screenshot({ path: path.join(dir, `${file}.png`), fullPage: true }).catch(() => {});
            fs.writeFileSync(path.join(dir, `${file}.html`), await v.page.content().catch(() => ''));
          }
          const output = serverOutput();
          if (output) fs.writeFileSync(path.join(dir, 'server.log'), output);
          console.error(`\nStep failed: ${name}\nScreenshots and page HTML are in ${dir}`);
          throw err;
        }
      },
      timeout,
    );
}

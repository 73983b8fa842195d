import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Visitor } from './visitor.ts';

/**
 * The README's screenshots are taken by the browser story itself, on the pages it has just checked,
 * when CUSTODIAN_SCREENSHOTS names a folder (`npm run screenshots` sets it to docs/screenshots). So
 * a screenshot always shows the page as the story's assertions found it, with the story's data.
 */
const folder = process.env.CUSTODIAN_SCREENSHOTS;

export const takingScreenshots = Boolean(folder);

/** Saves the visitor's current page as `<name>.png` (desktop width; `narrow` also as `<name>-375.png`). */
export async function screenshot(v: Visitor, name: string, opts: { narrow?: boolean } = {}): Promise<void> {
  if (!folder) return;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot names are lower-case words with hyphens: ${name}`);
  await mkdir(folder, { recursive: true });
  await v.page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true, animations: 'disabled' });
  if (!opts.narrow) return;
  const before = v.page.viewportSize();
  await v.page.setViewportSize({ width: 375, height: 800 });
  try {
    await v.page.screenshot({ path: path.join(folder, `${name}-375.png`), fullPage: true, animations: 'disabled' });
  } finally {
    if (before) await v.page.setViewportSize(before);
  }
}

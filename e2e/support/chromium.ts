import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they fail in CI (where skipping would hide
 * a broken pipeline) and are skipped with a warning elsewhere.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const how = 'install it with `apt-get install -y chromium` or set CHROMIUM_PATH';
  if (process.env.CI)
    throw new Error(`Chromium is required for the browser tests in CI but ${CHROMIUM_PATH} does not exist: ${how}`);
  console.warn(`\n  WARNING: skipping the browser tests: Chromium is not at ${CHROMIUM_PATH} (${how}).\n`);
  return false;
}

/**
 * Headless Chromium talking to nothing but the loopback server. Playwright gives every launch a
 * fresh temporary profile and removes it on close; each test context is a fresh incognito context.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
    ],
    timeout: 30_000,
  });
}

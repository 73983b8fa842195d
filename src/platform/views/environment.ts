import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatUkTimeInWords } from './format.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const GOVUK_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/**
 * One Nunjucks environment for the whole app. Templates are found in the platform's templates, in
 * the modules' view folders (given by the composition root; each namespaces its templates in a
 * sub-folder named after the module) and in GOV.UK Frontend. Autoescape is on: nothing a user typed
 * reaches a page unescaped.
 */
export function createViewEnvironment(moduleViews: readonly string[]): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(here, 'templates'), ...moduleViews, GOVUK_DIST], { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
    },
  );
  env.addFilter('date', (v: unknown) => (typeof v === 'string' ? formatDate(v) : ''));
  env.addFilter('dateTime', (v: unknown) => (typeof v === 'string' ? formatDateTime(v) : ''));
  // "30 December 2026 at 2:05pm (UK time)": for a moment read away from a page's own context.
  env.addFilter('ukTime', (v: unknown) => (typeof v === 'string' ? formatUkTimeInWords(v) : ''));
  return env;
}

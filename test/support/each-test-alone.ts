/**
 * Runs every test in the given files alone, one at a time (as `vitest run FILE -t NAME` would), and lists
 * any that fail when run alone: a test must not depend on the tests before it.
 *
 *   CI=true node --import tsx test/support/each-test-alone.ts src/modules/x/x.test.ts [...]
 */
import path from 'node:path';
import { createVitest } from 'vitest/node';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const files = process.argv.slice(2).map((f) => path.resolve(f));
if (files.length === 0) throw new Error('usage: each-test-alone.ts FILE...');

const vitest = await createVitest('test', { watch: false, reporters: [{}] });
// ONLY='(sqlite)' runs only the tests whose names contain it; SKIP='(sqlite)' leaves those out.
const only = process.env.ONLY;
const skip = process.env.SKIP;
const failures: string[] = [];
let ran = 0;
for (const file of files) {
  const project = vitest.getRootProject();
  const spec = project.createSpecification(file);
  const collected = await vitest.collect([file]);
  const names = collected.testModules
    .filter((m) => m.moduleId === file)
    .flatMap((m) => [...m.children.allTests()].map((t) => t.fullName))
    .filter((name) => (!only || name.includes(only)) && (!skip || !name.includes(skip)));
  for (const name of names) {
    // vitest matches -t against the suites' names and the test's, joined by spaces.
    vitest.setGlobalTestNamePattern(new RegExp(`(^| )${escape(name.split(' > ').join(' '))}$`));
    const result = await vitest.runTestSpecifications([spec]);
    const mine = result.testModules.filter((m) => m.moduleId === file);
    const tests = mine.flatMap((m) => [...m.children.allTests()]);
    const run = tests.filter((t) => t.result().state !== 'skipped');
    const failed = run.filter((t) => t.result().state === 'failed');
    ran++;
    const moduleErrors = mine.flatMap((m) => m.errors());
    if (run.length !== 1 || failed.length > 0 || moduleErrors.length > 0 || result.unhandledErrors.length > 0) {
      const why =
        run.length !== 1
          ? `${run.length} tests matched`
          : [...failed.flatMap((t) => t.result().errors ?? []), ...moduleErrors, ...result.unhandledErrors]
              .map((e) => (e as { message?: string }).message ?? String(e))
              .join(' | ')
              .slice(0, 400);
      failures.push(`${path.relative(process.cwd(), file)} :: ${name}\n    ${why}`);
      console.log(`FAIL ${path.relative(process.cwd(), file)} :: ${name}`);
    }
  }
  console.log(`${path.relative(process.cwd(), file)}: ${names.length} tests run alone`);
}
await vitest.close();
console.log(`\n${ran} tests run alone, ${failures.length} failed alone`);
for (const f of failures) console.log(f);
process.exit(failures.length ? 1 : 0);

// The one module every pool thread loads. A worker thread does not inherit the main thread's
// TypeScript loader (tsx), so it is registered here once per thread; each job then names the
// TypeScript module that does its work (a file URL from Custodian's own code, never from input),
// whose default export takes the job's input. See worker-pool.ts.
import { register } from 'tsx/esm/api';

register();

/** Runs one job: `module`'s default export on `input`. */
export default async function run({ module, input }) {
  const { default: work } = await import(module);
  return work(input);
}

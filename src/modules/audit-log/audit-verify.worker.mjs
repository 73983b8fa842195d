// A worker thread does not inherit the main thread's TypeScript loader (tsx): register it here,
// then run the worker itself. See audit-verify-parallel.ts.
import { register } from 'tsx/esm/api';

// The packages the worker's modules use, loaded before tsx's hooks are: each module loaded through
// the hooks costs a round trip to their thread, and kysely alone is 280 of them. The TypeScript
// imports below then find these already loaded. (A package missing here still loads, only slower.)
// Measured: the worker was ready ~100–200 ms sooner.
await Promise.all([
  import('kysely'),
  import('pg'),
  import('pg-copy-streams'),
  import('better-sqlite3'),
  import('canonicalize'),
  import('uuidv7'),
]);
register();
await import('./audit-verify.worker.ts');

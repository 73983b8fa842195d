// A worker thread does not inherit the main thread's TypeScript loader (tsx): register it here,
// then run the worker itself. See audit-verify-parallel.ts.
import { register } from 'tsx/esm/api';

register();
await import('./audit-verify.worker.ts');

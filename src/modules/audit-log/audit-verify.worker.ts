import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from '../../platform/db/index.ts';
import { auditRepository } from './audit-log.repository.ts';
import { checkClaimedChunks, type VerifyConnection } from './audit-verify-parallel.ts';

// One verification worker: its own connection to the same database, chunks claimed from the shared
// state, the tree's leaves read in place from shared memory; it reports its first fault, if any.
const data = workerData as {
  connection: VerifyConnection;
  from: number;
  to: number;
  state: SharedArrayBuffer;
  leaves: SharedArrayBuffer;
  leavesOffset: number;
  leavesLength: number;
  signedSize: number;
};
// Migrations are the server's business: the worker only reads.
const handle = createDb(data.connection.databaseUrl, data.connection.dataDir, { migrationFolders: [] });
try {
  // First make sure this is the same log (a wrong data directory would open an empty one, whose
  // "missing" events would read as tampering): connecting fails here, never silently later.
  const { size } = await auditRepository(handle.uow).head();
  if (Number(size) < data.to)
    throw new Error(
      `the verification worker's database holds ${size} events, not the ${data.to} being verified: is it the same database?`,
    );
  const leaves = new Uint8Array(data.leaves, data.leavesOffset, data.leavesLength);
  parentPort!.postMessage(
    await checkClaimedChunks(handle.uow, new Int32Array(data.state), data.from, data.to, {
      leaves,
      signedSize: data.signedSize,
    }),
  );
} finally {
  await handle.close();
}

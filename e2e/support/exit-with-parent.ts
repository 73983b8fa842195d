// Loaded into the server under test with --import. The test runner holds the other end of stdin:
// when the runner exits for any reason (even SIGKILL) the pipe closes, and the server stops and
// removes its throwaway data directory (only ever a custodian-e2e-* directory in the temp folder).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dataDir = process.env.CUSTODIAN_DATA_DIR ? path.resolve(process.env.CUSTODIAN_DATA_DIR) : '';
const throwaway =
  path.dirname(dataDir) === path.resolve(os.tmpdir()) && path.basename(dataDir).startsWith('custodian-e2e-');

const orphaned = () => {
  if (throwaway) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', orphaned);
process.stdin.on('error', orphaned);
process.stdin.resume();

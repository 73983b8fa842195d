import { isInMemory, type UnitOfWork } from '../../platform/db/index.ts';
import { RootAccumulator, TILE_WIDTH } from '../../platform/merkle/index.ts';
import { openNote, parseCheckpoint, parseVerifierKey, type Verifier } from '../../platform/signed-note/index.ts';
import { auditRepository } from './audit-log.repository.ts';
import { auditTreeRepository } from './audit-tree.repository.ts';
import { checkEventRange, Tampered } from './audit-verify-events.ts';
import { checkEventsInParallel, PARALLEL_MIN, type VerifyConnection } from './audit-verify-parallel.ts';
import { checkProjections } from './audit-verify-projections.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
type Events = ReturnType<typeof auditRepository>;
type Tree = ReturnType<typeof auditTreeRepository>;

export interface VerifyReport {
  ok: boolean;
  /** The first leaf index found wrong, when one is to blame. */
  firstBadIndex?: number;
  problem?: string;
  eventsChecked: number;
  leavesChecked: number;
  checkpointsChecked: number;
}

/**
 * Checks the audit log end to end: every kept event re-serialises to itself, carries its own index
 * and hashes to its leaf; the leaves match the level-0 tiles; every upper tile hash is the root of
 * the tile below; and each signed checkpoint verifies and matches the tree recomputed from the
 * leaves (so each later checkpoint is consistent with the earlier ones); and every column and
 * read-index row that pages, filters, the API and exports read says what its signed event says
 * (checkProjections). Stops at the first fault.
 */
export async function verifyAuditLog(
  uow: UnitOfWork,
  verifier: Verifier,
  range: { from?: number; to?: number } = {},
  opts: { connection?: VerifyConnection; workersFrom?: number } = {},
): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, eventsChecked: 0, leavesChecked: 0, checkpointsChecked: 0 };
  const events = auditRepository(uow);
  const tree = auditTreeRepository(uow);
  try {
    const head = await events.head();
    const from = Math.max(range.from ?? 0, head.purged_below);
    const to = Math.min(range.to === undefined ? head.size : range.to + 1, head.size);
    await checkPurgeRecorded(events, head.purged_below, head.size);
    // Shared memory, so verification workers read the leaves without a copy.
    const tileLeaves = Buffer.from(new SharedArrayBuffer(head.tiled_size * 32));
    const signedSize = await tree.largestCheckpointSize(head.tiled_size);
    const readLeaves = () => leavesFromTiles(tree, head.tiled_size, tileLeaves);
    const checkTheTree = async () => {
      report.leavesChecked = await checkTree(tree, verifier, tileLeaves, head.tiled_size, report);
    };
    // Events and tree are independent checks; an event's fault is reported before the tree's.
    // A large log is checked by worker threads too (an in-memory database has no second connection).
    const { connection } = opts;
    if (connection && !isInMemory(connection.databaseUrl) && to - from >= (opts.workersFrom ?? PARALLEL_MIN)) {
      report.eventsChecked = await checkEventsInParallel(uow, connection, {
        from,
        to,
        tileLeaves,
        signedSize,
        readLeaves,
        alongside: checkTheTree,
      });
    } else {
      await readLeaves();
      report.eventsChecked = await checkEventRange(uow, from, to, { leaves: tileLeaves, signedSize });
      await checkTheTree();
    }
    // Then what readers see: the columns and read-index rows beside each event, now proven.
    await checkProjections(uow, from, to);
  } catch (err) {
    if (!(err instanceof Tampered)) throw err;
    return { ...report, ok: false, firstBadIndex: err.index, problem: err.message };
  }
  return report;
}

/** Content may be missing below `purged_below` only if the log itself records a purge that far. */
async function checkPurgeRecorded(events: Events, purgedBelow: number, size: number): Promise<void> {
  if (purgedBelow === 0) return;
  const purges = await events.lastOfAction('audit.purge', purgedBelow, size);
  const to = purges ? (JSON.parse(purges.details) as { to?: number }).to : undefined;
  if (to !== purgedBelow)
    throw new Tampered(0, `events below ${purgedBelow} are gone but no purge event records removing them`);
}

// Level-0 tiles read per query. Each is 16 KB of hex text: 200 at a time were 3 MB of strings alive
// across the await, copied by every young-generation collection meanwhile (measured: the main
// thread's collections took ~80 ms longer per million leaves than with 16).
const LEAF_TILES_READ = 16;

/** Reads the level-0 tile hashes into `out`, 32 bytes per leaf (320 MB at 10 million leaves). */
async function leavesFromTiles(tree: Tree, tiledSize: number, out: Buffer): Promise<void> {
  for (let idx = 0, filled = 0; filled < tiledSize;) {
    const tiles = await tree.tiles(0, idx, LEAF_TILES_READ);
    if (tiles.length === 0)
      throw new Tampered(filled, `level-0 tile ${idx} is missing: leaves from ${filled} cannot be checked`);
    for (const t of tiles) {
      if (t.idx !== idx) throw new Tampered(idx * TILE_WIDTH, `level-0 tile ${idx} is missing`);
      const width = Math.min(TILE_WIDTH, tiledSize - idx * TILE_WIDTH);
      // Decoded straight into place; write stops at the first non-hex character, so a short count is a bad tile.
      const written = out.write(t.hashes.slice(0, width * 64), idx * TILE_WIDTH * 32, width * 32, 'hex');
      if (written < width * 32 || t.width < width)
        throw new Tampered(idx * TILE_WIDTH, `level-0 tile ${idx} is shorter than the tree`);
      filled += width;
      idx++;
    }
  }
}

/**
 * One pass over the tiled leaves computes every interior node once (a compact range, see
 * RootAccumulator): each checkpoint's root is the fold of the stack when the pass reaches its
 * size, and each upper-tile hash is taken as the merge completing it happens.
 */
async function checkTree(
  tree: Tree,
  verifier: Verifier,
  leaves: Buffer,
  size: number,
  report: VerifyReport,
): Promise<number> {
  const checkpoints = (await tree.checkpoints()).filter((c) => c.size <= size);
  // upper[L − 1]: the level-L hashes a tree of `size` leaves has, filled in as the pass completes them.
  const upper: Buffer[] = [];
  for (let level = 1; size >= TILE_WIDTH ** level; level++)
    upper.push(Buffer.alloc(Math.floor(size / TILE_WIDTH ** level) * 32));
  const acc = new RootAccumulator({ onTileHash: (level, index, hash) => upper[level - 1]!.set(hash, index * 32) });
  const pushTo = (n: number) => {
    while (acc.size < n) {
      if (acc.size % TILE_WIDTH === 0 && acc.size + TILE_WIDTH <= n) acc.pushTile(leaves, acc.size * 32);
      else acc.pushFrom(leaves, acc.size * 32);
    }
  };
  for (const cp of checkpoints) {
    pushTo(cp.size);
    let parsed;
    try {
      parsed = parseCheckpoint(openNote(cp.note, [verifier]).text);
    } catch (err) {
      throw new Tampered(
        undefined,
        `checkpoint at size ${cp.size} does not verify with the key: ${(err as Error).message}`,
      );
    }
    if (parsed.size !== cp.size || hex(parsed.rootHash) !== cp.root_hash)
      throw new Tampered(undefined, `checkpoint at size ${cp.size} disagrees with its signed note`);
    // A checkpoint of the empty tree has no leaf to blame (the old loop never reached one).
    if (hex(acc.root()) !== cp.root_hash)
      throw new Tampered(
        cp.size === 0 ? undefined : cp.size - 1,
        `the tree of size ${cp.size} does not match its signed checkpoint: a leaf before index ${cp.size} was changed, removed or reordered`,
      );
    report.checkpointsChecked++;
  }
  pushTo(size);
  for (let level = 1; level <= upper.length; level++) await checkUpperLevel(tree, level, upper[level - 1]!);
  return size;
}

/** Each stored level-L hash must be the root of the full level-(L−1) tile under it, as recomputed. */
async function checkUpperLevel(tree: Tree, level: number, expected: Buffer): Promise<void> {
  const count = expected.length / 32;
  const stored = Buffer.alloc(count * 32);
  for (let idx = 0, done = 0; done < count;) {
    const tiles = await tree.tiles(level, idx, 200);
    if (tiles.length === 0) throw new Tampered(done * TILE_WIDTH ** level, `level-${level} tile ${idx} is missing`);
    for (const t of tiles) {
      const width = Math.min(TILE_WIDTH, count - t.idx * TILE_WIDTH);
      if (width <= 0) break; // tiles past the tiled size (a tiler racing ahead) are not ours to judge
      stored.write(t.hashes.slice(0, width * 64), t.idx * TILE_WIDTH * 32, 'hex');
      done = Math.max(done, t.idx * TILE_WIDTH + width);
      idx = t.idx + 1;
    }
  }
  for (let i = 0; i < count; i++) {
    if (expected.compare(stored, i * 32, i * 32 + 32, i * 32, i * 32 + 32) !== 0)
      throw new Tampered(i * TILE_WIDTH ** level, `level-${level} tile hash ${i} does not match the leaves under it`);
  }
}

/** Verification as a service: the command line's `audit verify`, on this process's database. */
export type AuditVerifier = ReturnType<typeof createAuditVerifier>;

export function createAuditVerifier(deps: {
  uow: UnitOfWork;
  /** Tiles new leaves and gives the verifier key. */
  tree: { tileNewLeaves(): Promise<number>; verifierKey(): Promise<string> };
  /** How worker threads reach the same database (a large log is checked by several). */
  connection: VerifyConnection;
}) {
  return {
    /** Verifies the whole log, or events [from, to]; tiles the leaves appended since the last checkpoint first. */
    async verify(range: { from?: number; to?: number } = {}): Promise<VerifyReport> {
      await deps.tree.tileNewLeaves();
      const verifier = parseVerifierKey(await deps.tree.verifierKey());
      return verifyAuditLog(deps.uow, verifier, range, { connection: deps.connection });
    },
  };
}

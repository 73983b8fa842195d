import canonicalize from 'canonicalize';
import type { Db } from '../../platform/db/index.ts';
import { nodeHash, RootAccumulator, TILE_WIDTH } from '../../platform/merkle/index.ts';
import { openNote, parseCheckpoint, type Verifier } from '../../platform/signed-note/index.ts';
import { leafHashHex } from './audit-event.ts';
import { canonicalEventSequence } from './canonical-json.ts';
import { auditRepository as events } from './audit-log.repository.ts';
import { auditTreeRepository as tree } from './audit-tree.repository.ts';

const BATCH = 5_000;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface VerifyReport {
  ok: boolean;
  /** The first leaf index found wrong, when one is to blame. */
  firstBadIndex?: number;
  problem?: string;
  eventsChecked: number;
  leavesChecked: number;
  checkpointsChecked: number;
}

class Tampered extends Error {
  constructor(readonly index: number | undefined, message: string) {
    super(message);
  }
}

/**
 * Checks the audit log end to end: every kept event re-serialises to itself, carries its own index
 * and hashes to its leaf; the leaves match the level-0 tiles; every upper tile hash is the root of
 * the tile below; and each signed checkpoint verifies and matches the tree recomputed from the
 * leaves (so each later checkpoint is consistent with the earlier ones). Stops at the first fault.
 */
export async function verifyAuditLog(db: Db, verifier: Verifier, range: { from?: number; to?: number } = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, eventsChecked: 0, leavesChecked: 0, checkpointsChecked: 0 };
  try {
    const head = await events.head(db);
    const from = Math.max(range.from ?? 0, head.purged_below);
    const to = Math.min(range.to === undefined ? head.size : range.to + 1, head.size);
    await checkPurgeRecorded(db, head.purged_below, head.size);
    const tileLeaves = await leavesFromTiles(db, head.tiled_size);
    report.eventsChecked = await checkEvents(db, from, to, tileLeaves);
    report.leavesChecked = await checkTree(db, verifier, tileLeaves, head.tiled_size, report);
  } catch (err) {
    if (!(err instanceof Tampered)) throw err;
    return { ...report, ok: false, firstBadIndex: err.index, problem: err.message };
  }
  return report;
}

/** Content may be missing below `purged_below` only if the log itself records a purge that far. */
async function checkPurgeRecorded(db: Db, purgedBelow: number, size: number): Promise<void> {
  if (purgedBelow === 0) return;
  const purges = await events.lastOfAction(db, 'audit.purge', purgedBelow, size);
  const to = purges ? (JSON.parse(purges.details) as { to?: number }).to : undefined;
  if (to !== purgedBelow) throw new Tampered(0, `events below ${purgedBelow} are gone but no purge event records removing them`);
}

/** Level-0 tile hashes, as one buffer of 32-byte leaf hashes (32 bytes per leaf: 320 MB at 10 million). */
async function leavesFromTiles(db: Db, tiledSize: number): Promise<Buffer> {
  const out = Buffer.alloc(tiledSize * 32);
  for (let idx = 0, filled = 0; filled < tiledSize; ) {
    const tiles = await tree.tiles(db, 0, idx, 200);
    if (tiles.length === 0) throw new Tampered(filled, `level-0 tile ${idx} is missing: leaves from ${filled} cannot be checked`);
    for (const t of tiles) {
      if (t.idx !== idx) throw new Tampered(idx * TILE_WIDTH, `level-0 tile ${idx} is missing`);
      const bytes = Buffer.from(t.hashes, 'hex');
      const width = Math.min(TILE_WIDTH, tiledSize - idx * TILE_WIDTH);
      if (bytes.length < width * 32 || t.width < width) throw new Tampered(idx * TILE_WIDTH, `level-0 tile ${idx} is shorter than the tree`);
      bytes.copy(out, idx * TILE_WIDTH * 32, 0, width * 32);
      filled += width;
      idx++;
    }
  }
  return out;
}

async function checkEvents(db: Db, from: number, to: number, tileLeaves: Buffer): Promise<number> {
  const fetch = (start: number) => {
    const p = events.range(db, start, Math.min(to, start + BATCH), BATCH);
    p.catch(() => {}); // a fault found meanwhile ends the run; this read is then simply dropped
    return p;
  };
  let expected = from;
  let next = expected < to ? fetch(expected) : undefined;
  while (expected < to) {
    let rows = await next!;
    if (rows.length === 0) rows = await events.range(db, expected, to, 1);
    if (rows.length === 0) throw new Tampered(expected, `event ${expected} is missing`);
    // Read the next batch while hashing this one: on PostgreSQL the server and Node then work at once.
    const after = Number(rows.at(-1)!.seq) + 1;
    next = after < to ? fetch(after) : undefined;
    for (const r of rows) {
      if (r.seq !== expected) throw new Tampered(expected, `event ${expected} is missing (the next stored event is ${r.seq})`);
      if (canonicalEventSequence(r.event) !== r.seq) checkCanonical(r);
      const leaf = leafHashHex(r.event);
      if (leaf !== r.leaf_hash) throw new Tampered(r.seq, `event ${r.seq} does not match its stored leaf hash: it was edited`);
      if (r.seq * 32 < tileLeaves.length && tileLeaves.toString('hex', r.seq * 32, r.seq * 32 + 32) !== leaf) {
        throw new Tampered(r.seq, `event ${r.seq} does not match the leaf hash in the tree: it was edited`);
      }
      expected++;
    }
  }
  return to - from;
}

/** Parses and re-serialises the event: the reference check, and the one that says what is wrong. */
function checkCanonical(r: { seq: number; event: string }): void {
  let parsed: { metadata?: { sequence?: unknown } };
  try {
    parsed = JSON.parse(r.event);
  } catch {
    throw new Tampered(r.seq, `event ${r.seq} is not valid JSON`);
  }
  if (canonicalize(parsed) !== r.event) throw new Tampered(r.seq, `event ${r.seq} is not in canonical form: it was edited`);
  if (parsed.metadata?.sequence !== r.seq) throw new Tampered(r.seq, `event ${r.seq} says it is event ${String(parsed.metadata?.sequence)}: rows were moved or swapped`);
}

async function checkTree(db: Db, verifier: Verifier, leaves: Buffer, size: number, report: VerifyReport): Promise<number> {
  const checkpoints = (await tree.checkpoints(db)).filter((c) => c.size <= size);
  const acc = new RootAccumulator();
  let next = 0;
  for (let i = 0; i < size; i++) {
    acc.push(leaves.subarray(i * 32, i * 32 + 32));
    while (next < checkpoints.length && checkpoints[next]!.size === i + 1) {
      const cp = checkpoints[next]!;
      let parsed;
      try {
        parsed = parseCheckpoint(openNote(cp.note, [verifier]).text);
      } catch (err) {
        throw new Tampered(undefined, `checkpoint at size ${cp.size} does not verify with the key: ${(err as Error).message}`);
      }
      const root = hex(acc.root());
      if (parsed.size !== cp.size || hex(parsed.rootHash) !== cp.root_hash) throw new Tampered(undefined, `checkpoint at size ${cp.size} disagrees with its signed note`);
      if (root !== cp.root_hash) throw new Tampered(cp.size - 1, `the tree of size ${cp.size} does not match its signed checkpoint: a leaf before index ${cp.size} was changed, removed or reordered`);
      report.checkpointsChecked++;
      next++;
    }
  }
  await checkUpperTiles(db, leaves, size);
  return size;
}

/** Each level-(L+1) hash must be the root of the full level-L tile under it. */
async function checkUpperTiles(db: Db, leaves: Buffer, size: number): Promise<void> {
  let below: Buffer = leaves;
  for (let level = 1; size >= TILE_WIDTH ** level; level++) {
    const count = Math.floor(size / TILE_WIDTH ** level);
    const expected = Buffer.alloc(count * 32);
    for (let i = 0; i < count; i++) perfectRootInto(below, i * TILE_WIDTH, expected, i);
    const stored = Buffer.alloc(count * 32);
    for (let idx = 0, done = 0; done < count; ) {
      const tiles = await tree.tiles(db, level, idx, 200);
      if (tiles.length === 0) throw new Tampered(done * TILE_WIDTH ** level, `level-${level} tile ${idx} is missing`);
      for (const t of tiles) {
        const width = Math.min(TILE_WIDTH, count - t.idx * TILE_WIDTH);
        Buffer.from(t.hashes, 'hex').copy(stored, t.idx * TILE_WIDTH * 32, 0, width * 32);
        done = Math.max(done, t.idx * TILE_WIDTH + width);
        idx = t.idx + 1;
      }
    }
    for (let i = 0; i < count; i++) {
      if (!expected.subarray(i * 32, i * 32 + 32).equals(stored.subarray(i * 32, i * 32 + 32))) throw new Tampered(i * TILE_WIDTH ** level, `level-${level} tile hash ${i} does not match the leaves under it`);
    }
    below = expected;
  }
}

function perfectRootInto(hashes: Buffer, first: number, out: Buffer, at: number) {
  let layer: Uint8Array[] = [];
  for (let i = 0; i < TILE_WIDTH; i++) layer.push(hashes.subarray((first + i) * 32, (first + i) * 32 + 32));
  while (layer.length > 1) {
    const up: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) up.push(nodeHash(layer[i]!, layer[i + 1]!));
    layer = up;
  }
  Buffer.from(layer[0]!).copy(out, at * 32);
}


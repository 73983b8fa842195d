import { type UnitOfWork } from '../../platform/db/index.ts';
import { ConflictError, iso, NotFoundError, type Clock } from '../../platform/kernel/index.ts';
import { appendLeaves, consistencyProof, inclusionProof, rootAt, TileHashSource } from '../../platform/merkle/index.ts';
import { formatCheckpoint, signNote, type Signer } from '../../platform/signed-note/index.ts';
import { auditRepository } from './audit-log.repository.ts';
import { auditIndexRepository } from './audit-index.repository.ts';
import { auditTreeRepository } from './audit-tree.repository.ts';

// Leaves tiled per transaction: bounds memory and lock time whatever the backlog.
const TILE_BATCH = 20_000;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface InclusionProofDocument {
  leaf_index: number;
  tree_size: number;
  leaf_hash: string;
  canonical_event: string | null;
  inclusion_path: string[];
  checkpoint: string;
}

export interface ConsistencyProofDocument {
  old_size: number;
  new_size: number;
  old_root: string;
  new_root: string;
  consistency_path: string[];
  old_checkpoint: string | null;
  checkpoint: string;
}

/** Events missing or out of order where the tree would grow: only `audit verify` can say what happened. */
export class AuditGapError extends Error {
  override name = 'AuditGapError';
}

/** How often tiling tries again after losing a race to another process before giving up. */
const TILE_ATTEMPTS = 20;

export type AuditTreeService = ReturnType<typeof createAuditTreeService>;

/**
 * The tree over the audit log's leaves: tiles the new leaves (C2SP tlog-tiles), signs checkpoints
 * (C2SP tlog-checkpoint as an Ed25519 signed note) and serves RFC 9162 proofs from the tiles.
 */
export function createAuditTreeService(deps: { uow: UnitOfWork; clock: Clock; signer: () => Promise<Signer> }) {
  const { uow, clock } = deps;
  const events = auditRepository(uow);
  const indexes = auditIndexRepository(uow);
  const tree = auditTreeRepository(uow);

  /** Extends the tiles to cover every committed leaf. Safe to run from several processes at once. */
  async function tileNewLeaves(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const advanced = await uow
        .transaction(async () => {
          const head = await events.head();
          if (head.tiled_size >= head.size) return head.tiled_size;
          const from = head.tiled_size;
          const to = Math.min(head.size, from + TILE_BATCH);
          const rows = await events.range(from, to, to - from);
          if (rows.length !== to - from || rows.some((r, i) => r.seq !== from + i))
            throw new AuditGapError(
              `audit events ${from}..${to - 1} are not contiguous: run \`custodian audit verify\``,
            );
          const writes = await appendLeaves(
            from,
            rows.map((r) => Buffer.from(r.leaf_hash, 'hex')),
            tree.tileStore(),
          );
          await tree.writeTiles(writes);
          return tree.advanceTiled(from, to);
        })
        .catch((err: unknown) => {
          // Losing a race to another process is retried; a gap in the log, or an error that outlasts
          // the retries, is not something waiting can mend and must reach the caller.
          if (err instanceof AuditGapError || attempt >= TILE_ATTEMPTS) throw err;
          return false;
        });
      if (typeof advanced === 'number') return advanced; // every committed leaf is tiled
      // Another process tiled this range first: read the head again and carry on from there.
      if (!advanced) await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function signCheckpoint(): Promise<{ size: number; note: string } | undefined> {
    // The periodic job also moves the read index on: readers then scan at most a few seconds of events.
    await indexes.catchUp();
    const size = await tileNewLeaves();
    const latest = await tree.latestCheckpoint();
    if (size === 0 || (latest && latest.size >= size)) return undefined;
    const root = await rootAt(size, new TileHashSource(tree.tileStore(), size));
    const signer = await deps.signer();
    const note = signNote(formatCheckpoint({ origin: signer.name, size, rootHash: root }), [signer]);
    await tree.insertCheckpoint({ size, root_hash: hex(root), note, created_at: iso(clock.now()) });
    return { size, note };
  }

  // One checkpoint at a time per process: a slow run is never overlapped by the next timer tick.
  let inflight: ReturnType<typeof signCheckpoint> | undefined;

  return {
    tileNewLeaves,
    /** Signs a checkpoint for the current tree unless the latest one already covers it. */
    checkpoint: () => (inflight ??= signCheckpoint().finally(() => (inflight = undefined))),
    latestCheckpoint: () => tree.latestCheckpoint(),
    async verifierKey(): Promise<string> {
      return (await deps.signer()).vkey;
    },
    /** RFC 9162 inclusion proof of leaf `index` in the tree of a signed checkpoint (the latest by default). */
    async prove(index: number, size?: number): Promise<InclusionProofDocument> {
      const cp = size === undefined ? await tree.latestCheckpoint() : await tree.checkpointAt(size);
      if (!cp)
        throw new NotFoundError(size === undefined ? 'A signed checkpoint' : `A signed checkpoint of size ${size}`);
      if (!Number.isSafeInteger(index) || index < 0 || index >= cp.size)
        throw new ConflictError('index_outside_tree', `Event ${index} is not in the tree of size ${cp.size}`);
      const source = new TileHashSource(tree.tileStore(), cp.size);
      const path = await inclusionProof(index, cp.size, source);
      const leaf = await source.hashAt(0, index);
      const row = await events.findBySeq(index);
      return {
        leaf_index: index,
        tree_size: cp.size,
        leaf_hash: hex(leaf),
        canonical_event: row?.event ?? null,
        inclusion_path: path.map(hex),
        checkpoint: cp.note,
      };
    },
    /** RFC 9162 consistency proof between two tree sizes; the new size must have a signed checkpoint. */
    async consistency(oldSize: number, newSize?: number): Promise<ConsistencyProofDocument> {
      const cp = newSize === undefined ? await tree.latestCheckpoint() : await tree.checkpointAt(newSize);
      if (!cp)
        throw new NotFoundError(
          newSize === undefined ? 'A signed checkpoint' : `A signed checkpoint of size ${newSize}`,
        );
      if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > cp.size)
        throw new ConflictError('size_outside_tree', `The old size must be between 1 and ${cp.size}`);
      const source = new TileHashSource(tree.tileStore(), cp.size);
      const path = await consistencyProof(oldSize, cp.size, source);
      const oldRoot = await rootAt(oldSize, new TileHashSource(tree.tileStore(), oldSize));
      const old = await tree.checkpointAt(oldSize);
      return {
        old_size: oldSize,
        new_size: cp.size,
        old_root: hex(oldRoot),
        new_root: cp.root_hash,
        consistency_path: path.map(hex),
        old_checkpoint: old?.note ?? null,
        checkpoint: cp.note,
      };
    },
  };
}

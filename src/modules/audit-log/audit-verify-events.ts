import canonicalize from 'canonicalize';
import type { Db } from '../../platform/db/index.ts';
import { leafHashHex } from './audit-event.ts';
import { auditRepository as events } from './audit-log.repository.ts';
import { canonicalEventSequence } from './canonical-json.ts';

// Events read per query, fetched one window ahead so reading overlaps checking. Small windows keep
// few event strings alive at once: with 5,000, they outlived young-generation collections and the
// copying and marking cost more than the queries saved (measured on 500,000 events).
export const READ_WINDOW = 500;

/** A fault in the stored log: where (a leaf index, when one is to blame) and what. */
export class Tampered extends Error {
  constructor(readonly index: number | undefined, message: string) {
    super(message);
  }
}

/**
 * Checks events [from, to): each is stored under its own index with none missing, is canonical and
 * names that index, and hashes to both its stored leaf hash and the tree's leaf (where tiled).
 * Throws Tampered at the first fault.
 */
export async function checkEventRange(db: Db, from: number, to: number, tileLeaves: Uint8Array): Promise<number> {
  const fetch = (start: number) => {
    const p = events.range(db, start, Math.min(to, start + READ_WINDOW), READ_WINDOW);
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
      if (r.seq * 32 < tileLeaves.length && !hexMatches(leaf, tileLeaves, r.seq * 32)) {
        throw new Tampered(r.seq, `event ${r.seq} does not match the leaf hash in the tree: it was edited`);
      }
      expected++;
    }
  }
  return to - from;
}

const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_DIGIT['0123456789abcdef'.charCodeAt(i)] = i;

/** Does lowercase hex `h` spell the 32 bytes at `at`? Compared in place: no string per leaf. */
function hexMatches(h: string, bytes: Uint8Array, at: number): boolean {
  for (let j = 0; j < 32; j++) if (((HEX_DIGIT[h.charCodeAt(2 * j)]! << 4) | HEX_DIGIT[h.charCodeAt(2 * j + 1)]!) !== bytes[at + j]) return false;
  return true;
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

import { leafHash, verifyConsistency, verifyInclusion } from '../../platform/merkle/index.ts';
import {
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  SignedNoteError,
  type Verifier,
} from '../../platform/signed-note/index.ts';

export interface ProofCheck {
  ok: boolean;
  kind: 'inclusion' | 'consistency' | 'unknown';
  message: string;
  /**
   * Set when nothing could be checked because of the key rather than the proof: `malformed`, it is
   * not a verifier key at all; `not-signer`, the checkpoint carries no signature by it (another log's
   * key, or a mistyped one). Neither says anything about tampering.
   */
  keyProblem?: 'malformed' | 'not-signer';
}

const HEX32 = /^[0-9a-f]{64}$/;
const bytes = (h: string) => Buffer.from(h, 'hex');
const isHexList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && HEX32.test(x));

/**
 * Verifies a proof document produced by `custodian audit prove` or `audit consistency` with nothing
 * but the document and the log's verifier key: the checkpoint's signature, then the RFC 9162 proof
 * against the signed root. Used by `custodian audit verify-proof`; a Client can do the same with any
 * RFC 9162 and C2SP signed-note implementation (docs/audit-log.md).
 */
export function checkProofDocument(json: string, vkey: string): ProofCheck {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { ok: false, kind: 'unknown', message: 'The proof file is not valid JSON' };
  }
  let verifier: Verifier;
  try {
    verifier = parseVerifierKey(vkey);
  } catch (err) {
    return {
      ok: false,
      kind: 'unknown',
      keyProblem: 'malformed',
      message: `The key is not a verifier key: ${(err as Error).message}`,
    };
  }
  let signed: { size: number; rootHash: Uint8Array };
  try {
    signed = parseCheckpoint(openNote(String(doc.checkpoint ?? ''), [verifier]).text);
  } catch (err) {
    if (err instanceof SignedNoteError && err.code === 'unverified_note')
      return {
        ok: false,
        kind: 'unknown',
        keyProblem: 'not-signer',
        message: `The checkpoint has no signature by the key ${verifier.name}+${verifier.keyHash.toString('hex')}: it is another log's key or a mistyped one, so nothing about the proof is known yet. Use the key \`custodian audit public-key\` prints on the log's own server.`,
      };
    return {
      ok: false,
      kind: 'unknown',
      message: `The checkpoint does not verify with this key: ${(err as Error).message}`,
    };
  }
  if ('leaf_index' in doc) return checkInclusion(doc, signed);
  if ('old_size' in doc) return checkConsistency(doc, signed, vkey);
  return { ok: false, kind: 'unknown', message: 'The file is neither an inclusion nor a consistency proof' };
}

function checkInclusion(doc: Record<string, unknown>, signed: { size: number; rootHash: Uint8Array }): ProofCheck {
  const fail = (message: string): ProofCheck => ({ ok: false, kind: 'inclusion', message });
  const { leaf_index: index, tree_size: size, leaf_hash: leaf, canonical_event: event, inclusion_path: path } = doc;
  if (
    !Number.isSafeInteger(index) ||
    !Number.isSafeInteger(size) ||
    typeof leaf !== 'string' ||
    !HEX32.test(leaf) ||
    !isHexList(path)
  )
    return fail('The proof is malformed');
  if (size !== signed.size)
    return fail(`The proof is for a tree of ${String(size)} events but the checkpoint signs ${signed.size}`);
  if (event !== null && event !== undefined) {
    if (typeof event !== 'string' || Buffer.from(leafHash(event)).toString('hex') !== leaf)
      return fail('The event does not hash to the leaf hash: it is not the event that was logged');
  }
  if (!verifyInclusion(bytes(leaf), index as number, size as number, path.map(bytes), signed.rootHash))
    return fail(`Event ${String(index)} is not in the signed tree of size ${signed.size}`);
  return {
    ok: true,
    kind: 'inclusion',
    message: `Event ${String(index)} is in the signed tree of size ${signed.size}${event ? '' : ' (its content has been purged; the leaf hash is proved)'}`,
  };
}

function checkConsistency(
  doc: Record<string, unknown>,
  signed: { size: number; rootHash: Uint8Array },
  vkey: string,
): ProofCheck {
  const fail = (message: string): ProofCheck => ({ ok: false, kind: 'consistency', message });
  const {
    old_size: oldSize,
    new_size: newSize,
    old_root: oldRoot,
    consistency_path: path,
    old_checkpoint: oldNote,
  } = doc;
  if (
    !Number.isSafeInteger(oldSize) ||
    newSize !== signed.size ||
    typeof oldRoot !== 'string' ||
    !HEX32.test(oldRoot) ||
    !isHexList(path)
  )
    return fail('The proof is malformed or not for this checkpoint');
  if (typeof oldNote === 'string') {
    try {
      const old = parseCheckpoint(openNote(oldNote, [parseVerifierKey(vkey)]).text);
      if (old.size !== oldSize || Buffer.from(old.rootHash).toString('hex') !== oldRoot)
        return fail('The old checkpoint does not match the old size and root');
    } catch (err) {
      return fail(`The old checkpoint does not verify: ${(err as Error).message}`);
    }
  }
  if (!verifyConsistency(oldSize as number, signed.size, bytes(oldRoot), signed.rootHash, path.map(bytes)))
    return fail(`The tree of size ${signed.size} does not extend the tree of size ${String(oldSize)}`);
  return {
    ok: true,
    kind: 'consistency',
    message: `The signed tree of size ${signed.size} extends the tree of size ${String(oldSize)} without changing it`,
  };
}

/**
 * C2SP signed notes (c2sp.org/signed-note), transparency-log checkpoints (c2sp.org/tlog-checkpoint)
 * and x/mod/sumdb/note verifier keys, with Ed25519 only. Domain-free: import only from this file.
 */
export { SignedNoteError, type SignedNoteErrorCode } from './errors.ts';
export { isValidKeyName } from './encoding.ts';
export {
  generateSigner,
  signerFromPrivateKey,
  verifierFromPublicKey,
  parseVerifierKey,
  parseSignerKey,
  type Signer,
  type Verifier,
} from './keys.ts';
export { signNote } from './sign-note.ts';
export {
  openNote,
  DEFAULT_MAX_NOTE_BYTES,
  DEFAULT_MAX_SIGNATURES,
  type OpenedNote,
  type NoteSignature,
  type OpenNoteOptions,
} from './open-note.ts';
export { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
export {
  loadOrCreateSigner,
  readSignerFile,
  writeSignerFile,
  formatKeyFile,
  parseKeyFile,
  type LoadedSigner,
  type KeyFileOptions,
} from './key-file.ts';

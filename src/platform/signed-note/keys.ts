import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { assertKeyName, computeKeyHash, decodeBase64Strict, ED25519_TYPE, keyHashHex } from './encoding.ts';
import { SignedNoteError } from './errors.ts';

/** A trusted public key: what `openNote` needs to check one signer's signatures. */
export interface Verifier {
  readonly name: string;
  readonly publicKey: KeyObject;
  /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key); prefixes every signature. */
  readonly keyHash: Buffer;
  /** `<name>+<8 hex key hash>+<base64(0x01 ‖ public key)>`, the form to publish and configure. */
  readonly vkey: string;
}

/** A private key that can sign notes; it is also a Verifier for its own signatures. */
export interface Signer extends Verifier {
  readonly privateKey: KeyObject;
}

/** The raw 32-byte Ed25519 public key (RFC 8032 encoding) of a KeyObject. */
export function rawPublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SignedNoteError(
      'unsupported_key_type',
      `Expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`,
    );
  }
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new SignedNoteError('unsupported_key_type', 'Ed25519 key has no public part');
  return Buffer.from(x, 'base64url');
}

/** Builds a Verifier from a name and an Ed25519 public key (KeyObject or 32 raw bytes). */
export function verifierFromPublicKey(name: string, publicKey: KeyObject | Uint8Array): Verifier {
  assertKeyName(name);
  const key =
    publicKey instanceof Uint8Array
      ? importRawPublicKey(publicKey)
      : publicKey.type === 'private'
        ? createPublicKey(publicKey)
        : publicKey;
  const typed = Buffer.concat([Buffer.of(ED25519_TYPE), rawPublicKey(key)]);
  const keyHash = computeKeyHash(name, typed);
  return { name, publicKey: key, keyHash, vkey: `${name}+${keyHashHex(keyHash)}+${typed.toString('base64')}` };
}

/** Builds a Signer from a name and an Ed25519 private KeyObject (e.g. one loaded from PEM). */
export function signerFromPrivateKey(name: string, privateKey: KeyObject): Signer {
  if (privateKey.type !== 'private') throw new SignedNoteError('unsupported_key_type', 'A signer needs a private key');
  return { ...verifierFromPublicKey(name, createPublicKey(privateKey)), privateKey };
}

/** A fresh random Ed25519 signer for `name`. */
export function generateSigner(name: string): Signer {
  assertKeyName(name);
  return signerFromPrivateKey(name, generateKeyPairSync('ed25519').privateKey);
}

function importRawPublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) {
    throw new SignedNoteError('malformed_key', `An Ed25519 public key is 32 bytes, got ${raw.length}`);
  }
  try {
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
      format: 'jwk',
    });
  } catch (cause) {
    throw new SignedNoteError('malformed_key', `Not a usable Ed25519 public key: ${(cause as Error).message}`);
  }
}

// RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed: Node has no raw-seed import for private keys.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Imports a 32-byte Ed25519 seed (the RFC 8032 private key) as a KeyObject. */
export function importSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new SignedNoteError('malformed_key', `An Ed25519 seed is 32 bytes, got ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/**
 * Splits `<name>+<hash>+<base64 typed key>` (the vkey shape, also the tail of an skey) and checks
 * the name, hex hash and type byte. Returns the 32 key bytes and the stated hash for the caller to
 * check against the real public key.
 */
export function splitKeyString(text: string, what: string): { name: string; hash: Buffer; key: Buffer } {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0)
    throw new SignedNoteError('malformed_key', `${what} must look like <name>+<8 hex digits>+<base64 key>`);
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  assertKeyName(name, 'malformed_key');
  // Upper-case hex is accepted because Go's x/mod parser accepts it; we always emit lower case.
  if (!/^[0-9a-fA-F]{8}$/.test(hashHex)) {
    throw new SignedNoteError('malformed_key', `${what} key hash must be 8 hex digits, got ${JSON.stringify(hashHex)}`);
  }
  const typed = decodeBase64Strict(text.slice(second + 1));
  if (!typed || typed.length === 0) throw new SignedNoteError('malformed_key', `${what} key is not valid base64`);
  if (typed[0] !== ED25519_TYPE) {
    throw new SignedNoteError(
      'unsupported_key_type',
      `${what} has key type 0x${typed[0]!.toString(16).padStart(2, '0')}; only 0x01 (Ed25519) is supported`,
    );
  }
  if (typed.length !== 33)
    throw new SignedNoteError('malformed_key', `${what} Ed25519 key must be 32 bytes, got ${typed.length - 1}`);
  return { name, hash: Buffer.from(hashHex, 'hex'), key: typed.subarray(1) };
}

/** Parses and checks a vkey (`<name>+<hash>+<base64(0x01 ‖ key)>`); throws SignedNoteError. */
export function parseVerifierKey(vkey: string): Verifier {
  const { name, hash, key } = splitKeyString(vkey, 'Verifier key');
  const verifier = verifierFromPublicKey(name, key);
  if (!verifier.keyHash.equals(hash)) {
    throw new SignedNoteError(
      'key_hash_mismatch',
      `Verifier key hash ${keyHashHex(hash)} does not match name ${name} and its key (expected ${keyHashHex(verifier.keyHash)})`,
    );
  }
  return verifier;
}

/**
 * Parses an x/mod/sumdb/note signer key, `PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`, for
 * interoperating with Go tooling and test vectors. Keep these strings as secret as the PEM file.
 */
export function parseSignerKey(skey: string): Signer {
  if (!skey.startsWith('PRIVATE+KEY+'))
    throw new SignedNoteError('malformed_key', 'Signer key must start with PRIVATE+KEY+');
  const { name, hash, key } = splitKeyString(skey.slice('PRIVATE+KEY+'.length), 'Signer key');
  const signer = signerFromPrivateKey(name, importSeed(key));
  // The stated hash is of the public key, so it can only be checked after deriving that key.
  if (!signer.keyHash.equals(hash)) {
    throw new SignedNoteError(
      'key_hash_mismatch',
      `Signer key hash ${keyHashHex(hash)} does not match name ${name} and its key`,
    );
  }
  return signer;
}

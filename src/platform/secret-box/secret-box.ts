import crypto from 'node:crypto';
import { stat } from 'node:fs/promises';
import { createPrivateFile, PrivateFileError, readPrivateFile, replacePrivateFile } from '../kernel/index.ts';

// Secrets Custodian must be able to use again, and so cannot hash (a webhook's signing secret:
// every delivery is signed with it), are stored sealed with AES-256-GCM under a key kept outside
// the database, in a file beside the audit signing key. A copy of the database alone, a backup say,
// then gives none of them away; and each sealed value is bound to the record it belongs to (the
// `context`, as GCM's associated data), so one cannot be moved to another row.
//
// Sealed form: `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`, the key id being the first
// 8 hex digits of SHA-256 of the key, so a value sealed under another key says so.
//
// The key file is a key ring, one base64 key a line: the last seals, every one opens. Rotation
// (rotateKeyFile) adds a key, the owners of sealed values seal them again under it, and
// pruneKeyFile then drops the keys no stored value needs. A server notices the file changed: it
// reads it again before sealing if it was replaced, and when a value names a key it does not hold.

const VERSION = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12; // GCM's standard nonce, random per seal: 2^32 seals stay well inside its bound
const TAG_BYTES = 16;
const SEALED = /^v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]+)$/;

const KEY_FILE_HEADER = [
  '# Custodian secret-box key ring (AES-256-GCM): seals secrets stored in the database, such as webhook signing secrets.',
  '# One base64 key a line: the last seals, every one opens. Back it up with the data directory, apart from',
  '# database backups: without it those secrets cannot be opened. Change it with `custodian secrets rotate`.',
].join('\n');

/** A value that cannot be sealed or opened: a wrong key, an altered or moved value, a bad key file. */
export class SecretBoxError extends Error {
  constructor(
    message: string,
    /** The value names a key the ring does not hold (which a newer key file may). */
    readonly unknownKey = false,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** Loads (or creates) the key now, so a key file that cannot be read or written stops the server at start. */
  ready(): Promise<void>;
  /** The id of the key that seals now. */
  currentKeyId(): Promise<string>;
  /** Seals `plaintext` for the record named by `context` (e.g. "webhook_subscriptions.secret:<id>"). */
  seal(plaintext: string, context: string): Promise<string>;
  /** Opens a value sealed for `context`; throws SecretBoxError if it was altered, moved or sealed under a key not in the ring. */
  open(sealed: string, context: string): Promise<string>;
}

/** True for a value in the sealed form (which says nothing about whether it opens). */
export const isSealed = (value: string): boolean => SEALED.test(value);

/** The id of the key a sealed value names, or undefined for a value not in the sealed form. */
export const sealedKeyId = (value: string): string | undefined => SEALED.exec(value)?.[1];

const keyId = (key: Buffer) => crypto.hash('sha256', key, 'hex').slice(0, 8);

/** A box with these keys (32 bytes each; the last seals): for tests and tools; the server uses secretBoxFromFile. */
export function secretBoxWithKeys(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new SecretBoxError('a secret-box key ring needs a key');
  for (const key of keys)
    if (key.length !== KEY_BYTES) throw new SecretBoxError(`a secret-box key is ${KEY_BYTES} bytes, not ${key.length}`);
  const ring = new Map(keys.map((key) => [keyId(key), key]));
  const current = keys[keys.length - 1]!;
  const currentId = keyId(current);
  return {
    async ready() {},
    currentKeyId: async () => currentId,
    async seal(plaintext, context) {
      const nonce = crypto.randomBytes(NONCE_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', current, nonce).setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([nonce, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${currentId}.${body.toString('base64url')}`;
    },
    async open(sealed, context) {
      const match = SEALED.exec(sealed);
      if (!match) throw new SecretBoxError('the stored value is not sealed');
      const key = ring.get(match[1]!);
      if (!key)
        throw new SecretBoxError(
          `the stored value was sealed under a key this server does not have (${match[1]}; its keys are ${[...ring.keys()].join(', ')})`,
          true,
        );
      const body = Buffer.from(match[2]!, 'base64url');
      if (body.length < NONCE_BYTES + TAG_BYTES) throw new SecretBoxError('the stored value is cut short');
      const decipher = crypto
        .createDecipheriv('aes-256-gcm', key, body.subarray(0, NONCE_BYTES))
        .setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxError('the stored value does not open: it was altered, or belongs to another record');
      }
    },
  };
}

/** A box with one key (32 bytes). */
export const secretBoxWithKey = (key: Buffer): SecretBox => secretBoxWithKeys([key]);

/**
 * The box whose key ring is in `file` (mode 0600), created there with one key on first use (the
 * server calls `ready` at start). Read again when the file has been replaced since (checked before
 * each seal) or a value names a key the ring lacks: another process may have rotated it.
 */
export function secretBoxFromFile(file: string): SecretBox {
  let loaded: Promise<{ box: SecretBox; version: string }> | undefined;
  const load = () => {
    loaded = loadOrCreateKeys(file).then(async (keys) => ({
      box: secretBoxWithKeys(keys),
      version: await fileVersion(file),
    }));
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };
  const box = async () => (await (loaded ?? load())).box;
  const fresh = async () => {
    const current = await (loaded ?? load());
    return (await fileVersion(file)) === current.version ? current.box : (await load()).box;
  };
  return {
    ready: async () => void (await box()),
    currentKeyId: async () => (await fresh()).currentKeyId(),
    seal: async (plaintext, context) => (await fresh()).seal(plaintext, context),
    async open(sealed, context) {
      const held = await box();
      try {
        return await held.open(sealed, context);
      } catch (err) {
        if (!(err instanceof SecretBoxError && err.unknownKey)) throw err;
        return (await fresh()).open(sealed, context);
      }
    },
  };
}

/** Adds a new key to the ring in `file`, which seals from now on; returns its id. */
export async function rotateKeyFile(file: string): Promise<string> {
  const keys = await loadOrCreateKeys(file);
  const added = crypto.randomBytes(KEY_BYTES);
  await asSecretBoxError(file, replacePrivateFile(file, keyFileText([...keys, added])));
  return keyId(added);
}

/**
 * Drops from the ring in `file` every key but the current one and those in `keep` (the ids stored
 * values still name); returns the ids dropped.
 */
export async function pruneKeyFile(file: string, keep: ReadonlySet<string>): Promise<string[]> {
  const keys = await loadOrCreateKeys(file);
  const current = keys[keys.length - 1]!;
  const kept = keys.filter((k) => k === current || keep.has(keyId(k)));
  if (kept.length === keys.length) return [];
  await asSecretBoxError(file, replacePrivateFile(file, keyFileText(kept)));
  return keys.filter((k) => !kept.includes(k)).map(keyId);
}

const keyFileText = (keys: readonly Buffer[]) =>
  `${KEY_FILE_HEADER}\n${keys.map((k) => k.toString('base64')).join('\n')}\n`;

// Replacing the file (rotation, pruning) gives it a new inode; its change time moves on any write.
const fileVersion = async (file: string) => {
  const s = await stat(file).catch(() => undefined);
  return s ? `${s.ino}:${s.ctimeMs}:${s.size}` : '';
};

async function loadOrCreateKeys(file: string): Promise<Buffer[]> {
  try {
    return parseKeyFile((await readPrivateFile(file)).text, file);
  } catch (e) {
    if (!(e instanceof PrivateFileError && e.errno === 'ENOENT')) throw toSecretBoxError(file, e);
  }
  const text = keyFileText([crypto.randomBytes(KEY_BYTES)]);
  // Two processes racing to create it end up with the same key: the loser reads the winner's file.
  if (await asSecretBoxError(file, createPrivateFile(file, text))) return parseKeyFile(text, file);
  return parseKeyFile((await asSecretBoxError(file, readPrivateFile(file))).text, file);
}

function parseKeyFile(text: string, file: string): Buffer[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const keys = lines.map((l) => (/^[A-Za-z0-9+/]+={0,2}$/.test(l) ? Buffer.from(l, 'base64') : undefined));
  if (keys.length === 0 || keys.some((k) => k?.length !== KEY_BYTES))
    throw new SecretBoxError(`Key file ${file}: does not hold base64 lines of ${KEY_BYTES}-byte keys`);
  return keys as Buffer[];
}

const toSecretBoxError = (file: string, e: unknown) =>
  e instanceof PrivateFileError ? new SecretBoxError(`Key file ${file}: ${e.why}`) : e;
const asSecretBoxError = <T>(file: string, work: Promise<T>): Promise<T> =>
  work.catch((e: unknown) => {
    throw toSecretBoxError(file, e);
  });

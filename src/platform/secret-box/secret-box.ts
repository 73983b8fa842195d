import crypto from 'node:crypto';
import { createPrivateFile, PrivateFileError, readPrivateFile } from '../kernel/index.ts';

// Secrets Custodian must be able to use again, and so cannot hash (a webhook's signing secret:
// every delivery is signed with it), are stored sealed with AES-256-GCM under a key kept outside
// the database, in a file beside the audit signing key. A copy of the database alone, a backup say,
// then gives none of them away; and each sealed value is bound to the record it belongs to (the
// `context`, as GCM's associated data), so one cannot be moved to another row.
//
// Sealed form: `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`, the key id being the first
// 8 hex digits of SHA-256 of the key, so a value sealed under another key says so.

const VERSION = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12; // GCM's standard nonce, random per seal: 2^32 seals stay well inside its bound
const TAG_BYTES = 16;
const SEALED = /^v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]+)$/;

const KEY_FILE_HEADER = [
  '# Custodian secret-box key (AES-256-GCM): seals secrets stored in the database, such as webhook signing secrets.',
  '# Back it up with the data directory, apart from database backups: without it those secrets cannot be opened.',
].join('\n');

/** A value that cannot be sealed or opened: a wrong key, an altered or moved value, a bad key file. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** Loads (or creates) the key now, so a key file that cannot be read or written stops the server at start. */
  ready(): Promise<void>;
  /** Seals `plaintext` for the record named by `context` (e.g. "webhook_subscriptions.secret:<id>"). */
  seal(plaintext: string, context: string): Promise<string>;
  /** Opens a value sealed for `context`; throws SecretBoxError if it was altered, moved or sealed under another key. */
  open(sealed: string, context: string): Promise<string>;
}

/** True for a value in the sealed form (which says nothing about whether it opens). */
export const isSealed = (value: string): boolean => SEALED.test(value);

const keyId = (key: Buffer) => crypto.hash('sha256', key, 'hex').slice(0, 8);

/** A box with this key (32 bytes): for tests and tools; the server uses secretBoxFromFile. */
export function secretBoxWithKey(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`a secret-box key is ${KEY_BYTES} bytes, not ${key.length}`);
  const id = keyId(key);
  return {
    async ready() {},
    async seal(plaintext, context) {
      const nonce = crypto.randomBytes(NONCE_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([nonce, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${id}.${body.toString('base64url')}`;
    },
    async open(sealed, context) {
      const match = SEALED.exec(sealed);
      if (!match) throw new SecretBoxError('the stored value is not sealed');
      if (match[1] !== id) throw new SecretBoxError(`the stored value was sealed under another key (${match[1]}; this server's key is ${id})`);
      const body = Buffer.from(match[2]!, 'base64url');
      if (body.length < NONCE_BYTES + TAG_BYTES) throw new SecretBoxError('the stored value is cut short');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, body.subarray(0, NONCE_BYTES)).setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('the stored value does not open: it was altered, or belongs to another record');
      }
    },
  };
}

/** The box whose key is in `file` (mode 0600), created there on first use (the server calls `ready` at start). Loaded once. */
export function secretBoxFromFile(file: string): SecretBox {
  let loaded: Promise<SecretBox> | undefined;
  const box = () => {
    loaded ??= loadOrCreateKey(file).then(secretBoxWithKey);
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };
  return {
    ready: async () => void (await box()),
    seal: async (plaintext, context) => (await box()).seal(plaintext, context),
    open: async (sealed, context) => (await box()).open(sealed, context),
  };
}

async function loadOrCreateKey(file: string): Promise<Buffer> {
  try {
    return parseKeyFile((await readPrivateFile(file)).text, file);
  } catch (e) {
    if (!(e instanceof PrivateFileError && e.errno === 'ENOENT')) throw asSecretBoxError(file, e);
  }
  const text = `${KEY_FILE_HEADER}\n${crypto.randomBytes(KEY_BYTES).toString('base64')}\n`;
  try {
    // Two processes racing to create it end up with the same key: the loser reads the winner's file.
    if (await createPrivateFile(file, text)) return parseKeyFile(text, file);
    return parseKeyFile((await readPrivateFile(file)).text, file);
  } catch (e) {
    throw asSecretBoxError(file, e);
  }
}

function parseKeyFile(text: string, file: string): Buffer {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const key = lines.length === 1 && /^[A-Za-z0-9+/]+={0,2}$/.test(lines[0]!) ? Buffer.from(lines[0]!, 'base64') : undefined;
  if (key?.length !== KEY_BYTES) throw new SecretBoxError(`Key file ${file}: does not hold one base64 line of a ${KEY_BYTES}-byte key`);
  return key;
}

const asSecretBoxError = (file: string, e: unknown) =>
  e instanceof PrivateFileError ? new SecretBoxError(`Key file ${file}: ${e.why}`) : e;

import { createPrivateKey } from 'node:crypto';
import { createPrivateFile, PrivateFileError, readPrivateFile } from '../kernel/index.ts';
import { assertKeyName, isValidKeyName } from './encoding.ts';
import { SignedNoteError } from './errors.ts';
import { generateSigner, signerFromPrivateKey, type Signer } from './keys.ts';

/*
 * Key file format: a PKCS#8 PEM block preceded by RFC 7468 "explanatory text" lines, which PEM
 * parsers (OpenSSL included) skip, so `openssl pkey -in <file>` still reads it:
 *
 *   Signed-Note-Key-Name: custodian.example/audit
 *   Signed-Note-Verifier-Key: custodian.example/audit+1a2b3c4d+AT…
 *   -----BEGIN PRIVATE KEY-----
 *   …
 *   -----END PRIVATE KEY-----
 *
 * The name is stored because the key hash, and so every signature, depends on it. The verifier key
 * line is for operators to copy; on load it must match the key, which catches hand edits.
 */
const NAME_LINE = 'Signed-Note-Key-Name: ';
const VKEY_LINE = 'Signed-Note-Verifier-Key: ';
const PEM_BEGIN = '-----BEGIN PRIVATE KEY-----';

/** What was loaded, and whether the file's mode lets group or others read it. */
export interface LoadedSigner {
  readonly signer: Signer;
  readonly created: boolean;
  readonly loosePermissions: boolean;
}

/** Options for reading key files. */
export interface KeyFileOptions {
  /** Load a key file readable by group or others instead of refusing it (the flag is still set). */
  readonly allowLoosePermissions?: boolean;
}

const fail = (file: string, why: string, errno?: string) =>
  new SignedNoteError('key_file', `Key file ${file}: ${why}`, errno ? { file, errno } : { file });

/** The text of a key file for `signer` (see the format above). */
export function formatKeyFile(signer: Signer): string {
  const pem = signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return `${NAME_LINE}${signer.name}\n${VKEY_LINE}${signer.vkey}\n${pem}`;
}

/** Parses key file text; `file` is only used in messages. Checks the name and verifier key lines. */
export function parseKeyFile(text: string, file = 'key file'): Signer {
  const begin = text.indexOf(PEM_BEGIN);
  if (begin < 0) throw fail(file, 'no PKCS#8 "BEGIN PRIVATE KEY" block');
  const preamble = text.slice(0, begin).split('\n');
  const name = preamble
    .find((l) => l.startsWith(NAME_LINE))
    ?.slice(NAME_LINE.length)
    .trim();
  if (!name || !isValidKeyName(name)) throw fail(file, `no valid "${NAME_LINE.trim()}" line before the key`);
  let signer: Signer;
  try {
    signer = signerFromPrivateKey(name, createPrivateKey({ key: text.slice(begin), format: 'pem' }));
  } catch (e) {
    throw fail(file, `does not hold an Ed25519 private key (${(e as Error).message})`);
  }
  const vkey = preamble
    .find((l) => l.startsWith(VKEY_LINE))
    ?.slice(VKEY_LINE.length)
    .trim();
  if (vkey !== undefined && vkey !== signer.vkey)
    throw fail(file, `verifier key line does not match the private key (expected ${signer.vkey})`);
  return signer;
}

/** Reads a key file, refusing it if it names a different key or (by default) is group/world-readable. */
export async function readSignerFile(
  file: string,
  expectedName?: string,
  options: KeyFileOptions = {},
): Promise<LoadedSigner> {
  const { text, loosePermissions } = await asKeyFileError(file, readPrivateFile(file, options));
  const signer = parseKeyFile(text, file);
  if (expectedName !== undefined && signer.name !== expectedName) {
    throw fail(file, `holds the key for ${JSON.stringify(signer.name)}, not ${JSON.stringify(expectedName)}`);
  }
  return { signer, created: false, loosePermissions };
}

/**
 * Writes `signer` to a new file with mode 0600, never overwriting (see createPrivateFile), so
 * `file` either does not exist or is complete. Returns false if `file` already existed.
 */
export function writeSignerFile(file: string, signer: Signer): Promise<boolean> {
  return asKeyFileError(file, createPrivateFile(file, formatKeyFile(signer)));
}

const asKeyFileError = <T>(file: string, work: Promise<T>): Promise<T> =>
  work.catch((e: unknown) => {
    throw e instanceof PrivateFileError ? fail(file, e.why, e.errno) : e;
  });

/**
 * Loads the signer for `name` from `file`, generating and saving a new key the first time. Two
 * processes racing to create it end up with the same key: the loser loads the winner's file.
 */
export async function loadOrCreateSigner(
  file: string,
  name: string,
  options: KeyFileOptions = {},
): Promise<LoadedSigner> {
  assertKeyName(name);
  try {
    return await readSignerFile(file, name, options);
  } catch (e) {
    if (!(e instanceof SignedNoteError) || e.details?.['errno'] !== 'ENOENT') throw e;
  }
  const signer = generateSigner(name);
  if (await writeSignerFile(file, signer)) return { signer, created: true, loosePermissions: false };
  return readSignerFile(file, name, options);
}

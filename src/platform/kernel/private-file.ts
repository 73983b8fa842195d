import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Files that hold keys kept outside the database (the audit signing key, the secret-box key): read
// only when no one but their owner can read them, created whole or not at all, never overwritten.

/** Why a private file could not be read or written; `errno` when the file system said why. */
export class PrivateFileError extends Error {
  constructor(
    readonly why: string,
    readonly errno?: string,
  ) {
    super(why);
    this.name = 'PrivateFileError';
  }
}

const errnoOf = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** What was read, and whether the file's mode lets group or others read it. */
export interface PrivateFileText {
  text: string;
  loosePermissions: boolean;
}

/** Reads `file`, refusing it (unless `allowLoosePermissions`) when group or others may read it. */
export async function readPrivateFile(
  file: string,
  options: { allowLoosePermissions?: boolean } = {},
): Promise<PrivateFileText> {
  let text: string;
  let mode: number;
  try {
    const handle = await open(file, 'r');
    try {
      mode = (await handle.stat()).mode;
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new PrivateFileError(`cannot be read (${errnoOf(e) ?? (e as Error).message})`, errnoOf(e));
  }
  // POSIX modes mean nothing on Windows, where access is governed by ACLs instead.
  const loosePermissions = process.platform !== 'win32' && (mode & 0o077) !== 0;
  if (loosePermissions && !options.allowLoosePermissions) {
    throw new PrivateFileError(
      `has mode ${(mode & 0o777).toString(8).padStart(4, '0')}; it must not be readable by group or others (chmod 600)`,
    );
  }
  return { text, loosePermissions };
}

/**
 * Writes `text` to a new file with mode 0600, never overwriting: it goes to a temporary file,
 * flushed, then hard-linked into place, so `file` either does not exist or is complete. Returns
 * false if `file` already existed.
 */
export function createPrivateFile(file: string, text: string): Promise<boolean> {
  return writeWhole(file, text, async (temp) => {
    try {
      await link(temp, file);
      return true;
    } catch (e) {
      if (errnoOf(e) === 'EEXIST') return false;
      throw e;
    }
  });
}

/** Replaces `file` with `text` (mode 0600) in one step: a reader sees the old file or the new one, whole. */
export async function replacePrivateFile(file: string, text: string): Promise<void> {
  await writeWhole(file, text, async (temp) => {
    await rename(temp, file);
    return true;
  });
}

async function writeWhole(file: string, text: string, place: (temp: string) => Promise<boolean>): Promise<boolean> {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!(await place(temp))) return false;
    await syncDirectory(dir);
    return true;
  } catch (e) {
    throw new PrivateFileError(`cannot be written (${errnoOf(e) ?? (e as Error).message})`, errnoOf(e));
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

// Makes the new directory entry durable, so a crash cannot lose a key that has already been used.
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

// uuidv7's default source refills 32 bytes through WebCrypto's getRandomValues every few ids, which
// was a fifth of building an audit event (measured with the audit bench). The same CSPRNG, 4 KiB at
// a time; ids are unique, not secret (secrets come from randomBytes below).
const pool = new Uint32Array(1024);
let cursor = pool.length;
const ids = new V7Generator({
  nextUint32(): number {
    if (cursor >= pool.length) {
      randomFillSync(pool);
      cursor = 0;
    }
    return pool[cursor++]!;
  },
});

/** App-generated ids: time-ordered UUIDv7, the same text on both databases. */
export const newId = (): string => ids.generate().toString();

/** A random secret for links, sessions and tokens: 256 bits, URL-safe. */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Secrets are stored only as this hash; a leaked table reveals no usable secret. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

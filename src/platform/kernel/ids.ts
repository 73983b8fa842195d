import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

/** App-generated ids: time-ordered UUIDv7, the same text on both databases. */
export const newId = (): string => uuidv7();

/** A random secret for links, sessions and tokens: 256 bits, URL-safe. */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Secrets are stored only as this hash; a leaked table reveals no usable secret. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

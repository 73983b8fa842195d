import { randomInt } from 'node:crypto';

// Base32 without ambiguous characters (no 0/1/8/9): easy to read aloud and type from paper.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const part = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** Ten single-use recovery codes like `k3mzq-7tfpa` (50 bits each). */
export const newRecoveryCodes = (count = 10): string[] => Array.from({ length: count }, () => `${part()}-${part()}`);

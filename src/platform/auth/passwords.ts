import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): strong, and fast enough for sign-in on 2 cores.
const ARGON2 = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax) */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

/** Constant work whether or not the hash exists, so timing never reveals whether an email is known. */
const DUMMY_HASH = hash('custodian-dummy-password', ARGON2);
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  try {
    if (!storedHash) {
      await verify(await DUMMY_HASH, password);
      return false;
    }
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// The 49,000 most common passwords from zxcvbn-ts's dictionary: a well-kept, shipped deny-list.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * NCSC guidance: length and a deny-list, no composition rules. Returns the message for the first
 * rule that fails, or undefined when the password is acceptable.
 */
export function checkPasswordPolicy(password: string, context: { email?: string } = {}): string | undefined {
  if (password.length === 0) return 'Enter a password';
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || isRepeatOfCommon(lower) || isPaddedCommon(lower)) {
    return 'Password is on a list of commonly used passwords. Choose one that is harder to guess, such as three random words';
  }
  if (/^(.)\1+$/.test(password)) return 'Password must not be one character repeated';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Password must not contain your email address';
  if (lower.includes('custodian')) return 'Password must not contain the name of this service';
  return undefined;
}

/** "password123456", "!!qwerty2024!!": a common password padded with digits or symbols is still guessable. */
function isPaddedCommon(lower: string): boolean {
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  return core.length >= 4 && core !== lower && COMMON.has(core);
}

/** "passwordpassword", "qwerty123qwerty123": a common password repeated is still common. */
function isRepeatOfCommon(lower: string): boolean {
  for (let n = 1; n <= lower.length / 2; n++) {
    if (lower.length % n === 0 && lower.slice(0, n).repeat(lower.length / n) === lower && COMMON.has(lower.slice(0, n)))
      return true;
  }
  return false;
}

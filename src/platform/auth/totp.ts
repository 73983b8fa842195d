import { Secret, TOTP } from 'otpauth';

// RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps.
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** A new random 160-bit secret, base32 encoded (what authenticator apps expect). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totp = (secret: string, label = '') =>
  new TOTP({ issuer: 'Custodian', label, secret: Secret.fromBase32(secret), ...PARAMS });

/** The otpauth:// URI shown as a QR code at enrolment. */
export const totpUri = (secret: string, email: string): string => totp(secret, email).toString();

/**
 * Checks a code against the secret, allowing one step either side for clock drift. Returns the
 * time step that matched so callers can refuse the same code twice (replay).
 */
export function verifyTotp(secret: string, code: string, at: Date): number | undefined {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return undefined;
  const delta = totp(secret).validate({ token: clean, timestamp: at.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / PARAMS.period) + delta;
}

/** The code an authenticator would show at a time (used by tests and the e2e suite). */
export const currentTotp = (secret: string, at: Date): string => totp(secret).generate({ timestamp: at.getTime() });

import { describe, expect, it } from 'vitest';
import { currentTotp, newTotpSecret, totpUri, verifyTotp } from './totp.ts';

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vector', () => {
    // RFC 6238 Appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits); 6 digits → 287082.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(currentTotp(secret, new Date(59_000))).toBe('287082');
    expect(currentTotp(secret, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('accepts one step of drift either way and reports the step used', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-11-30T09:00:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(verifyTotp(secret, currentTotp(secret, now), now)).toBe(step);
    expect(verifyTotp(secret, currentTotp(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(verifyTotp(secret, currentTotp(secret, new Date(now.getTime() - 90_000)), now)).toBeUndefined();
    expect(verifyTotp(secret, 'abcdef', now)).toBeUndefined();
  });

  it('builds an otpauth URI any authenticator app reads', () => {
    expect(totpUri('JBSWY3DPEHPK3PXP', 'a@b.test')).toMatch(
      /^otpauth:\/\/totp\/Custodian:a%40b\.test\?issuer=Custodian&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30$/,
    );
  });
});

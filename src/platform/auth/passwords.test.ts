import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';

describe('password policy (NCSC: length and a deny-list, no composition rules)', () => {
  it('says which rule failed', () => {
    expect(checkPasswordPolicy('')).toBe('Enter a password');
    expect(checkPasswordPolicy('short one')).toMatch(/at least 12 characters/);
    expect(checkPasswordPolicy('1qaz2wsx3edc')).toMatch(/commonly used/);
    expect(checkPasswordPolicy('password123456')).toMatch(/commonly used/);
    expect(checkPasswordPolicy('!!sunshine2026!!')).toMatch(/commonly used/);
    expect(checkPasswordPolicy('passwordpassword')).toMatch(/commonly used/);
    expect(checkPasswordPolicy('aaaaaaaaaaaaaa')).toMatch(/repeated|commonly/);
    expect(checkPasswordPolicy('jane.doe is my name', { email: 'jane.doe@example.gov.uk' })).toMatch(/email address/);
    expect(checkPasswordPolicy('x'.repeat(257))).toMatch(/256 characters or fewer/);
  });

  it('accepts long passphrases without digits or symbols', () => {
    expect(checkPasswordPolicy('purple tractor umbrella')).toBeUndefined();
    expect(checkPasswordPolicy('correct horse battery staple')).toBeUndefined();
  });

  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('purple tractor umbrella');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'purple tractor umbrella')).toBe(true);
    expect(await verifyPassword(hash, 'purple tractor umbrellas')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });
});

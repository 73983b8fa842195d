import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigner, isValidKeyName, parseSignerKey, parseVerifierKey, verifierFromPublicKey } from './index.ts';
import { ENOCH_VKEY, PETER_SKEY, PETER_VKEY, typedError } from './test-fixtures.ts';

describe('verifier keys (vkey)', () => {
  it('parses the x/mod vectors and reproduces their key hashes', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyHash.toString('hex')).toBe('c74f20a3');
    expect(peter.vkey).toBe(PETER_VKEY);
    expect(parseVerifierKey(ENOCH_VKEY).keyHash.toString('hex')).toBe('af0cfe78');
  });

  it('computes the key hash as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]', () => {
    const signer = generateSigner('custodian.example/audit');
    const raw = Buffer.from(signer.publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('custodian.example/audit\n'), Buffer.of(1), raw]))
      .digest()
      .subarray(0, 4);
    expect(signer.keyHash.equals(expected)).toBe(true);
    expect(signer.vkey).toBe(
      `custodian.example/audit+${expected.toString('hex')}+${Buffer.concat([Buffer.of(1), raw]).toString('base64')}`,
    );
  });

  it('round-trips a generated key through its vkey', () => {
    const signer = generateSigner('example.com/log42');
    const verifier = parseVerifierKey(signer.vkey);
    expect(verifier.vkey).toBe(signer.vkey);
    expect(verifierFromPublicKey(signer.name, signer.publicKey).vkey).toBe(signer.vkey);
    expect(verifierFromPublicKey(signer.name, signer.privateKey).vkey).toBe(signer.vkey);
  });

  it('rejects every truncation and every single-character change of the vkey (as x/mod does)', () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i !== 0 || j !== PETER_VKEY.length) typedError(() => parseVerifierKey(PETER_VKEY.slice(i, j)));
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed =
        PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      typedError(() => parseVerifierKey(changed));
    }
  });

  it('says why a vkey is refused', () => {
    // x/mod vectors: wrong key length and unknown algorithm, each with a correctly adjusted hash.
    expect(
      typedError(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))
        .code,
    ).toBe('malformed_key');
    const alg = typedError(() =>
      parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
    );
    expect(alg.code).toBe('unsupported_key_type');
    expect(alg.message).toMatch(/0x65; only 0x01/);
    const hash = typedError(() => parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'c74f20a4')));
    expect(hash.code).toBe('key_hash_mismatch');
    expect(hash.message).toMatch(/expected c74f20a3/);
    expect(
      typedError(() => parseVerifierKey(`Peter Neumann+c74f20a3+${PETER_VKEY.split('+').slice(2).join('+')}`)).code,
    ).toBe('malformed_key');
    expect(typedError(() => parseVerifierKey('PeterNeumann+c74f20a3')).message).toMatch(
      /<name>\+<8 hex digits>\+<base64 key>/,
    );
    expect(
      typedError(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW')).message,
    ).toMatch(/not valid base64/);
  });
});

describe('key names', () => {
  it.each([
    '',
    'a b',
    'a+b',
    'tab\there',
    'nbsp\u00a0',
    'ideographic\u3000space',
    'line\u2028sep',
    'nel\u0085',
    'ctl\u0001',
    'lone\ud800',
  ])('rejects %j', (name) => {
    expect(isValidKeyName(name)).toBe(false);
    expect(typedError(() => generateSigner(name)).code).toBe('invalid_key_name');
  });

  it('accepts URL-like and non-ASCII names', () => {
    for (const name of ['example.com/log42', 'PeterNeumann', 'quasimodo.example/salvatore', 'café.example'])
      expect(isValidKeyName(name)).toBe(true);
  });
});

describe('signer keys (x/mod skey)', () => {
  it('parses the x/mod vector into the PeterNeumann key', () => {
    expect(parseSignerKey(PETER_SKEY).vkey).toBe(PETER_VKEY);
  });

  it('rejects every truncation and single-character change', () => {
    for (let i = 0; i < PETER_SKEY.length; i++) {
      typedError(() => parseSignerKey(PETER_SKEY.slice(0, i)));
      typedError(() => parseSignerKey(PETER_SKEY.slice(i + 1)));
      const changed =
        PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      typedError(() => parseSignerKey(changed));
    }
  });

  it('refuses raw public keys of the wrong length and non-Ed25519 KeyObjects', () => {
    expect(typedError(() => verifierFromPublicKey('a', new Uint8Array(31))).code).toBe('malformed_key');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(typedError(() => verifierFromPublicKey('a', ec)).code).toBe('unsupported_key_type');
  });
});

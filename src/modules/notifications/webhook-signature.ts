import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Custodian-Signature';

const mac = (secret: string, body: string, t: number) =>
  createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC key is the whole secret (`whsec_…`, as
 * UTF-8) and the message is the timestamp, a full stop and the exact request body bytes. Signing the
 * time too lets a receiver refuse an old request replayed at it.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${mac(secret, body, unixSeconds)}`;
}

/**
 * What a receiver does (and the tests): recompute the HMAC over `t.body`, compare in constant time,
 * and refuse a timestamp more than `toleranceSeconds` from its own clock.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const given = parts.v1 ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(given))
    return false;
  return timingSafeEqual(Buffer.from(mac(secret, body, t), 'hex'), Buffer.from(given, 'hex'));
}

import { hashSecret, iso, TooManyAttemptsError } from '../../platform/kernel/index.ts';
import type { ModuleDb } from '../../platform/db/index.ts';
import type { AccountsTables } from './accounts.tables.ts';
import { throttlesRepository } from './sessions.repository.ts';

// Free attempts before delays start; then the wait doubles per failure, up to 15 minutes.
const FREE = { account: 5, address: 20 } as const;
const MAX_DELAY_SECONDS = 15 * 60;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ThrottleKeys {
  account: string;
  address: string;
}

/** Keys for an attempt. The email is hashed so the table never lists which addresses were tried. */
export const throttleKeys = (email: string, sourceAddress: string): ThrottleKeys => ({
  account: `acct:${hashSecret(email.trim().toLowerCase()).slice(0, 48)}`,
  address: `addr:${sourceAddress.slice(0, 64)}`,
});

const delayFor = (failures: number, free: number) =>
  failures < free ? 0 : Math.min(2 ** (failures - free), MAX_DELAY_SECONDS);

/**
 * Login throttling with increasing delay, per account and per source address. The same happens for
 * unknown emails as for real ones, so the throttle never reveals whether an account exists.
 */
export function createLoginThrottle(db: ModuleDb<AccountsTables>) {
  const repo = throttlesRepository(db);
  return {
    async check(keys: ThrottleKeys, now: Date): Promise<void> {
      let wait = 0;
      for (const key of [keys.account, keys.address]) {
        const row = await repo.find(key);
        if (row) wait = Math.max(wait, Math.ceil((Date.parse(row.blocked_until) - now.getTime()) / 1000));
      }
      if (wait > 0) throw new TooManyAttemptsError(wait);
    },
    async fail(keys: ThrottleKeys, now: Date): Promise<void> {
      for (const [kind, key] of [
        ['account', keys.account],
        ['address', keys.address],
      ] as const) {
        const row = await repo.find(key);
        const stale = !row || now.getTime() - Date.parse(row.last_failure_at) > FORGET_AFTER_MS;
        const failures = stale ? 1 : row.failures + 1;
        const blockedUntil = new Date(now.getTime() + delayFor(failures, FREE[kind]) * 1000);
        await repo.upsert({ key, failures, last_failure_at: iso(now), blocked_until: iso(blockedUntil) });
      }
    },
    async succeed(keys: ThrottleKeys): Promise<void> {
      await repo.clear(keys.account);
    },
  };
}

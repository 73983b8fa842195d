import ipaddr from 'ipaddr.js';
import { hashSecret, TooManyAttemptsError, ValidationError } from '../../platform/kernel/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import type { AccountsTables } from './accounts.tables.ts';
import { throttlesRepository } from './sessions.repository.ts';

const MINUTE = 60_000;

/**
 * Each allowance is a burst of attempts, refilled one at a time at a steady rate (a generic cell rate
 * limiter): failures decay by themselves, and nothing ever locks for good.
 *
 * - pair: one source address at one account. The attacker's own allowance, refused (429) when spent.
 * - address: one source address at any account (password spraying), refused when spent.
 * - account: every address at one account together. Never refused: when spent, a password alone is no
 *   longer checked and the sign-in form asks for the password and the second factor together, so the
 *   owner still gets in and an attacker learns nothing from a guess without a valid code.
 */
export const ALLOWANCES = {
  pair: { burst: 5, intervalMs: 12 * MINUTE },
  address: { burst: 20, intervalMs: 3 * MINUTE },
  account: { burst: 10, intervalMs: 6 * MINUTE },
} as const;

type Kind = keyof typeof ALLOWANCES;
export type ThrottleKeys = Record<Kind, string>;

/**
 * The part of a source address that costs an attacker something to change: an IPv4 address, or the
 * /64 of an IPv6 address (one subscriber usually holds a whole /64). IPv4-mapped IPv6 counts as IPv4.
 */
export function sourceOf(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  return `${ip.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

/** Keys for an attempt. The email is hashed so the table never lists which addresses were tried. */
export function throttleKeys(email: string, sourceAddress: string): ThrottleKeys {
  const account = hashSecret(email.trim().toLowerCase()).slice(0, 48);
  const source = sourceOf(sourceAddress);
  return {
    pair: `pair:${hashSecret(`${account} ${source}`).slice(0, 48)}`,
    address: `addr:${source}`,
    account: `acct:${account}`,
  };
}

/** The sign-in form's answer when the account's allowance is spent and no code came with the password. */
export const secondFactorNeeded = () =>
  new ValidationError({
    code: 'There have been many failed attempts to sign in to this account. Enter the code from your authenticator app, or a recovery code, as well as your password',
  });

/** What an attempt took, to give back if it succeeds. */
export interface Reservation {
  keys: ThrottleKeys;
  taken: Kind[];
}

/**
 * How an attempt uses the account's allowance: 'gate' (a password alone: refused with
 * `secondFactorNeeded` when spent), 'count' (taken when there is some left, never refused), 'none'.
 */
export type AccountUse = 'gate' | 'count' | 'none';

/**
 * Sign-in throttling that the attacker pays for and the owner does not. Every attempt is taken from
 * its allowances in the database before anything is checked, so concurrent guesses count exactly as
 * sequential ones; a successful attempt gives its share back. Unknown emails are treated exactly as
 * real ones, so the throttle never reveals whether an account exists.
 */
export function createLoginThrottle(uow: UnitOfWork) {
  const repo = throttlesRepository(uow.tables<AccountsTables>());

  async function refusal(kind: Kind, key: string, nowMs: number): Promise<TooManyAttemptsError> {
    const { burst, intervalMs } = ALLOWANCES[kind];
    const tat = (await repo.tatOf(key)) ?? nowMs;
    return new TooManyAttemptsError(Math.max(1, Math.ceil((tat - nowMs - (burst - 1) * intervalMs) / 1000)));
  }

  async function release(reservation: Reservation): Promise<void> {
    for (const kind of reservation.taken) await repo.giveBack(reservation.keys[kind], ALLOWANCES[kind].intervalMs);
  }

  return {
    /**
     * Takes one attempt, in one transaction: nothing is taken if any allowance refuses it. Throws
     * TooManyAttemptsError when the pair's or the address's allowance is spent.
     */
    reserve: (keys: ThrottleKeys, now: Date, account: AccountUse): Promise<Reservation> =>
      uow.transaction(async () => {
        const nowMs = now.getTime();
        const taken: Kind[] = [];
        for (const kind of ['pair', 'address'] as const) {
          if (!(await repo.take(keys[kind], nowMs, ALLOWANCES[kind]))) throw await refusal(kind, keys[kind], nowMs);
          taken.push(kind);
        }
        if (account !== 'none') {
          if (await repo.take(keys.account, nowMs, ALLOWANCES.account)) taken.push('account');
          else if (account === 'gate') throw secondFactorNeeded();
        }
        return { keys, taken };
      }),
    /** The attempt succeeded: it costs nothing. Call inside the success's transaction. */
    release,
    /** Fully signed in: also forgets this address's earlier failures at this account (the owner's typos). */
    async signedIn(reservation: Reservation): Promise<void> {
      await release(reservation);
      await repo.clear(reservation.keys.pair);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

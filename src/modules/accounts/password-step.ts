import type { AuditLog } from '../audit-log/index.ts';
import { fromFlag, type UnitOfWork } from '../../platform/db/index.ts';
import { verifyPassword, verifyTotp } from '../../platform/auth/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  hashSecret,
  iso,
  ValidationError,
  type Actor,
  type Clock,
  type RequestContext,
} from '../../platform/kernel/index.ts';
import { signInInput } from './accounts.schemas.ts';
import type { SessionsService } from './sessions.service.ts';
import { throttleKeys, type LoginThrottle, type Reservation } from './throttle.ts';
import type { UserRow, usersRepository } from './users.repository.ts';

// One message for every failed password step: never reveals whether the email exists.
const BAD_CREDENTIALS = new ValidationError({ email: 'Enter a correct email address and password' });
// One message for password and code together: never reveals which of the two was wrong.
const BAD_CREDENTIALS_AND_CODE = new ValidationError({
  email: 'Enter a correct email address, password and code',
});
const RECOVERY_CODE = /^([a-z2-7]{5})-?([a-z2-7]{5})$/;

const anonymous = (request: RequestContext): Actor => ({ type: 'anonymous', request });
export const asUser = (u: UserRow, request: RequestContext): Actor => ({
  type: 'user',
  userId: u.id,
  organisationId: u.organisation_id,
  privileged: fromFlag(u.is_system_admin),
  request,
});

/**
 * The password step of sign-in, taken from the throttle's allowances before the password is checked.
 * While the account's own allowance is spent, a password alone is not checked: the form asks for the
 * second factor with it, and only both together are answered.
 */
export function createPasswordStep(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  sessions: SessionsService;
  users: ReturnType<typeof usersRepository>;
  loginThrottle: LoginThrottle;
}) {
  const { uow, clock, audit, sessions, users, loginThrottle } = deps;

  async function recordSignInFailure(
    request: RequestContext,
    email: string,
    user: UserRow | undefined,
    passwordOk: boolean,
    secondFactor?: 'totp' | 'recovery-code',
  ): Promise<void> {
    const reason = !user
      ? 'unknown-email'
      : user.disabled_at
        ? 'disabled'
        : passwordOk && secondFactor
          ? `wrong-${secondFactor}`
          : 'wrong-password';
    await audit.record({
      actor: anonymous(request),
      action: 'auth.sign-in-failed',
      outcome: 'failure',
      resource: user ? { type: 'user', id: user.id } : undefined,
      subject: { name: email }, // who they said they were, known or not
      details: { email, reason, ...(secondFactor ? { secondFactor } : {}) },
    });
  }

  /** A TOTP code or an unused recovery code, claimed so it cannot be used again; undefined if neither. */
  async function claimSecondFactor(user: UserRow, code: string): Promise<'totp' | 'recovery-code' | undefined> {
    if (!user.mfa_secret || !user.mfa_enrolled_at) return undefined;
    const recovery = RECOVERY_CODE.exec(code.toLowerCase());
    if (recovery) {
      const used = await users.useRecoveryCode(user.id, hashSecret(`${recovery[1]}-${recovery[2]}`), iso(clock.now()));
      return used ? 'recovery-code' : undefined;
    }
    const step = verifyTotp(user.mfa_secret, code, clock.now());
    return step !== undefined && (await users.claimTotpStep(user.id, step)) ? 'totp' : undefined;
  }

  /** Password and second factor in one request: one answer for any failure, so neither can be guessed alone. */
  async function signInWithBothFactors(
    email: string,
    user: UserRow | undefined,
    passwordOk: boolean,
    code: string,
    reservation: Reservation,
    request: RequestContext,
  ): Promise<string> {
    const kind = RECOVERY_CODE.test(code.toLowerCase()) ? 'recovery-code' : 'totp';
    const token = await uow.transaction(async () => {
      const method = user && passwordOk && !user.disabled_at ? await claimSecondFactor(user, code) : undefined;
      if (!user || !method) {
        await recordSignInFailure(request, email, user, passwordOk, kind);
        return null;
      }
      await loginThrottle.signedIn(reservation);
      await audit.record({
        actor: asUser(user, request),
        action: 'auth.sign-in',
        resource: { type: 'user', id: user.id },
        details: { method: `password-and-${method}`, privileged: fromFlag(user.is_system_admin) },
      });
      return sessions.start(user.id, 'active', request);
    });
    if (!token) throw BAD_CREDENTIALS_AND_CODE;
    return token;
  }

  /**
   * Step 1. Returns a new session (stage mfa-enrol or mfa-verify) for the browser; or, when a code
   * came with the password (the form asks for one while the account's allowance is spent), an active
   * session if the password and the code are both right.
   */
  async function signInWithPassword(
    input: unknown,
    request: RequestContext,
  ): Promise<{ token: string; stage: 'mfa-enrol' | 'mfa-verify' | 'active' }> {
    const data = parseInput(signInInput, input);
    const email = data.email.toLowerCase();
    const keys = throttleKeys(email, request.sourceAddress);
    const reservation = await loginThrottle.reserve(keys, clock.now(), data.code === undefined ? 'gate' : 'count');
    const user = await users.findByEmail(email);
    const ok = await verifyPassword(user?.password_hash, data.password);
    if (data.code !== undefined) {
      const token = await signInWithBothFactors(email, user, ok, data.code, reservation, request);
      return { token, stage: 'active' };
    }
    if (!user || !ok || user.disabled_at) {
      await recordSignInFailure(request, email, user, ok);
      throw BAD_CREDENTIALS;
    }
    const stage = user.mfa_enrolled_at ? 'mfa-verify' : 'mfa-enrol';
    const token = await uow.transaction(async () => {
      await loginThrottle.release(reservation);
      await audit.record({
        actor: asUser(user, request),
        action: 'auth.password-accepted',
        resource: { type: 'user', id: user.id },
        details: { next: stage },
      });
      return sessions.start(user.id, stage, request);
    });
    return { token, stage };
  }

  return { signInWithPassword };
}

import QRCode from 'qrcode';
import type { AuditLog } from '../audit-log/index.ts';
import { fromFlag, type UnitOfWork } from '../../platform/db/index.ts';
import type { AccountsTables } from './accounts.tables.ts';
import { hashPassword, newTotpSecret, totpUri, verifyPassword, verifyTotp } from '../../platform/auth/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  hashSecret,
  iso,
  newId,
  ValidationError,
  type Actor,
  type Clock,
  type RequestContext,
} from '../../platform/kernel/index.ts';
import { changePasswordInput, recoveryCodeInput, signInInput, totpInput } from './accounts.schemas.ts';
import { newRecoveryCodes } from './recovery-codes.ts';
import type { SessionsService } from './sessions.service.ts';
import { createLoginThrottle, throttleKeys } from './throttle.ts';
import { usersRepository, type UserRow } from './users.repository.ts';

// One message for every failed password step: never reveals whether the email exists.
const BAD_CREDENTIALS = new ValidationError({ email: 'Enter a correct email address and password' });
const BAD_CODE = () =>
  new ValidationError({
    code: 'The code is not correct or has already been used. Enter the latest code from your authenticator app',
  });

export type AuthenticationService = ReturnType<typeof createAuthenticationService>;

const anonymous = (request: RequestContext): Actor => ({ type: 'anonymous', request });
const asUser = (u: UserRow, request: RequestContext): Actor => ({
  type: 'user',
  userId: u.id,
  organisationId: u.organisation_id,
  privileged: fromFlag(u.is_system_admin),
  request,
});

/**
 * Sign-in in two steps (password, then TOTP or a recovery code), mandatory MFA enrolment, and
 * password change. Every outcome, success or failure, is an audit event.
 */
export function createAuthenticationService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  sessions: SessionsService;
}) {
  const { uow, clock, audit, sessions } = deps;
  const tables = uow.tables<AccountsTables>();
  const users = usersRepository(tables);
  const loginThrottle = createLoginThrottle(tables);

  async function loadPending(sessionUserId: string): Promise<UserRow> {
    const user = await users.findById(sessionUserId);
    if (!user || user.disabled_at) throw BAD_CREDENTIALS;
    return user;
  }

  return {
    /** Step 1. Returns a new session (stage mfa-enrol or mfa-verify) for the browser. */
    async signInWithPassword(
      input: unknown,
      request: RequestContext,
    ): Promise<{ token: string; stage: 'mfa-enrol' | 'mfa-verify' }> {
      const data = parseInput(signInInput, input);
      const email = data.email.toLowerCase();
      const keys = throttleKeys(email, request.sourceAddress);
      await loginThrottle.check(keys, clock.now());
      const user = await users.findByEmail(email);
      const ok = await verifyPassword(user?.password_hash, data.password);
      if (!user || !ok || user.disabled_at) {
        await uow.transaction(async () => {
          await loginThrottle.fail(keys, clock.now());
          await audit.record({
            actor: anonymous(request),
            action: 'auth.sign-in-failed',
            outcome: 'failure',
            resource: user ? { type: 'user', id: user.id } : undefined,
            subject: { name: email }, // who they said they were, known or not
            details: { email, reason: !user ? 'unknown-email' : user.disabled_at ? 'disabled' : 'wrong-password' },
          });
        });
        throw BAD_CREDENTIALS;
      }
      const stage = user.mfa_enrolled_at ? 'mfa-verify' : 'mfa-enrol';
      const token = await uow.transaction(async () => {
        await audit.record({
          actor: asUser(user, request),
          action: 'auth.password-accepted',
          resource: { type: 'user', id: user.id },
          details: { next: stage },
        });
        return sessions.start(user.id, stage, request);
      });
      return { token, stage };
    },

    /** Step 2: a TOTP code. The session gets a new id at this privilege change. */
    async verifyTotp(sessionId: string, userId: string, input: unknown, request: RequestContext): Promise<string> {
      const { code } = parseInput(totpInput, input);
      const user = await loadPending(userId);
      const keys = throttleKeys(user.email, request.sourceAddress);
      await loginThrottle.check(keys, clock.now());
      const step = user.mfa_secret && user.mfa_enrolled_at ? verifyTotp(user.mfa_secret, code, clock.now()) : undefined;
      return uow
        .transaction(async () => {
          if (step === undefined || !(await users.claimTotpStep(user.id, step))) {
            await loginThrottle.fail(keys, clock.now());
            await audit.record({
              actor: asUser(user, request),
              action: 'auth.mfa-failed',
              outcome: 'failure',
              resource: { type: 'user', id: user.id },
              details: { method: 'totp' },
            });
            return null;
          }
          await loginThrottle.succeed(keys);
          await audit.record({
            actor: asUser(user, request),
            action: 'auth.sign-in',
            resource: { type: 'user', id: user.id },
            details: { method: 'totp', privileged: fromFlag(user.is_system_admin) },
          });
          return sessions.rotate(sessionId, user.id, 'active', request);
        })
        .then((token) => {
          if (!token) throw BAD_CODE();
          return token;
        });
    },

    /** Step 2 alternative: a single-use recovery code. */
    async useRecoveryCode(sessionId: string, userId: string, input: unknown, request: RequestContext): Promise<string> {
      const { code } = parseInput(recoveryCodeInput, input);
      const user = await loadPending(userId);
      const keys = throttleKeys(user.email, request.sourceAddress);
      await loginThrottle.check(keys, clock.now());
      const normalised = code.includes('-') ? code : `${code.slice(0, 5)}-${code.slice(5)}`;
      const token = await uow.transaction(async () => {
        if (!(await users.useRecoveryCode(user.id, hashSecret(normalised), iso(clock.now())))) {
          await loginThrottle.fail(keys, clock.now());
          await audit.record({
            actor: asUser(user, request),
            action: 'auth.mfa-failed',
            outcome: 'failure',
            resource: { type: 'user', id: user.id },
            details: { method: 'recovery-code' },
          });
          return null;
        }
        await loginThrottle.succeed(keys);
        const left = await users.unusedRecoveryCodes(user.id);
        await audit.record({
          actor: asUser(user, request),
          action: 'auth.sign-in',
          resource: { type: 'user', id: user.id },
          details: { method: 'recovery-code', recoveryCodesLeft: left, privileged: fromFlag(user.is_system_admin) },
        });
        return sessions.rotate(sessionId, user.id, 'active', request);
      });
      if (!token) throw new ValidationError({ code: 'That recovery code is not correct or has already been used' });
      return token;
    },

    /** Enrolment: the secret is created once and kept until confirmed, so a reload shows the same QR code. */
    async enrolment(userId: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
      const user = await loadPending(userId);
      if (user.mfa_enrolled_at)
        throw new ConflictError('mfa_already_enrolled', 'You have already set up your authenticator app');
      let secret = user.mfa_secret;
      if (!secret) {
        secret = newTotpSecret();
        await users.update(user.id, { mfa_secret: secret, updated_at: iso(clock.now()) });
      }
      const uri = totpUri(secret, user.email);
      const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrSvg };
    },

    /** Confirms enrolment with one code; returns the new active session and ten recovery codes (shown once). */
    async confirmEnrolment(
      sessionId: string,
      userId: string,
      input: unknown,
      request: RequestContext,
    ): Promise<{ token: string; recoveryCodes: string[] }> {
      const { code } = parseInput(totpInput, input);
      const user = await loadPending(userId);
      if (user.mfa_enrolled_at)
        throw new ConflictError('mfa_already_enrolled', 'You have already set up your authenticator app');
      const step = user.mfa_secret ? verifyTotp(user.mfa_secret, code, clock.now()) : undefined;
      if (step === undefined) throw BAD_CODE();
      const codes = newRecoveryCodes();
      const now = iso(clock.now());
      const token = await uow.transaction(async () => {
        if (!(await users.claimTotpStep(user.id, step))) return null;
        await users.update(user.id, { mfa_enrolled_at: now, updated_at: now });
        await users.replaceRecoveryCodes(
          user.id,
          codes.map((c) => ({ id: newId(), code_hash: hashSecret(c), created_at: now })),
        );
        await audit.record({
          actor: asUser(user, request),
          action: 'auth.mfa-enrolled',
          resource: { type: 'user', id: user.id },
          details: { method: 'totp', recoveryCodes: codes.length },
        });
        await audit.record({
          actor: asUser(user, request),
          action: 'auth.sign-in',
          resource: { type: 'user', id: user.id },
          details: { method: 'totp-enrolment', privileged: fromFlag(user.is_system_admin) },
        });
        return sessions.rotate(sessionId, user.id, 'active', request);
      });
      if (!token) throw BAD_CODE();
      return { token, recoveryCodes: codes };
    },

    /** Changes a password; every session of the user ends and this browser gets a new one. */
    async changePassword(actor: Extract<Actor, { type: 'user' }>, input: unknown): Promise<string> {
      const user = await loadPending(actor.userId);
      const data = parseInput(changePasswordInput(user.email), input);
      if (!(await verifyPassword(user.password_hash, data.currentPassword)))
        throw new ValidationError({ currentPassword: 'Your current password is not correct' });
      if (await verifyPassword(user.password_hash, data.password))
        throw new ValidationError({ password: 'The new password must be different from your current password' });
      const hash = await hashPassword(data.password);
      const now = iso(clock.now());
      return uow.transaction(async () => {
        await users.update(user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
        const ended = await sessions.endAllFor(user.id);
        await audit.record({
          actor,
          action: 'auth.password-changed',
          resource: { type: 'user', id: user.id },
          details: { sessionsEnded: ended },
        });
        return sessions.start(user.id, 'active', actor.request);
      });
    },
  };
}

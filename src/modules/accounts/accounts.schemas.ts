import { z } from 'zod';
import { checkPasswordPolicy } from '../../platform/auth/index.ts';
import { checkbox, emailField, requiredText } from '../../platform/validation/index.ts';

export const signInInput = z.object({
  email: z
    .string({ message: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Enter a correct email address and password'),
  password: z
    .string({ message: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(1024, 'Enter a correct email address and password'),
  /** Asked for with the password while the account's allowance of attempts is spent; empty is absent. */
  code: z
    .string()
    .max(64, 'Enter a correct email address, password and code')
    .transform((s) => s.replace(/\s+/g, '') || undefined)
    .optional(),
});

export const totpInput = z.object({
  code: z
    .string({ message: 'Enter the 6-digit code from your authenticator app' })
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, 'The code must be 6 digits'),
    ),
});

export const recoveryCodeInput = z.object({
  code: z
    .string({ message: 'Enter a recovery code' })
    .transform((s) => s.trim().toLowerCase().replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter a recovery code')
        .regex(/^[a-z2-7]{5}-?[a-z2-7]{5}$/, 'Enter a recovery code in the format abcde-fghij'),
    ),
});

/** A new password with its confirmation; the policy message names the rule that failed. */
export const newPasswordFields = (email?: string) =>
  z
    .object({
      password: z.string({ message: 'Enter a password' }),
      confirmPassword: z.string({ message: 'Confirm the password' }),
    })
    .superRefine((v, ctx) => {
      const problem = checkPasswordPolicy(v.password, { email });
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
      else if (v.confirmPassword !== v.password)
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' });
    });

export const changePasswordInput = (email: string) =>
  z
    .object({
      currentPassword: z
        .string({ message: 'Enter your current password' })
        .min(1, 'Enter your current password')
        .max(1024),
    })
    .and(newPasswordFields(email));

export const userDetailsInput = z.object({
  displayName: requiredText('the person’s full name', 200),
  isSystemAdmin: checkbox,
});

export const createUserInput = userDetailsInput.extend({
  email: emailField,
  organisationId: z.string({ message: 'Select an organisation' }).uuid('Select an organisation'),
});

export const setupInput = z
  .object({
    organisationName: requiredText('your organisation’s name', 200),
    organisationKind: z.enum(['agency', 'client', 'oversight'], { message: 'Select the kind of organisation' }),
    displayName: requiredText('your full name', 200),
    email: emailField,
  })
  .passthrough();

/** A user as pages and the API show them (never secrets). */
export const userOutput = z.object({
  id: z.string(),
  organisationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  isSystemAdmin: z.boolean(),
  status: z.enum(['active', 'invited', 'disabled']),
  mfaEnrolled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.output<typeof userOutput>;

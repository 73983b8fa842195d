export * from './roles.ts';
export * from './permissions.ts';
export { permissionsMarkdown } from './permissions-doc.ts';
export type { Principal, SignedInUser, AccessResolver } from './principal.ts';
export { authorizePlugin, actorOf, SESSION_COOKIE, type RequestAccess } from './authorize.ts';
export { hashPassword, verifyPassword, checkPasswordPolicy } from './passwords.ts';
export { newTotpSecret, totpUri, verifyTotp, currentTotp } from './totp.ts';

import { formatUkTimeInWords } from '../../platform/views/index.ts';

/** A one-time link as the administrator who asked for it is given it, with the words that go with it. */
export interface IssuedLink {
  url: string;
  /** ISO-8601 UTC: the moment it stops working. */
  expiresAt: string;
  /** "It works once, for 7 days: until 14 December 2026 at 9am (UK time)." */
  validity: string;
  /** How it reaches the person: always by hand, and why. */
  handOver: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "7 days", "2 hours", "90 minutes": the configured lifetime as a person says it. */
export function lifetimeInWords(minutes: number): string {
  if (minutes % (24 * 60) === 0) return plural(minutes / (24 * 60), 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

export function validityText(minutes: number, expiresAt: string): string {
  return `It works once, for ${lifetimeInWords(minutes)}: until ${formatUkTimeInWords(expiresAt)}.`;
}

/**
 * Custodian stores only a hash of a link, so it cannot email one later, and an email outbox holding
 * the link in clear would be a store of working passwords: the administrator always passes it on.
 * With email off the person hears nothing from Custodian at all, so the administrator is told that too.
 */
export function handOverText(emailOn: boolean): string {
  return emailOn
    ? 'Custodian does not email this link: it keeps only a fingerprint of it. Pass it on by hand, by a route you trust.'
    : 'Email is off in this Custodian (no SMTP server is set up), so Custodian sends the person nothing: pass the link on by hand, by a route you trust, and tell them it is coming.';
}

/**
 * GOV.UK's three bank-holiday divisions. England and Wales is the contractual clock (Joint Schedule
 * 1: "a public holiday in England and Wales", whatever nation the parties are in); the others are
 * for reminders and display, or a contract that explicitly says otherwise.
 */
export const DIVISIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Division = (typeof DIVISIONS)[number];

export const DEFAULT_DIVISION: Division = 'england-and-wales';

export const DIVISION_LABELS: Record<Division, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

export const isDivision = (value: unknown): value is Division =>
  typeof value === 'string' && (DIVISIONS as readonly string[]).includes(value);

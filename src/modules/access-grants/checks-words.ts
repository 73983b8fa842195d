import { REQUIRED_CHECKS, type CheckKind } from '../personnel/index.ts';

const WORDS: Record<CheckKind, string> = {
  identity: 'identity',
  'criminal-record': 'unspent criminal convictions',
  'right-to-work': 'right to work',
  'employment-history': 'employment history',
};

/** The missing pre-employment checks in words, in the order of annex 6.1: "identity, right to work". */
export const missingWords = (missing: readonly string[]) =>
  REQUIRED_CHECKS.filter((k) => missing.includes(k))
    .map((k) => WORDS[k])
    .join(', ');

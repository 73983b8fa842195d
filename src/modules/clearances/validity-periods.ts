import type { Level } from './clearance-levels.ts';

/** A default review or expiry period and where it comes from, as the pages and docs say it. */
export interface DefaultPeriod {
  /** Whole years; null: no fixed period. */
  years: number | null;
  /** "published" when a source could be cited for the figure; "custodian" when it is Custodian's own. */
  kind: 'published' | 'custodian';
  source: string;
}

const CABINET_OFFICE =
  'Cabinet Office national security vetting policy, as United Kingdom Security Vetting (UKSV) publishes it on GOV.UK (“National security vetting: clearance levels”)';
const POLICE =
  'Custodian’s default: the renewal periods of the College of Policing’s Authorised Professional Practice (APP) on vetting could not be confirmed when this was written, so set the force’s own period on the contract';

/**
 * Custodian's default periods. CTC and SC: Cabinet Office policy reviews a CTC after 10 years and an
 * SC after 10 years, but after 5 (CTC) and 7 (SC) years for non-List X contractors — Agency Staff are
 * a contractor's people, so the contractor figures are the defaults. DV: 7 years. The enhanced levels
 * have no separately published period: Custodian uses their base level's. BPSS is a pre-employment
 * standard, not a clearance with a period. Every figure can be changed per contract.
 */
export const DEFAULT_PERIODS: Record<Level, DefaultPeriod> = {
  BPSS: {
    years: null,
    kind: 'custodian',
    source:
      'Custodian’s default: BPSS is a pre-employment standard with no published expiry; enter a review date if the contract sets one',
  },
  CTC: { years: 5, kind: 'published', source: `${CABINET_OFFICE}: 5 years for non-List X contractors (10 for others)` },
  SC: { years: 7, kind: 'published', source: `${CABINET_OFFICE}: 7 years for non-List X contractors (10 for others)` },
  eSC: {
    years: 7,
    kind: 'custodian',
    source: 'Custodian’s default: no separate period is published for enhanced SC, so SC’s is used',
  },
  DV: { years: 7, kind: 'published', source: `${CABINET_OFFICE}: 7 years` },
  eDV: {
    years: 7,
    kind: 'custodian',
    source: 'Custodian’s default: no separate period is published for enhanced DV, so DV’s is used',
  },
  NPPV1: { years: 3, kind: 'custodian', source: POLICE },
  NPPV2: { years: 5, kind: 'custodian', source: POLICE },
  NPPV3: { years: 5, kind: 'custodian', source: POLICE },
};

/** The period in force on a contract for a level: the contract's own setting, or the default. */
export interface PeriodInForce {
  level: Level;
  years: number | null;
  /** Whose figure it is: the contract's (with its basis) or Custodian's default (with its source). */
  from: 'contract' | 'default';
  source: string;
  default: DefaultPeriod;
  setAt: string | null;
}

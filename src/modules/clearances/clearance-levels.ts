import { CLEARANCE_LABELS, CLEARANCES, type Clearance } from '../systems/index.ts';

/** The levels a person can hold: the systems register's clearances without "none". */
export const LEVELS = CLEARANCES.filter((c): c is Exclude<Clearance, 'none'> => c !== 'none');
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS = CLEARANCE_LABELS as Record<Level, string>;

/**
 * The two ladders, lowest first. National security vetting: BPSS ⊆ CTC ⊆ SC ⊆ eSC ⊆ DV ⊆ eDV —
 * each clearance needs the checks of those below it (BPSS is the prerequisite of all), and an
 * enhanced clearance adds checks to its base level, so eSC satisfies SC and eDV satisfies DV.
 * Custodian places eSC below DV (DV's checks include the financial checks and interview eSC adds);
 * a role that must have eSC specifically says so by needing eSC, which DV then also satisfies.
 * Police vetting (NPPV 1 ⊆ 2 ⊆ 3, the College of Policing's levels) is its own ladder: no national
 * clearance satisfies an NPPV level and no NPPV level satisfies a national one.
 */
export const LADDERS: readonly (readonly Level[])[] = [
  ['BPSS', 'CTC', 'SC', 'eSC', 'DV', 'eDV'],
  ['NPPV1', 'NPPV2', 'NPPV3'],
];

const ladderOf = (level: Level) => LADDERS.find((l) => l.includes(level))!;

/** Whether holding `held` meets a need for `needed` ("none" is met by anyone). */
export function satisfies(held: Level, needed: Clearance): boolean {
  if (needed === 'none') return true;
  const ladder = ladderOf(needed);
  return ladder.includes(held) && ladder.indexOf(held) >= ladder.indexOf(needed);
}

/** The highest need on each ladder: SC and DV together need DV; SC and NPPV 2 need both. */
export function highestNeeds(needs: readonly Clearance[]): Level[] {
  const out: Level[] = [];
  for (const ladder of LADDERS) {
    const top = ladder.filter((l) => needs.includes(l)).at(-1);
    if (top) out.push(top);
  }
  return out;
}

export const isLevel = (v: unknown): v is Level => (LEVELS as readonly unknown[]).includes(v);

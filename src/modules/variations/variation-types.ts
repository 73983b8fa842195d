import type { Contract } from '../contracts/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import type { VariationsTable } from './variations.tables.ts';

export type Variation = Omit<VariationsTable, 'changes' | 'fast_track'> & { changes: string[]; fastTrack: boolean };

/**
 * What a module that owns agreed things (the plan, later the Security Policy) tells this one, so a
 * Variation's decision applies to the thing itself in the same transaction.
 */
export interface VariationSubject {
  type: string;
  /** How pages and notices name it, e.g. "the Security Management Plan". */
  label: string;
  /** Where the proposed change is read and decided on. */
  link(v: Variation): string;
  /** The change takes effect: on a fast-track agreement (clause 4.4.4), otherwise once formalised. */
  takeEffect(v: Variation, actor: Actor): Promise<void>;
  /** Why the proposal can no longer be withdrawn, in words, or null when it can. */
  whyNotWithdrawable(v: Variation): Promise<string | null>;
  /** Working Days the parties have to formalise a change the Client required now (clause 4.4.4). */
  formaliseWithinDays(v: Variation): Promise<number>;
  /** The proposing party withdrew the proposal: the subject drops what was proposed and stops its own clocks. */
  withdraw(v: Variation, actor: Actor): Promise<void>;
}

/** Tells people on the contract about a step of a Variation, linking to its page. */
export type Notify = (
  contract: Contract,
  people: string[],
  v: Variation,
  event: string,
  subject: string,
  text: string,
) => Promise<void>;

import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/validation/index.ts';

/**
 * The UK government clearances a role may need (annex 6.2): Baseline Personnel Security Standard,
 * Counter-Terrorist Check, Security Check, enhanced SC, Developed Vetting, enhanced DV, and the
 * police vetting levels NPPV 1–3 for policing contracts.
 */
export const CLEARANCES = ['none', 'BPSS', 'CTC', 'SC', 'eSC', 'DV', 'eDV', 'NPPV1', 'NPPV2', 'NPPV3'] as const;
export type Clearance = (typeof CLEARANCES)[number];
export const CLEARANCE_LABELS: Record<Clearance, string> = {
  none: 'None beyond the pre-employment checks',
  BPSS: 'BPSS (Baseline Personnel Security Standard)',
  CTC: 'CTC (Counter-Terrorist Check)',
  SC: 'SC (Security Check)',
  eSC: 'eSC (enhanced Security Check)',
  DV: 'DV (Developed Vetting)',
  eDV: 'eDV (enhanced Developed Vetting)',
  NPPV1: 'NPPV 1 (police vetting, level 1)',
  NPPV2: 'NPPV 2 (police vetting, level 2)',
  NPPV3: 'NPPV 3 (police vetting, level 3)',
};

const yesNo = (question: string) => z.enum(['yes', 'no'], { message: question }).transform((v) => v === 'yes');

/** A system as a person enters it. */
export const systemInput = z.object({
  name: requiredText('the name of the system'),
  owner: requiredText('who owns the system'),
  hosting: requiredText('where the system is hosted and by whom', 500),
  holdsGovernmentData: yesNo('Select whether the system holds Government Data or administers systems that do'),
  privileged: yesNo('Select whether access to the system is privileged'),
  clearance: z.enum(CLEARANCES, { message: 'Select the clearance its roles need' }),
  notes: optionalText('the notes'),
});

export type SystemInput = z.input<typeof systemInput>;

/** A system as services, pages and the API give it. */
export interface System {
  id: string;
  contractId: string;
  name: string;
  owner: string;
  hosting: string;
  /** True: it stores, processes or manages Government Data; false: it administers systems that do. */
  holdsGovernmentData: boolean;
  privileged: boolean;
  clearance: Clearance;
  notes: string;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

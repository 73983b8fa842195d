import type { DeadlinesService } from '../deadlines/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import type { Variation } from './variation-types.ts';

/** The deadline kind of a fast-tracked change's formalisation (clause 4.4.4). */
export const FORMALISE_KIND = 'variation.formalise';
const VARIATIONS = { type: 'system', name: 'variations' } as const;

/**
 * Clause 4.4.4: a change the Client required now is "thereafter … subject to the Variation Procedure
 * for the purposes of formalising and documenting" it. The contract gives no period, so the parties
 * set one (the subject's setting) and the clock is a joint target: both parties' leads are reminded,
 * also every Working Day while it is overdue, until both have recorded the signed Variation; neither
 * alone can waive it. It belongs to the Variation, so a withdrawal would stop it with the others.
 */
export async function startFormalisationClock(
  deadlines: Pick<DeadlinesService, 'create'>,
  v: Variation,
  workingDays: number,
  today: string,
) {
  await deadlines.create(VARIATIONS, v.contract_id, {
    kind: FORMALISE_KIND,
    clause: 'A4.4.4',
    title: `Formalise Variation ${v.number} through the Variation Procedure`,
    ownerParty: 'both',
    subjectType: 'variation',
    subjectId: v.id,
    belongsTo: {
      type: 'variation',
      id: v.id,
      label: `Variation ${v.number}`,
      link: `/contracts/${v.contract_id}/variations/${v.id}`,
    },
    triggerLabel: 'the fast-track Approval',
    triggerDate: today,
    ruleKind: 'working-days',
    ruleCount: workingDays,
  });
}

/** Both parties recorded the signed Variation: its formalisation clock is met. */
export async function meetFormalisationClock(
  deadlines: Pick<DeadlinesService, 'outstandingFor' | 'meet'>,
  actor: Actor,
  v: Variation,
) {
  for (const d of await deadlines.outstandingFor(v.contract_id, FORMALISE_KIND, v.id))
    await deadlines.meet(actor, d.id, {});
}

import type { DeadlinesService } from '../deadlines/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import { LEVEL_LABELS, type Level } from './clearance-levels.ts';
import type { ClearanceRow } from './clearances.repository.ts';

/** The deadlines module's kind for a clearance's review or expiry clock. */
export const EXPIRY_KIND = 'clearance.expiry';

/**
 * A clearance's clock: owed by the Agency (annex 6.2 is the Agency's obligation), due on the review
 * or expiry date itself, so the deadlines module reminds before it and marks it missed after it as
 * it does every clock. Met when the clearance is renewed; stopped when it is withdrawn or lapses.
 * A clearance recorded with a date already past gets no clock: it shows as expired instead.
 */
export function createClearanceClocks(
  deadlines: Pick<DeadlinesService, 'create' | 'meet' | 'stop' | 'outstandingFor'>,
) {
  const outstanding = (contractId: string, clearanceId: string) =>
    deadlines.outstandingFor(contractId, EXPIRY_KIND, clearanceId);

  async function start(actor: Actor, contractId: string, row: ClearanceRow, personName: string, today: string) {
    if (!row.expires_on || row.expires_on < today) return;
    await deadlines.create(actor, contractId, {
      kind: EXPIRY_KIND,
      clause: '6.2',
      title: `Renew or review the ${LEVEL_LABELS[row.level as Level]} clearance of ${personName}`,
      ownerParty: 'agency',
      subjectType: 'clearance',
      subjectId: row.id,
      triggerLabel: 'the clearance’s review or expiry date',
      triggerDate: row.expires_on,
      ruleKind: 'date',
    });
  }

  return {
    start,
    /** The old clock is met (late, if it was missed) and the new date gets its own. */
    async renewed(actor: Actor, contractId: string, row: ClearanceRow, personName: string, today: string) {
      for (const d of await outstanding(contractId, row.id))
        await deadlines.meet(actor, d.id, { note: 'The clearance was renewed' });
      await start(actor, contractId, row, personName, today);
    },
    async stop(actor: Actor, contractId: string, clearanceId: string, reason: string) {
      for (const d of await outstanding(contractId, clearanceId)) await deadlines.stop(actor, d.id, reason);
    },
  };
}

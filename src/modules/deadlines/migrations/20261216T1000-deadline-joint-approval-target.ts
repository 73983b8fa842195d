import type { Kysely } from 'kysely';

// Clause 4.3.2's 15 Working Day approval period is the Parties' joint target (issue 15 item 1), not a
// debt of the Client's. Clocks still running were created owed by the Client under the old title:
// they become the joint target (owner 'both') with its new title, so both parties' leads see them
// and are reminded. Closed ones keep the owner they were judged by. The revision moves on so
// calendar feeds pick the change up. Written without app code, as every migration is.
const OLD_TITLE = 'Finish the approval process for the Security Management Plan';
const NEW_TITLE = 'Approval process: 15 Working Day target (joint)';

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('deadlines')
    .set((eb) => ({
      owner_party: 'both',
      title: NEW_TITLE,
      revision: eb('revision', '+', 1),
      updated_at: new Date().toISOString(),
    }))
    .where('kind', '=', 'smp.approval')
    .where('owner_party', '=', 'client')
    .where('status', 'in', ['open', 'missed'])
    .where('met_at', 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('deadlines')
    .set((eb) => ({
      owner_party: 'client',
      title: OLD_TITLE,
      revision: eb('revision', '+', 1),
      updated_at: new Date().toISOString(),
    }))
    .where('kind', '=', 'smp.approval')
    .where('owner_party', '=', 'both')
    .execute();
}

import type { Kysely } from 'kysely';

// Reading a contract's log with a filter pages through it newest first by `seq` (keyset). Each index
// leads with contract_id, so "this contract's events by this person / of this action / about this
// record" is a seek plus an ordered range scan, however many millions of events other contracts have.
// Outcome and resource type are few-valued: they filter within the (contract_id, seq) index instead.
const INDEXES: [string, string[]][] = [
  ['audit_events_contract_actor', ['contract_id', 'actor_id', 'seq']],
  ['audit_events_contract_action', ['contract_id', 'action', 'seq']],
  ['audit_events_contract_resource', ['contract_id', 'resource_id', 'seq']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of INDEXES)
    await db.schema.createIndex(name).on('audit_events').columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}

import { type ModuleDb } from '../../platform/db/index.ts';
import type { NotificationsTables, WebhookSubscriptionsTable } from './notifications.tables.ts';

export type WebhookSubscriptionRow = WebhookSubscriptionsTable;
type Party = WebhookSubscriptionRow['party'];

/** Every query about webhook subscriptions. */
export function webhooksRepository(db: ModuleDb<NotificationsTables>) {
  return {
    async insert(row: WebhookSubscriptionRow) {
      await db().insertInto('webhook_subscriptions').values(row).execute();
    },
    find: (contractId: string, id: string) =>
      db()
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('id', '=', id)
        .executeTakeFirst(),
    list(contractId: string, parties: readonly Party[]) {
      if (parties.length === 0) return Promise.resolve([] as WebhookSubscriptionRow[]);
      return db()
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('party', 'in', [...parties])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },
    /** The live subscriptions a new notification for this contract and party goes to. */
    active: (contractId: string, party: Party) =>
      db()
        .selectFrom('webhook_subscriptions')
        .select(['id', 'url'])
        .where('contract_id', '=', contractId)
        .where('party', '=', party)
        .where('disabled_at', 'is', null)
        .orderBy('created_at')
        .execute(),
    /** Every subscription's stored signing secret (sealed, or in clear from before sealing), disabled ones too. */
    secrets: () =>
      db().selectFrom('webhook_subscriptions').select(['id', 'contract_id', 'secret']).orderBy('id').execute(),
    /** Replaces the secret if it is still `from`; false if something else changed it first. */
    async replaceSecret(id: string, from: string, to: string): Promise<boolean> {
      const r = await db()
        .updateTable('webhook_subscriptions')
        .set({ secret: to })
        .where('id', '=', id)
        .where('secret', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async disable(id: string, at: string, by: string): Promise<boolean> {
      const r = await db()
        .updateTable('webhook_subscriptions')
        .set({ disabled_at: at, disabled_by: by })
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

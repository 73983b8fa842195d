import type { Kysely } from 'kysely';
import { isPostgres } from '../../../platform/db/portable/index.ts';

// Webhook signing secrets are now stored sealed (platform/secret-box): `v1.<key id>.<base64url>`,
// 115 characters for a `whsec_` secret, which varchar(100) cannot hold. PostgreSQL enforces the
// length, so the column widens there; SQLite ignores declared lengths, so it has nothing to change.
// The secrets themselves are sealed at start (webhooks.sealStoredSecrets), which needs the key
// file that a migration does not have.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db))
    await db.schema
      .alterTable('webhook_subscriptions')
      .alterColumn('secret', (c) => c.setDataType('varchar(200)'))
      .execute();
}

// Down refuses while sealed secrets are stored (they do not fit): open them first, or keep this.
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db))
    await db.schema
      .alterTable('webhook_subscriptions')
      .alterColumn('secret', (c) => c.setDataType('varchar(100)'))
      .execute();
}

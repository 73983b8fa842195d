import { sql, type Kysely } from 'kysely';

// Access reviews: the security manager goes through every current grant and confirms or removes
// each. The review and each decision are kept; removals start revocation clocks (access_revocations).
// Staged grant imports wait here between preview and apply, as the staff import's do.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_reviews')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('reviewed_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('reviewed_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_reviews_by_contract').on('access_reviews').columns(['contract_id']).execute();
  await db.schema
    .createTable('access_review_decisions')
    .addColumn('review_id', 'varchar(36)', (c) => c.notNull().references('access_reviews.id'))
    .addColumn('grant_id', 'varchar(36)', (c) => c.notNull().references('access_grants.id'))
    .addColumn('decision', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_review_decisions_pk', ['review_id', 'grant_id'])
    .addCheckConstraint('access_review_decisions_decision', sql`decision in ('confirm', 'remove')`)
    .execute();
  await db.schema
    .createTable('access_grant_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('applied_at', 'varchar(24)')
    .execute();
  await db.schema
    .createIndex('access_grant_imports_owner')
    .on('access_grant_imports')
    .columns(['created_by', 'contract_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('access_grant_imports').execute();
  await db.schema.dropTable('access_review_decisions').execute();
  await db.schema.dropTable('access_reviews').execute();
}

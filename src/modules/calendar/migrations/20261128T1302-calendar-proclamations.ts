import type { Kysely } from 'kysely';

// One-off holidays an administrator adds (a royal proclamation), with who added it and why. Removing
// one keeps the row, marked removed, so the history of the calendar stays readable.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_proclamations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('holiday_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    // JSON list of divisions, e.g. ["england-and-wales","scotland"].
    .addColumn('divisions', 'varchar(100)', (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('added_in_version', 'integer', (c) => c.notNull().references('calendar_versions.version'))
    .addColumn('removed_at', 'varchar(24)')
    .addColumn('removed_by', 'varchar(64)')
    .addColumn('removed_reason', 'varchar(1000)')
    .addColumn('removed_in_version', 'integer', (c) => c.references('calendar_versions.version'))
    .execute();
  await db.schema
    .createIndex('calendar_proclamations_date')
    .on('calendar_proclamations')
    .column('holiday_date')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_proclamations').execute();
}

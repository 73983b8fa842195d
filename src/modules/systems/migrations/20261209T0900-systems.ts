import { sql, type Kysely } from 'kysely';

// The register of the ICT systems that store, process or manage Government Data, or administer them
// (annex paragraphs 5, 6.2, 6.3): later modules (personnel's access grants, Government Data's
// holdings, monitoring's log sources, devices) refer to its rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('systems')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contract_id', 'varchar(36)', (c) => c.notNull().references('contracts.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('owner', 'varchar(200)', (c) => c.notNull())
    .addColumn('hosting', 'varchar(500)', (c) => c.notNull())
    .addColumn('holds_government_data', 'integer', (c) => c.notNull())
    .addColumn('privileged', 'integer', (c) => c.notNull())
    .addColumn('clearance', 'varchar(20)', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(24)', (c) => c.notNull())
    .addColumn('retired_at', 'varchar(24)')
    .addColumn('retired_by', 'varchar(64)')
    .addUniqueConstraint('systems_contract_name', ['contract_id', 'name_key'])
    .addCheckConstraint('systems_flags', sql`holds_government_data in (0, 1) and privileged in (0, 1)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('systems').execute();
}

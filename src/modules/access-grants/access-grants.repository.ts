import { bulkInsert, type ModuleDb, type UnitOfWork } from '../../platform/db/index.ts';
import type {
  AccessExceptionsTable,
  AccessGrantsTable,
  AccessGrantsTables,
  AccessRevocationsTable,
} from './access-grants.tables.ts';

export type GrantRow = AccessGrantsTable;
export type RevocationRow = AccessRevocationsTable;
export type ExceptionRow = AccessExceptionsTable;
/** A grant with its revocation's columns, null when none was asked for. */
export type GrantWithRevocation = GrantRow & {
  [K in keyof Omit<RevocationRow, 'grant_id' | 'contract_id'>]: RevocationRow[K] | null;
};

const GRANT_COLUMNS = [
  'id',
  'contract_id',
  'person_id',
  'system_id',
  'level',
  'reason',
  'granted_on',
  'granted_by',
  'source',
  'created_at',
] as const satisfies readonly (keyof GrantRow)[];
const REVOCATION_COLUMNS = [
  'grant_id',
  'contract_id',
  'deadline_id',
  'cause',
  'trigger_date',
  'requested_at',
  'requested_by',
  'revoked_on',
  'revoked_by',
  'method',
  'evidence_ref',
  'recorded_at',
  'recorded_by',
] as const satisfies readonly (keyof RevocationRow)[];

/** Where a grant list is narrowed: one person, one system, or only those still held (not revoked). */
export interface GrantFilter {
  personIds?: string[];
  systemId?: string;
  held?: boolean;
  /** Only grants with no revocation asked for. */
  current?: boolean;
}

/** Every query of access grants, their revocations and exceptions. */
export function accessGrantsRepository(uow: UnitOfWork) {
  const db: ModuleDb<AccessGrantsTables> = uow.tables<AccessGrantsTables>();
  const withRevocation = () =>
    db()
      .selectFrom('access_grants as g')
      .leftJoin('access_revocations as r', 'r.grant_id', 'g.id')
      .selectAll('g')
      .select([
        'r.deadline_id',
        'r.cause',
        'r.trigger_date',
        'r.requested_at',
        'r.requested_by',
        'r.revoked_on',
        'r.revoked_by',
        'r.method',
        'r.evidence_ref',
        'r.recorded_at',
        'r.recorded_by',
      ]);
  return {
    async list(contractId: string, f: GrantFilter = {}): Promise<GrantWithRevocation[]> {
      const ids = f.personIds;
      const run = (slice?: string[]) =>
        withRevocation()
          .where('g.contract_id', '=', contractId)
          .$if(Boolean(slice), (q) => q.where('g.person_id', 'in', slice!))
          .$if(Boolean(f.systemId), (q) => q.where('g.system_id', '=', f.systemId!))
          .$if(Boolean(f.held), (q) => q.where('r.revoked_on', 'is', null))
          .$if(Boolean(f.current), (q) => q.where('r.grant_id', 'is', null))
          .orderBy('g.granted_on')
          .orderBy('g.id')
          .execute() as Promise<GrantWithRevocation[]>;
      if (!ids) return run();
      const out: GrantWithRevocation[] = [];
      // Chunked so a thousand leavers stay inside either engine's parameter limit.
      for (let i = 0; i < ids.length; i += 1000) out.push(...(await run(ids.slice(i, i + 1000))));
      return out;
    },
    find: (contractId: string, id: string) =>
      withRevocation().where('g.contract_id', '=', contractId).where('g.id', '=', id).executeTakeFirst() as Promise<
        GrantWithRevocation | undefined
      >,
    /** Grants not yet revoked and with no revocation asked for, across contracts: what the daily sweep looks at. */
    currentPeople: () =>
      db()
        .selectFrom('access_grants as g')
        .leftJoin('access_revocations as r', 'r.grant_id', 'g.id')
        .where('r.grant_id', 'is', null)
        .select(['g.contract_id', 'g.person_id'])
        .distinct()
        .execute(),
    insertMany: (rows: GrantRow[]) => bulkInsert(uow, 'access_grants', GRANT_COLUMNS, rows),
    insertRevocations: (rows: RevocationRow[]) => bulkInsert(uow, 'access_revocations', REVOCATION_COLUMNS, rows),
    /** Records the revocation done, once: false if it already was. */
    async recordRevoked(
      grantId: string,
      set: Pick<RevocationRow, 'revoked_on' | 'revoked_by' | 'method' | 'evidence_ref' | 'recorded_at' | 'recorded_by'>,
    ): Promise<boolean> {
      const r = await db()
        .updateTable('access_revocations')
        .set(set)
        .where('grant_id', '=', grantId)
        .where('revoked_on', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    reviews: {
      async insert(
        review: AccessGrantsTables['access_reviews'],
        decisions: AccessGrantsTables['access_review_decisions'][],
      ) {
        await db().insertInto('access_reviews').values(review).execute();
        await bulkInsert(uow, 'access_review_decisions', ['review_id', 'grant_id', 'decision'], decisions);
      },
      list: (contractId: string) =>
        db()
          .selectFrom('access_reviews')
          .selectAll()
          .where('contract_id', '=', contractId)
          .orderBy('reviewed_at', 'desc')
          .orderBy('id')
          .execute(),
    },
    exceptions: {
      insert: (row: ExceptionRow) => db().insertInto('access_exceptions').values(row).execute(),
      list: (contractId: string, f: { personId?: string; grantIds?: string[] } = {}) =>
        db()
          .selectFrom('access_exceptions')
          .selectAll()
          .where('contract_id', '=', contractId)
          .$if(Boolean(f.personId), (q) => q.where('person_id', '=', f.personId!))
          .orderBy('raised_at', 'desc')
          .orderBy('id')
          .execute(),
      find: (contractId: string, id: string) =>
        db()
          .selectFrom('access_exceptions')
          .selectAll()
          .where('contract_id', '=', contractId)
          .where('id', '=', id)
          .executeTakeFirst(),
      async agree(
        id: string,
        set: Pick<ExceptionRow, 'agreed_by' | 'agreed_at' | 'agreed_until' | 'agreed_why'>,
      ): Promise<boolean> {
        const r = await db()
          .updateTable('access_exceptions')
          .set({ ...set, status: 'agreed' })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1;
      },
      /** Closes the grant's exceptions still open or agreed: the access they were about has gone. */
      closeForGrant: (grantId: string, at: string, reason: string) =>
        db()
          .updateTable('access_exceptions')
          .set({ status: 'closed', closed_at: at, closed_reason: reason })
          .where('grant_id', '=', grantId)
          .where('status', '!=', 'closed')
          .execute(),
    },
  };
}
export type AccessGrantsRepository = ReturnType<typeof accessGrantsRepository>;

import { type ModuleDb } from '../../platform/db/index.ts';
import type {
  SmpDecisionsTable,
  SmpDisputesTable,
  SmpDocumentsTable,
  SmpPlansTable,
  SmpReviewsTable,
  SmpTables,
  SmpVersionStatus,
  SmpVersionsTable,
} from './smp.tables.ts';

/** Every query of the Security Management Plan. Status changes are conditional, so a stale decision changes nothing. */
export function smpRepository(db: ModuleDb<SmpTables>) {
  return {
    planFor: (contractId: string) =>
      db().selectFrom('smp_plans').selectAll().where('contract_id', '=', contractId).executeTakeFirst(),
    insertPlan: (row: SmpPlansTable) => db().insertInto('smp_plans').values(row).execute(),
    updatePlan: (id: string, set: Partial<SmpPlansTable>) =>
      db().updateTable('smp_plans').set(set).where('id', '=', id).execute(),
    versions: (planId: string) =>
      db().selectFrom('smp_versions').selectAll().where('plan_id', '=', planId).orderBy('number', 'desc').execute(),
    version: (id: string) => db().selectFrom('smp_versions').selectAll().where('id', '=', id).executeTakeFirst(),
    latest: (planId: string) =>
      db()
        .selectFrom('smp_versions')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('number', 'desc')
        .limit(1)
        .executeTakeFirst(),
    /** Versions submitted and awaiting a decision on any of these contracts, with the contract each belongs to. */
    submittedOn: (contractIds: string[]) =>
      db()
        .selectFrom('smp_versions')
        .innerJoin('smp_plans', 'smp_plans.id', 'smp_versions.plan_id')
        .select(['smp_versions.id', 'smp_versions.number', 'smp_plans.contract_id'])
        .where('smp_versions.status', '=', 'submitted')
        .where('smp_plans.contract_id', 'in', contractIds)
        .orderBy('smp_versions.number')
        .execute(),
    insertVersion: (row: SmpVersionsTable) => db().insertInto('smp_versions').values(row).execute(),
    /** Changes a draft's content only while it is still a draft. */
    async saveDraft(id: string, content: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('smp_versions')
        .set({ content, updated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async transition(id: string, from: SmpVersionStatus, set: Partial<SmpVersionsTable>): Promise<boolean> {
      const r = await db()
        .updateTable('smp_versions')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    insertDecision: (row: SmpDecisionsTable) => db().insertInto('smp_decisions').values(row).execute(),
    decisions: (versionIds: string[]) =>
      versionIds.length
        ? db().selectFrom('smp_decisions').selectAll().where('version_id', 'in', versionIds).execute()
        : Promise.resolve([]),
    insertDispute: (row: SmpDisputesTable) => db().insertInto('smp_disputes').values(row).execute(),
    documents: (contractId: string) =>
      db()
        .selectFrom('smp_documents')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('removed_at', 'is', null)
        .orderBy('title')
        .execute(),
    /** The entries a contract's register held at a moment: registered by then and not yet removed. */
    documentsAsOf: (contractId: string, at: string) =>
      db()
        .selectFrom('smp_documents')
        .selectAll()
        .where('contract_id', '=', contractId)
        .where('created_at', '<=', at)
        .where((eb) => eb.or([eb('removed_at', 'is', null), eb('removed_at', '>', at)]))
        .orderBy('title')
        .execute(),
    document: (contractId: string, id: string) =>
      db()
        .selectFrom('smp_documents')
        .selectAll()
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('removed_at', 'is', null)
        .executeTakeFirst(),
    insertDocument: (row: SmpDocumentsTable) => db().insertInto('smp_documents').values(row).execute(),
    async answerDocument(
      contractId: string,
      id: string,
      set: Pick<SmpDocumentsTable, 'client_holds' | 'client_holds_reason' | 'client_holds_by' | 'client_holds_at'>,
    ): Promise<boolean> {
      const r = await db()
        .updateTable('smp_documents')
        .set(set)
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async removeDocument(contractId: string, id: string, at: string): Promise<boolean> {
      const r = await db()
        .updateTable('smp_documents')
        .set({ removed_at: at })
        .where('id', '=', id)
        .where('contract_id', '=', contractId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /**
     * A step of an open dispute, only from the state the caller read: `recorded` (an outcome awaits the
     * other party) or not. A step someone else took first changes nothing.
     */
    async disputeStep(id: string, recorded: boolean, set: Partial<SmpDisputesTable>): Promise<boolean> {
      const r = await db()
        .updateTable('smp_disputes')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', 'open')
        .where('recorded_at', recorded ? 'is not' : 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    disputes: (planId: string) =>
      db().selectFrom('smp_disputes').selectAll().where('plan_id', '=', planId).orderBy('opened_at', 'desc').execute(),
    insertReview: (row: SmpReviewsTable) => db().insertInto('smp_reviews').values(row).execute(),
    reviews: (planId: string) =>
      db()
        .selectFrom('smp_reviews')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('completed_at', 'desc')
        .execute(),
    openDispute: (planId: string) =>
      db()
        .selectFrom('smp_disputes')
        .selectAll()
        .where('plan_id', '=', planId)
        .where('status', '=', 'open')
        .executeTakeFirst(),
  };
}

import type {
  Executor,
  SmpDocumentsTable,
  SmpDecisionsTable,
  SmpDisputesTable,
  SmpPlansTable,
  SmpReviewsTable,
  SmpVersionsTable,
  SmpVersionStatus,
} from '../../platform/db/index.ts';

/** Every query of the Security Management Plan. Status changes are conditional, so a stale decision changes nothing. */
export const smpRepository = {
  planFor: (ex: Executor, contractId: string) =>
    ex.selectFrom('smp_plans').selectAll().where('contract_id', '=', contractId).executeTakeFirst(),
  insertPlan: (ex: Executor, row: SmpPlansTable) => ex.insertInto('smp_plans').values(row).execute(),
  updatePlan: (ex: Executor, id: string, set: Partial<SmpPlansTable>) =>
    ex.updateTable('smp_plans').set(set).where('id', '=', id).execute(),
  versions: (ex: Executor, planId: string) =>
    ex.selectFrom('smp_versions').selectAll().where('plan_id', '=', planId).orderBy('number', 'desc').execute(),
  version: (ex: Executor, id: string) =>
    ex.selectFrom('smp_versions').selectAll().where('id', '=', id).executeTakeFirst(),
  latest: (ex: Executor, planId: string) =>
    ex
      .selectFrom('smp_versions')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst(),
  insertVersion: (ex: Executor, row: SmpVersionsTable) => ex.insertInto('smp_versions').values(row).execute(),
  /** Changes a draft's content only while it is still a draft. */
  async saveDraft(ex: Executor, id: string, content: string, at: string): Promise<boolean> {
    const r = await ex
      .updateTable('smp_versions')
      .set({ content, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async transition(ex: Executor, id: string, from: SmpVersionStatus, set: Partial<SmpVersionsTable>): Promise<boolean> {
    const r = await ex
      .updateTable('smp_versions')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  insertDecision: (ex: Executor, row: SmpDecisionsTable) => ex.insertInto('smp_decisions').values(row).execute(),
  decisions: (ex: Executor, versionIds: string[]) =>
    versionIds.length
      ? ex.selectFrom('smp_decisions').selectAll().where('version_id', 'in', versionIds).execute()
      : Promise.resolve([]),
  insertDispute: (ex: Executor, row: SmpDisputesTable) => ex.insertInto('smp_disputes').values(row).execute(),
  documents: (ex: Executor, contractId: string) =>
    ex
      .selectFrom('smp_documents')
      .selectAll()
      .where('contract_id', '=', contractId)
      .where('removed_at', 'is', null)
      .orderBy('title')
      .execute(),
  insertDocument: (ex: Executor, row: SmpDocumentsTable) => ex.insertInto('smp_documents').values(row).execute(),
  async removeDocument(ex: Executor, contractId: string, id: string, at: string): Promise<boolean> {
    const r = await ex
      .updateTable('smp_documents')
      .set({ removed_at: at })
      .where('id', '=', id)
      .where('contract_id', '=', contractId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async resolveDispute(
    ex: Executor,
    id: string,
    set: Pick<SmpDisputesTable, 'resolution' | 'resolved_at' | 'resolved_by'>,
  ): Promise<boolean> {
    const r = await ex
      .updateTable('smp_disputes')
      .set({ ...set, status: 'resolved' })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  disputes: (ex: Executor, planId: string) =>
    ex.selectFrom('smp_disputes').selectAll().where('plan_id', '=', planId).orderBy('opened_at', 'desc').execute(),
  insertReview: (ex: Executor, row: SmpReviewsTable) => ex.insertInto('smp_reviews').values(row).execute(),
  reviews: (ex: Executor, planId: string) =>
    ex.selectFrom('smp_reviews').selectAll().where('plan_id', '=', planId).orderBy('completed_at', 'desc').execute(),
  openDispute: (ex: Executor, planId: string) =>
    ex
      .selectFrom('smp_disputes')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('status', '=', 'open')
      .executeTakeFirst(),
};

import { partyLeads, type Contract, type Membership, type Party } from '../contracts/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { SmpChangeRequestStatus, SmpChangeRequestsTable, SmpPlansTable, SmpTables } from './smp.tables.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  actorId,
  ConflictError,
  iso,
  newId,
  NotFoundError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { changeRequestsRepository } from './smp-change-requests.repository.ts';
import { changeRequestInput, withdrawRequestInput } from './smp-change-requests.schemas.ts';
import type { SmpReview } from './smp-review.service.ts';
import type { SmpVersion, VersionEvent } from './smp.service.ts';

export type SmpChangeRequest = SmpChangeRequestsTable;
export type SmpChangeRequestService = ReturnType<typeof createSmpChangeRequestService>;

export interface SmpChangeRequestDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  notifications: NotificationsService;
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
  plans: {
    ensurePlan(contractId: string): Promise<SmpPlansTable>;
    draftIn(actor: Actor, plan: SmpPlansTable, contractId: string): Promise<SmpVersion>;
    onVersionChange(listener: (e: VersionEvent) => Promise<void>): void;
  };
  reviews: {
    complete(actor: Actor, contractId: string, input: unknown): Promise<{ review: SmpReview; draft?: SmpVersion }>;
  };
}

/** Still waiting for the Agency's answer: the Agency's task. */
export const AWAITING_AGENCY: readonly SmpChangeRequestStatus[] = ['open', 'drafting'];

/**
 * Changes the Client asks for (clauses 4.4.1(e), 4.4.3 "a request by the Client or otherwise"). The
 * Client's Representative says what should change and why; the Agency's security managers are told
 * and see it as a task on the plan until they answer it — with a draft they then propose as a
 * Variation, or with a recorded review saying why no change is needed — or the Client withdraws it.
 * The contract sets no time for the answer, so no clock runs (the annual review must reflect it at the latest).
 */
export function createSmpChangeRequestService(deps: SmpChangeRequestDeps) {
  const { uow, clock, audit } = deps;
  const repo = changeRequestsRepository(uow.tables<SmpTables>());
  const now = () => iso(clock.now());

  async function load(contractId: string, id: string) {
    const plan = await deps.plans.ensurePlan(contractId);
    const row = await repo.get(plan.id, id);
    if (!row) throw new NotFoundError('The change request');
    return { plan, request: row };
  }

  async function tell(
    contractId: string,
    party: Party,
    r: SmpChangeRequest,
    step: string,
    subject: string,
    text: string,
  ) {
    const contract = await deps.contracts.get(contractId);
    const people = partyLeads(contract, await deps.contracts.memberships(contractId), party);
    await deps.notifications.enqueueMany(
      people.map((userId) => ({
        userId,
        contractId,
        kind: `smp.change-request`,
        key: `smp-change:${r.id}:${step}:${userId}`,
        subject: `${subject} (${contract.orderReference})`,
        text: `${text}\n\nWhat: ${r.what}\nWhy: ${r.why}`,
        link: `/contracts/${contractId}/smp/change-requests/${r.id}`,
      })),
    );
  }

  async function move(
    actor: Actor,
    contractId: string,
    r: SmpChangeRequest,
    from: readonly SmpChangeRequestStatus[],
    set: Partial<SmpChangeRequest>,
    action: string,
    details: Record<string, unknown>,
  ): Promise<SmpChangeRequest> {
    if (!(await repo.transition(r.id, from, { ...set, updated_at: now() })))
      throw new ConflictError('change_request_stale', `Change request ${r.number} changed meanwhile: reload it`);
    await audit.record({
      actor,
      action,
      contractId,
      resource: { type: 'smp-change-request', id: r.id },
      details: { number: r.number, ...details },
    });
    return { ...r, ...set };
  }

  const mustAwaitAgency = (r: SmpChangeRequest) => {
    if (!AWAITING_AGENCY.includes(r.status))
      throw new ConflictError(
        'change_request_answered',
        `Change request ${r.number} is ${r.status === 'withdrawn' ? 'withdrawn' : 'already answered'}`,
      );
  };

  // A draft answering a request goes to the Client as a Variation: the request is answered by it. If
  // the Agency withdraws that Variation, the request waits for an answer again.
  deps.plans.onVersionChange(async (e) => {
    const at = now();
    if (e.kind === 'submitted' && e.variation)
      for (const r of await repo.forVersion(e.version.id, ['drafting']))
        await move(
          e.actor,
          e.contractId,
          r,
          ['drafting'],
          { status: 'proposed', variation_id: e.variation.id, answered_by: actorId(e.actor), answered_at: at },
          'smp-change-request.propose',
          { version: e.version.number, variation: e.variation.number },
        );
    if (e.kind === 'withdrawn')
      for (const r of await repo.forVersion(e.version.id, ['proposed'])) {
        const back = await move(
          e.actor,
          e.contractId,
          r,
          ['proposed'],
          { status: 'open', version_id: null, variation_id: null, answered_by: null, answered_at: null },
          'smp-change-request.reopen',
          { version: e.version.number, variation: e.variation?.number ?? null },
        );
        await tell(
          e.contractId,
          'client',
          back,
          `reopened:${at}`,
          `Change request ${r.number} waits for an answer again`,
          `The Agency withdrew Variation ${e.variation?.number ?? ''}, which answered your change request ${r.number}: the request waits for the Agency's answer again.`,
        );
      }
  });

  return {
    list: async (contractId: string) => repo.list((await deps.plans.ensurePlan(contractId)).id),
    get: async (contractId: string, id: string) => (await load(contractId, id)).request,
    /** The requests a version answers: shown on the draft and prefilled into its Variation's rationale. */
    forVersion: (versionId: string) => repo.forVersion(versionId, ['drafting', 'proposed']),

    /** The Client's Representative asks for a change to the plan in force; the Agency's leads are told. */
    async request(actor: Actor, contractId: string, input: unknown): Promise<SmpChangeRequest> {
      const data = parseInput(changeRequestInput, input);
      return uow.transaction(async () => {
        const plan = await deps.plans.ensurePlan(contractId);
        if (!plan.in_force_version_id)
          throw new ConflictError(
            'smp_not_in_force',
            'There is no plan in force to change yet: until the first plan is Approved, say what must change in the reasons for your decision (clause 4.3.2)',
          );
        const at = now();
        const row: SmpChangeRequest = {
          id: newId(),
          plan_id: plan.id,
          number: await repo.nextNumber(plan.id),
          what: data.what,
          why: data.why,
          status: 'open',
          requested_by: actorId(actor),
          requested_at: at,
          version_id: null,
          variation_id: null,
          review_id: null,
          answered_by: null,
          answered_at: null,
          withdrawn_by: null,
          withdrawn_at: null,
          withdrawal_reason: null,
          updated_at: at,
        };
        await repo.insert(row);
        await audit.record({
          actor,
          action: 'smp-change-request.create',
          contractId,
          resource: { type: 'smp-change-request', id: row.id },
          details: { number: row.number },
        });
        await tell(
          contractId,
          'agency',
          row,
          'requested',
          `The Client asks for a change to the Security Management Plan (request ${row.number})`,
          `The Client's Representative asks for a change to the plan in force (clauses 4.4.1(e) and 4.4.3). Answer it by starting a draft, which you then propose as a Variation, or by recording a review that says why no change is needed.`,
        );
        return row;
      });
    },

    /** The Agency starts (or continues) the draft that makes the change; proposing it as a Variation answers the request. */
    async answerWithDraft(actor: Actor, contractId: string, id: string): Promise<SmpVersion> {
      return uow.transaction(async () => {
        const { plan, request } = await load(contractId, id);
        mustAwaitAgency(request);
        const draft = await deps.plans.draftIn(actor, plan, contractId);
        if (request.status === 'drafting' && request.version_id === draft.id) return draft;
        await move(
          actor,
          contractId,
          request,
          AWAITING_AGENCY,
          { status: 'drafting', version_id: draft.id },
          'smp-change-request.draft',
          { version: draft.number },
        );
        await deps.notifications.markActedOn(actor, [`smp-change:${request.id}:requested:`]);
        await tell(
          contractId,
          'client',
          request,
          `drafting:${draft.id}`,
          `The Agency is changing the plan for your request ${request.number}`,
          `The Agency started version ${draft.number} of the Security Management Plan in answer to your change request ${request.number}. It comes to you as a Variation.`,
        );
        return draft;
      });
    },

    /**
     * The Agency answers with a recorded review (clause 4.4.1(e) among its triggers): its results go
     * to the Client (4.4.2). If it finds the plan must change, the draft it starts answers the request.
     */
    async answerWithReview(actor: Actor, contractId: string, id: string, input: Record<string, unknown>) {
      return uow.transaction(async () => {
        const { request } = await load(contractId, id);
        mustAwaitAgency(request);
        const given = Array.isArray(input.triggers) ? input.triggers : input.triggers ? [input.triggers] : [];
        const done = await deps.reviews.complete(actor, contractId, {
          ...input,
          triggers: [...new Set([...given, 'e'])],
        });
        const set: Partial<SmpChangeRequest> = done.draft
          ? { status: 'drafting', version_id: done.draft.id, review_id: done.review.id }
          : { status: 'reviewed', review_id: done.review.id, answered_by: actorId(actor), answered_at: now() };
        await move(actor, contractId, request, AWAITING_AGENCY, set, 'smp-change-request.review', {
          review: done.review.id,
          draft: done.draft?.number ?? null,
        });
        await deps.notifications.markActedOn(actor, [`smp-change:${request.id}:requested:`]);
        return done;
      });
    },

    /** The Client's Representative no longer wants the change, and says why; the Agency is told. */
    async withdraw(actor: Actor, contractId: string, id: string, input: unknown): Promise<SmpChangeRequest> {
      const data = parseInput(withdrawRequestInput, input);
      return uow.transaction(async () => {
        const { request } = await load(contractId, id);
        mustAwaitAgency(request);
        const next = await move(
          actor,
          contractId,
          request,
          AWAITING_AGENCY,
          { status: 'withdrawn', withdrawn_by: actorId(actor), withdrawn_at: now(), withdrawal_reason: data.reason },
          'smp-change-request.withdraw',
          { reason: data.reason },
        );
        await tell(
          contractId,
          'agency',
          request,
          'withdrawn',
          `The Client withdrew change request ${request.number}`,
          `The Client's Representative no longer asks for this change to the plan.\n\nWhy: ${data.reason}`,
        );
        return next;
      });
    },
  };
}

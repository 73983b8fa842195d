import type { AuditLog } from '../audit-log/index.ts';
import type { Contract, Membership, Party } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { VariationsTable, VariationsTables } from './variations.tables.ts';
import { fromFlag, fromJson, toFlag, toJson, type UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  actorId,
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import { FORMALISE_KIND, startFormalisationClock } from './formalisation-clock.ts';
import { variationsRepository } from './variations.repository.ts';
import { proposeInput } from './variations.schemas.ts';
import { variationSteps } from './variation-steps.ts';
import type { Notify, Variation, VariationSubject } from './variation-types.ts';

export type { Variation, VariationSubject } from './variation-types.ts';

export interface VariationsDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  notifications: NotificationsService;
  deadlines: DeadlinesService;
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
}

export type VariationsService = ReturnType<typeof createVariationsService>;

const toVariation = ({ changes, fast_track, ...rest }: VariationsTable): Variation => ({
  ...rest,
  changes: fromJson<string[]>(changes),
  fastTrack: fromFlag(fast_track),
});

/**
 * The Variation Procedure as records: one party proposes a change with its rationale, the other
 * agrees (bound to the hash of exactly what was proposed, optionally requiring it now — 4.4.4) or
 * rejects it, and an agreed change is formalised by the signed Variation: one party proposes its
 * formal record, the other confirms it (variation-steps.ts). Proposal and decision are recorded inside
 * the subject module's own transaction; formalisation and withdrawal are this module's, and reach the
 * subject through takeEffect and withdraw. Each step commits with its audit event.
 */
export function createVariationsService(deps: VariationsDeps) {
  const { uow, clock, audit } = deps;
  const repo = variationsRepository(uow.tables<VariationsTables>());
  const subjects = new Map<string, VariationSubject>();
  const subjectOf = (v: Variation) => {
    const s = subjects.get(v.subject_type);
    if (!s) throw new Error(`No module handles Variations of ${v.subject_type}`);
    return s;
  };

  const notify: Notify = async (contract, people, v, event, subject, text) => {
    await deps.notifications.enqueueMany(
      people.map((userId) => ({
        userId,
        contractId: contract.id,
        kind: `variation.${event}`,
        // A step can happen again (a declined record proposed anew): each time is its own notice.
        key: `variation:${v.id}:${event}:${v.updated_at}:${userId}`,
        subject: `${subject} (${contract.orderReference})`,
        text,
        link: `/contracts/${contract.id}/variations/${v.id}`,
      })),
    );
  };

  async function get(contractId: string, id: string): Promise<Variation> {
    const row = await repo.get(contractId, id);
    if (!row) throw new NotFoundError('The Variation');
    return toVariation(row);
  }

  return {
    /** The running clock to formalise a fast-tracked Variation (clause 4.4.4), if it has one. */
    formalisationDue: async (v: Variation) =>
      (await deps.deadlines.outstandingFor(v.contract_id, FORMALISE_KIND, v.id))[0],
    /** Registers the module that applies decisions on Variations of its subject type. */
    registerSubject(subject: VariationSubject) {
      subjects.set(subject.type, subject);
    },
    subject: (type: string) => subjects.get(type),
    /** Why a proposal awaiting a decision cannot be withdrawn (its subject's rule), or null when it can. */
    whyNotWithdrawable: (v: Variation) => subjectOf(v).whyNotWithdrawable(v),
    get,
    list: async (contractId: string) => (await repo.list(contractId)).map(toVariation),
    /** The latest Variation that proposed this thing (e.g. a plan version), if any. */
    forSubject: async (subjectType: string, subjectRef: string) => {
      const row = await repo.forSubject(subjectType, subjectRef);
      return row ? toVariation(row) : undefined;
    },

    /** Records a proposal inside the subject module's transaction (which has just fixed what is proposed, and tells the other party). */
    async propose(
      actor: Actor,
      input: {
        contractId: string;
        party: Party;
        subjectType: string;
        subjectId: string;
        subjectRef: string;
        subjectHash: string | null;
        changes: string[];
        title: unknown;
        rationale: unknown;
      },
    ): Promise<Variation> {
      const data = parseInput(proposeInput, { title: input.title, rationale: input.rationale });
      const at = iso(clock.now());
      const row: VariationsTable = {
        id: newId(),
        contract_id: input.contractId,
        number: await repo.nextNumber(input.contractId),
        subject_type: input.subjectType,
        subject_id: input.subjectId,
        subject_ref: input.subjectRef,
        subject_hash: input.subjectHash,
        title: data.title,
        rationale: data.rationale,
        changes: toJson(input.changes),
        proposed_by_party: input.party,
        status: 'proposed',
        fast_track: toFlag(false),
        fast_track_reason: null,
        proposed_by: actorId(actor),
        proposed_at: at,
        decided_by: null,
        decided_at: null,
        decision_note: null,
        formal_reference: null,
        formal_date: null,
        formal_proposed_by: null,
        formal_proposed_party: null,
        formal_proposed_at: null,
        formal_declined_by: null,
        formal_declined_at: null,
        formal_decline_reason: null,
        formalised_by: null,
        formalised_at: null,
        withdrawn_by: null,
        withdrawn_at: null,
        withdrawal_reason: null,
        in_effect_at: null,
        updated_at: at,
      };
      await repo.insert(row);
      const v = toVariation(row);
      await audit.record({
        actor,
        action: 'variation.propose',
        contractId: input.contractId,
        resource: { type: 'variation', id: v.id },
        details: { number: v.number, subject: v.subject_type, subjectRef: v.subject_ref, subjectHash: v.subject_hash },
      });
      return v;
    },

    /**
     * Records the other party's decision inside the subject module's transaction: the subject module
     * owns the decision page (the Client reads the whole plan there) and tells the parties itself.
     * Agreeing with fast-track (clause 4.4.4) makes the change take effect now.
     */
    async decideIn(
      actor: Actor,
      v: Variation,
      input: { agreed: boolean; fastTrack: boolean; fastTrackReason?: string; note: string },
    ): Promise<Variation> {
      const fastTrack = input.agreed && input.fastTrack;
      const fastTrackReason = fastTrack ? (input.fastTrackReason ?? '').trim() : '';
      // Clause 4.4.4: the Client requires a change faster "acting reasonably", so it says why.
      if (fastTrack && !fastTrackReason)
        throw new ValidationError({
          fastTrackReason: 'Say why the change is needed faster than the Variation Procedure allows (clause 4.4.4)',
        });
      if (v.status !== 'proposed')
        throw new ConflictError(
          'variation_stale',
          `Variation ${v.number} is no longer awaiting a decision: it is ${v.status}`,
        );
      const at = iso(clock.now());
      const set = {
        status: input.agreed ? 'agreed' : 'rejected',
        decided_by: actorId(actor),
        decided_at: at,
        decision_note: input.note || null,
        fast_track: toFlag(fastTrack),
        fast_track_reason: fastTrackReason || null,
        in_effect_at: fastTrack ? at : null,
        updated_at: at,
      } as const;
      if (!(await repo.transition(v.id, 'proposed', set)))
        throw new ConflictError('variation_stale', `Variation ${v.number} was decided meanwhile`);
      const next: Variation = { ...v, ...set, fastTrack };
      if (fastTrack) {
        await subjectOf(v).takeEffect(next, actor);
        const days = await subjectOf(v).formaliseWithinDays(next);
        await startFormalisationClock(deps.deadlines, next, days, civilDateInLondon(clock.now()));
      }
      await audit.record({
        actor,
        action: input.agreed ? 'variation.agree' : 'variation.reject',
        contractId: v.contract_id,
        resource: { type: 'variation', id: v.id },
        details: {
          number: v.number,
          subjectHash: v.subject_hash,
          fastTrack,
          ...(fastTrack ? { fastTrackReason } : {}),
        },
      });
      return next;
    },

    /**
     * The Dispute Resolution Procedure found that a Variation the Client refused should be approved as
     * it is (clause 4.3.2): it becomes agreed inside the subject module's transaction, and takes effect
     * once formalised, like any agreed Variation.
     */
    async agreeAfterDispute(actor: Actor, v: Variation, note: string): Promise<Variation> {
      const at = iso(clock.now());
      const set = {
        status: 'agreed',
        decided_by: actorId(actor),
        decided_at: at,
        decision_note: note,
        updated_at: at,
      } as const;
      if (!(await repo.transition(v.id, 'rejected', set)))
        throw new ConflictError(
          'variation_stale',
          `Variation ${v.number} is ${v.status}: only a refused Variation can be agreed after a dispute`,
        );
      await audit.record({
        actor,
        action: 'variation.agree',
        contractId: v.contract_id,
        resource: { type: 'variation', id: v.id },
        details: { number: v.number, subjectHash: v.subject_hash, fastTrack: false, afterDispute: true },
      });
      return { ...v, ...set };
    },

    ...variationSteps({
      clock,
      audit,
      deadlines: deps.deadlines,
      contracts: deps.contracts,
      transaction: (run) => uow.transaction(run),
      get,
      subjectOf,
      transition: (id, from, set) => repo.transition(id, from, set),
      notify,
    }),
  };
}

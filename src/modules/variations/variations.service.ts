import type { AuditLog } from '../audit-log/index.ts';
import { partyLeads, type Contract, type Membership, type Party } from '../contracts/index.ts';
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
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { variationsRepository } from './variations.repository.ts';
import { formaliseInput, proposeInput } from './variations.schemas.ts';

export type Variation = Omit<VariationsTable, 'changes' | 'fast_track'> & { changes: string[]; fastTrack: boolean };

/**
 * What a module that owns agreed things (the plan, later the Security Policy) tells this one, so a
 * Variation's decision applies to the thing itself in the same transaction.
 */
export interface VariationSubject {
  type: string;
  /** How pages and notices name it, e.g. "the Security Management Plan". */
  label: string;
  /** Where the proposed change is read and decided on. */
  link(v: Variation): string;
  /** The change takes effect: on a fast-track agreement (clause 4.4.4), otherwise once formalised. */
  takeEffect(v: Variation, actor: Actor): Promise<void>;
}

export interface VariationsDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  notifications: NotificationsService;
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
 * rejects it, and an agreed change is formalised by the signed Variation. Proposal and decision are
 * recorded inside the subject module's own transaction; formalisation is this module's, and applies
 * the change through the subject's takeEffect. Each step commits with its audit event.
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

  async function notify(
    contract: Contract,
    people: string[],
    v: Variation,
    event: string,
    subject: string,
    text: string,
  ) {
    await deps.notifications.enqueueMany(
      people.map((userId) => ({
        userId,
        contractId: contract.id,
        kind: `variation.${event}`,
        key: `variation:${v.id}:${event}:${userId}`,
        subject: `${subject} (${contract.orderReference})`,
        text,
        link: `/contracts/${contract.id}/variations/${v.id}`,
      })),
    );
  }

  async function get(contractId: string, id: string): Promise<Variation> {
    const row = await repo.get(contractId, id);
    if (!row) throw new NotFoundError('The Variation');
    return toVariation(row);
  }

  return {
    /** Registers the module that applies decisions on Variations of its subject type. */
    registerSubject(subject: VariationSubject) {
      subjects.set(subject.type, subject);
    },
    subject: (type: string) => subjects.get(type),
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
        proposed_by: actorId(actor),
        proposed_at: at,
        decided_by: null,
        decided_at: null,
        decision_note: null,
        formal_reference: null,
        formalised_by: null,
        formalised_at: null,
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
      input: { agreed: boolean; fastTrack: boolean; note: string },
    ): Promise<Variation> {
      if (v.status !== 'proposed')
        throw new ConflictError(
          'variation_stale',
          `Variation ${v.number} is no longer awaiting a decision: it is ${v.status}`,
        );
      const at = iso(clock.now());
      const fastTrack = input.agreed && input.fastTrack;
      const set = {
        status: input.agreed ? 'agreed' : 'rejected',
        decided_by: actorId(actor),
        decided_at: at,
        decision_note: input.note || null,
        fast_track: toFlag(fastTrack),
        in_effect_at: fastTrack ? at : null,
        updated_at: at,
      } as const;
      if (!(await repo.transition(v.id, 'proposed', set)))
        throw new ConflictError('variation_stale', `Variation ${v.number} was decided meanwhile`);
      const next: Variation = { ...v, ...set, fastTrack };
      if (fastTrack) await subjectOf(v).takeEffect(next, actor);
      await audit.record({
        actor,
        action: input.agreed ? 'variation.agree' : 'variation.reject',
        contractId: v.contract_id,
        resource: { type: 'variation', id: v.id },
        details: { number: v.number, subjectHash: v.subject_hash, fastTrack },
      });
      return next;
    },

    /** Records the signed Variation; a change not yet in effect takes effect now. */
    async formalise(actor: Actor, contractId: string, id: string, input: unknown): Promise<Variation> {
      const data = parseInput(formaliseInput, input);
      return uow.transaction(async () => {
        const v = await get(contractId, id);
        if (v.status !== 'agreed')
          throw new ConflictError(
            'variation_stale',
            v.status === 'formalised'
              ? `Variation ${v.number} is already formalised`
              : `Variation ${v.number} is ${v.status}: only an agreed Variation can be formalised`,
          );
        const subject = subjectOf(v);
        const contract = await deps.contracts.get(contractId);
        const members = await deps.contracts.memberships(contractId);
        const at = iso(clock.now());
        const set = {
          status: 'formalised',
          formal_reference: data.reference,
          formalised_by: actorId(actor),
          formalised_at: at,
          in_effect_at: v.in_effect_at ?? at,
          updated_at: at,
        } as const;
        if (!(await repo.transition(v.id, 'agreed', set)))
          throw new ConflictError('variation_stale', `Variation ${v.number} was formalised meanwhile`);
        const next: Variation = { ...v, ...set };
        if (!v.in_effect_at) await subject.takeEffect(next, actor);
        await audit.record({
          actor,
          action: 'variation.formalise',
          contractId,
          resource: { type: 'variation', id: v.id },
          details: { number: v.number, reference: data.reference, tookEffect: !v.in_effect_at },
        });
        const people = [...partyLeads(contract, members, 'agency'), ...partyLeads(contract, members, 'client')];
        await notify(
          contract,
          [...new Set(people)],
          next,
          'formalised',
          `Variation ${v.number} formalised: ${v.title}`,
          `Variation ${v.number} (${v.title}) is formalised as ${data.reference}.${v.in_effect_at ? '' : ' The change takes effect now.'}`,
        );
        return next;
      });
    },
  };
}

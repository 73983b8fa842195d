import type { AuditLog } from '../audit-log/index.ts';
import { partyLeads, type Contract, type Membership, type Party } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { VariationsTable } from './variations.tables.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import {
  actorId,
  ConflictError,
  ForbiddenError,
  ValidationError,
  iso,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import type { Notify, Variation, VariationSubject } from './variation-types.ts';
import { formalRecordInput, reasonInput } from './variations.schemas.ts';
import { meetFormalisationClock } from './formalisation-clock.ts';

const PARTY = { agency: 'the Agency', client: 'the Client' } as const;
const PARTY_FIRST = { agency: 'The Agency', client: 'The Client' } as const;
const other = (p: Party): Party => (p === 'agency' ? 'client' : 'agency');

/** What the two-party steps need from the service that owns them. */
export interface StepContext {
  clock: Clock;
  audit: AuditLog;
  deadlines: Pick<DeadlinesService, 'listForContract' | 'supersede' | 'outstandingFor' | 'meet'>;
  contracts: { get(id: string): Promise<Contract>; memberships(id: string): Promise<Membership[]> };
  transaction<T>(run: () => Promise<T>): Promise<T>;
  get(contractId: string, id: string): Promise<Variation>;
  subjectOf(v: Variation): VariationSubject;
  transition(id: string, from: Variation['status'], set: Partial<VariationsTable>): Promise<boolean>;
  notify: Notify;
}

/**
 * The steps of the Variation Procedure after agreement that take both parties, and withdrawal: one
 * party proposes the formal record (reference and date of the signed Variation), the other party
 * confirms it (formalised; a change not yet in effect takes effect) or declines it with a reason
 * (back to agreed). The proposing party may withdraw a proposal still awaiting a decision, which
 * stops its clocks. Each step commits with its audit event and tells the other party.
 */
export function variationSteps(ctx: StepContext) {
  /** The party the person leads on this contract (Agency security manager or Client's Representative). */
  async function partyOf(actor: Actor, contract: Contract, members: Membership[]): Promise<Party> {
    const id = actorId(actor);
    for (const p of ['agency', 'client'] as const) if (partyLeads(contract, members, p).includes(id)) return p;
    throw new ForbiddenError("Only the Agency's security manager or the Client's Representative can do that");
  }

  /** Loads the Variation, its contract and the acting party inside one transaction, checking its status. */
  async function step<T>(
    actor: Actor,
    contractId: string,
    id: string,
    from: Variation['status'],
    why: (v: Variation) => string,
    run: (s: { v: Variation; contract: Contract; members: Membership[]; party: Party; at: string }) => Promise<T>,
  ): Promise<T> {
    return ctx.transaction(async () => {
      const v = await ctx.get(contractId, id);
      if (v.status !== from) throw new ConflictError('variation_stale', why(v));
      const contract = await ctx.contracts.get(contractId);
      const members = await ctx.contracts.memberships(contractId);
      const party = await partyOf(actor, contract, members);
      return run({ v, contract, members, party, at: iso(ctx.clock.now()) });
    });
  }

  async function move(v: Variation, from: Variation['status'], set: Partial<VariationsTable>): Promise<Variation> {
    if (!(await ctx.transition(v.id, from, set)))
      throw new ConflictError('variation_stale', `Variation ${v.number} changed meanwhile: reload it`);
    return { ...v, ...set } as Variation;
  }

  const record = (actor: Actor, v: Variation, action: string, details: Record<string, unknown>) =>
    ctx.audit.record({
      actor,
      action,
      contractId: v.contract_id,
      resource: { type: 'variation', id: v.id },
      details: { number: v.number, ...details },
    });

  /** The person must be of the other party than the one that proposed the formal record. */
  const mustBeOtherParty = (v: Variation, party: Party) => {
    if (party === v.formal_proposed_party)
      throw new ForbiddenError(
        `${PARTY_FIRST[party]} proposed this formal record: ${PARTY[other(party)]} confirms or declines it`,
      );
  };

  return {
    /** One party proposes the formal record of an agreed Variation: the signed Variation's reference and date. */
    proposeFormal: async (actor: Actor, contractId: string, id: string, input: unknown) => {
      const data = parseInput(formalRecordInput, input);
      return step(
        actor,
        contractId,
        id,
        'agreed',
        (v) => `Variation ${v.number} is ${v.status}: only an agreed Variation can be formalised`,
        async ({ v, contract, members, party, at }) => {
          if (data.date > civilDateInLondon(ctx.clock.now()))
            throw new ValidationError({ date: 'The date of the signed Variation must be today or in the past' });
          const next = await move(v, 'agreed', {
            status: 'formalising',
            formal_reference: data.reference,
            formal_date: data.date,
            formal_proposed_by: actorId(actor),
            formal_proposed_party: party,
            formal_proposed_at: at,
            updated_at: at,
          });
          await record(actor, v, 'variation.formal-propose', { reference: data.reference, date: data.date, party });
          await ctx.notify(
            contract,
            partyLeads(contract, members, other(party)),
            next,
            'formal-proposed',
            `Confirm the formal record of Variation ${v.number}: ${v.title}`,
            `${PARTY_FIRST[party]} recorded the signed Variation ${v.number} (${v.title}) as ${data.reference}, dated ${data.date}. Confirm it, or decline it and say why: it is formalised only once you confirm.`,
          );
          return next;
        },
      );
    },

    /** The other party confirms the proposed formal record: the Variation is formalised and, if not yet, takes effect. */
    confirmFormal: (actor: Actor, contractId: string, id: string) =>
      step(
        actor,
        contractId,
        id,
        'formalising',
        (v) =>
          v.status === 'formalised'
            ? `Variation ${v.number} is already formalised`
            : `Variation ${v.number} is ${v.status}: there is no formal record awaiting confirmation`,
        async ({ v, contract, members, party, at }) => {
          mustBeOtherParty(v, party);
          const next = await move(v, 'formalising', {
            status: 'formalised',
            formalised_by: actorId(actor),
            formalised_at: at,
            in_effect_at: v.in_effect_at ?? at,
            updated_at: at,
          });
          if (!v.in_effect_at) await ctx.subjectOf(v).takeEffect(next, actor);
          else await meetFormalisationClock(ctx.deadlines, actor, next);
          await record(actor, v, 'variation.formalise', {
            reference: v.formal_reference,
            date: v.formal_date,
            proposedBy: v.formal_proposed_by,
            tookEffect: !v.in_effect_at,
          });
          const people = [...partyLeads(contract, members, 'agency'), ...partyLeads(contract, members, 'client')];
          await ctx.notify(
            contract,
            [...new Set(people)],
            next,
            'formalised',
            `Variation ${v.number} formalised: ${v.title}`,
            `Both parties have confirmed the formal record of Variation ${v.number} (${v.title}): ${v.formal_reference}, dated ${v.formal_date}.${v.in_effect_at ? '' : ' The change takes effect now.'}`,
          );
          return next;
        },
      ),

    /** The other party declines the proposed formal record, with a reason: the Variation is agreed again, awaiting a right record. */
    declineFormal: async (actor: Actor, contractId: string, id: string, input: unknown) => {
      const data = parseInput(reasonInput('why the formal record is not right'), input);
      return step(
        actor,
        contractId,
        id,
        'formalising',
        (v) => `Variation ${v.number} is ${v.status}: there is no formal record awaiting confirmation`,
        async ({ v, contract, members, party, at }) => {
          mustBeOtherParty(v, party);
          const next = await move(v, 'formalising', {
            status: 'agreed',
            formal_reference: null,
            formal_date: null,
            formal_proposed_by: null,
            formal_proposed_party: null,
            formal_proposed_at: null,
            formal_declined_by: actorId(actor),
            formal_declined_at: at,
            formal_decline_reason: data.reason,
            updated_at: at,
          });
          await record(actor, v, 'variation.formal-decline', {
            reference: v.formal_reference,
            date: v.formal_date,
            reason: data.reason,
          });
          await ctx.notify(
            contract,
            partyLeads(contract, members, v.formal_proposed_party ?? other(party)),
            next,
            'formal-declined',
            `Formal record of Variation ${v.number} declined: ${v.title}`,
            `${PARTY_FIRST[party]} declined the formal record ${v.formal_reference} (dated ${v.formal_date}) of Variation ${v.number} (${v.title}).\n\nWhy: ${data.reason}\n\nThe Variation is agreed and awaits its formal record again.`,
          );
          return next;
        },
      );
    },

    /** The proposing party withdraws a proposal still awaiting a decision: its clocks stop and the subject drops it. */
    withdraw: async (actor: Actor, contractId: string, id: string, input: unknown) => {
      const data = parseInput(reasonInput('why the Variation is withdrawn'), input);
      return step(
        actor,
        contractId,
        id,
        'proposed',
        (v) => `Variation ${v.number} is ${v.status}: only a proposal awaiting a decision can be withdrawn`,
        async ({ v, contract, members, party, at }) => {
          if (party !== v.proposed_by_party)
            throw new ForbiddenError(
              `Only ${PARTY[v.proposed_by_party]}, who proposed it, can withdraw Variation ${v.number}`,
            );
          const why = await ctx.subjectOf(v).whyNotWithdrawable(v);
          if (why) throw new ConflictError('variation_not_withdrawable', why);
          const next = await move(v, 'proposed', {
            status: 'withdrawn',
            withdrawn_by: actorId(actor),
            withdrawn_at: at,
            withdrawal_reason: data.reason,
            updated_at: at,
          });
          await ctx.subjectOf(v).withdraw(next, actor);
          // Any clock still running for this Variation or what it proposed stops with it.
          const attached = new Set([v.id, v.subject_ref]);
          const clocks = (await ctx.deadlines.listForContract(contractId, ['open', 'missed'])).filter(
            (d) => d.subject && attached.has(d.subject.id),
          );
          for (const d of clocks) await ctx.deadlines.supersede(actor, d.id, undefined);
          await record(actor, v, 'variation.withdraw', { reason: data.reason, clocksStopped: clocks.length });
          await ctx.notify(
            contract,
            partyLeads(contract, members, other(party)),
            next,
            'withdrawn',
            `Variation ${v.number} withdrawn: ${v.title}`,
            `${PARTY_FIRST[party]} withdrew Variation ${v.number} (${v.title}): it no longer awaits your decision.\n\nWhy: ${data.reason}`,
          );
          return next;
        },
      );
    },
  };
}

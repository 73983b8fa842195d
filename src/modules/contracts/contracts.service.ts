import { isDivision } from '../../platform/calendar/index.ts';
import type { AuditLog } from '../audit-log/index.ts';
import type { UsersService } from '../accounts/index.ts';
import type { OrganisationsService } from '../organisations/index.ts';
import { fromFlag, toFlag, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import type { ContractsTables } from './contracts.tables.ts';
import {
  ROLE_LABELS,
  ROLE_ORGANISATION_KINDS,
  isContractRole,
  type ContractRole,
  type SignedInUser,
} from '../../platform/auth/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
  actorId,
} from '../../platform/kernel/index.ts';
import { ROLE_DELEGATION } from './role-delegation.ts';
import { contractsRepository, type ContractRow, type MembershipRow } from './contracts.repository.ts';
import {
  contractDetailsInput,
  createContractInput,
  grantRoleInput,
  type Contract,
  type Membership,
} from './contracts.schemas.ts';

export const toContract = (r: ContractRow): Contract => ({
  id: r.id,
  orderReference: r.order_reference,
  title: r.title,
  startDate: r.start_date,
  agencyOrganisationId: r.agency_organisation_id,
  clientOrganisationId: r.client_organisation_id,
  oversightOrganisationId: r.oversight_organisation_id,
  clientRepresentativeUserId: r.client_representative_user_id,
  securityPolicyApplies: fromFlag(r.security_policy_applies),
  workingDayDivision: isDivision(r.working_day_division) ? r.working_day_division : 'england-and-wales',
  workingDayDivisionReason: r.working_day_division_reason,
  oversightMayEnforce: fromFlag(r.oversight_may_enforce),
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toMembership = (r: MembershipRow): Membership => ({
  id: r.id,
  contractId: r.contract_id,
  userId: r.user_id,
  role: r.role as ContractRole,
  createdAt: r.created_at,
});

export type ContractsService = ReturnType<typeof createContractsService>;

/** A change to a contract's details, as its listeners hear it: who made it, and the contract before and after. */
export interface ContractChange {
  actor: Actor;
  before: Contract;
  after: Contract;
}

/**
 * Contracts and the roles people hold on them. The rules that keep least privilege honest live here:
 * a role goes only to a person of the contract's party of the right kind.
 */
export function createContractsService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  organisations: OrganisationsService;
  users: UsersService;
}) {
  const { uow, clock, audit, organisations, users } = deps;
  const repo = contractsRepository(uow.tables<ContractsTables>());
  // Other modules start their own records with a contract (the SMP and its 20 Working Day clock), in its transaction.
  const created: ((contract: Contract) => Promise<void>)[] = [];
  // Their clocks follow a changed contract (a corrected Start Date, another division), in its transaction.
  const updated: ((change: ContractChange) => Promise<void>)[] = [];

  async function get(id: string): Promise<Contract> {
    const row = await repo.findById(id);
    if (!row) throw new NotFoundError('The contract');
    return toContract(row);
  }

  /** Which organisation a role on this contract must come from. */
  function partyFor(contract: Contract, role: ContractRole): string[] {
    const kinds = ROLE_ORGANISATION_KINDS[role];
    const parties: string[] = [];
    if (kinds.includes('agency')) parties.push(contract.agencyOrganisationId);
    if (kinds.includes('client')) parties.push(contract.clientOrganisationId);
    if (kinds.includes('oversight') && contract.oversightOrganisationId && contract.oversightMayEnforce)
      parties.push(contract.oversightOrganisationId);
    return parties;
  }

  async function checkParties(data: {
    agencyOrganisationId: string;
    clientOrganisationId: string;
    oversightOrganisationId: string | null;
    oversightMayEnforce: boolean;
    clientRepresentativeUserId: string | null;
  }) {
    const fields: Record<string, string> = {};
    const kindOf = async (orgId: string) => (await organisations.list({ ids: [orgId] }))[0]?.kind;
    if ((await kindOf(data.agencyOrganisationId)) !== 'agency')
      fields.agencyOrganisationId = 'Select an Agency organisation';
    if ((await kindOf(data.clientOrganisationId)) !== 'client')
      fields.clientOrganisationId = 'Select a Client organisation';
    if (data.oversightOrganisationId && (await kindOf(data.oversightOrganisationId)) !== 'oversight')
      fields.oversightOrganisationId = 'Select an oversight body';
    if (data.oversightMayEnforce && !data.oversightOrganisationId)
      fields.oversightOrganisationId = 'Select the oversight body that may enforce the Client’s rights';
    if (data.clientRepresentativeUserId) {
      const rep = (await users.list({ ids: [data.clientRepresentativeUserId] }))[0];
      if (!rep || rep.organisationId !== data.clientOrganisationId || rep.status === 'disabled')
        fields.clientRepresentativeUserId =
          "Select a person from the Client organisation as the Client's Representative";
    }
    if (Object.keys(fields).length) throw new ValidationError(fields);
  }

  /**
   * Administrators (and the system) give any role; anyone else only the roles their own role on this
   * contract may delegate (ROLE_DELEGATION). A domain rule, so a 409 that says which role is allowed.
   */
  async function assertMayManage(actor: Actor, contractId: string, role: string) {
    if (actor.type === 'system' || (actor.type === 'user' && actor.privileged)) return;
    const held =
      actor.type === 'token'
        ? actor.contractId === contractId
          ? [actor.role]
          : []
        : actor.type === 'user'
          ? await repo.rolesOf(actor.userId, contractId)
          : [];
    const allowed = held.filter(isContractRole).flatMap((r) => ROLE_DELEGATION[r] ?? []);
    if (!allowed.includes(role as ContractRole)) {
      const what = allowed.length ? `only the ${allowed.map((r) => ROLE_LABELS[r]).join(' and ')} role` : 'no roles';
      throw new ConflictError(
        'role_not_delegable',
        `You can give and remove ${what} on this contract. Ask a system administrator for anything else`,
      );
    }
  }

  /** The Client's Representative always holds the client-representative role on the contract. */
  async function ensureRepresentativeRole(actor: Actor, contract: Contract) {
    if (!contract.clientRepresentativeUserId) return;
    const roles = await repo.rolesOf(contract.clientRepresentativeUserId, contract.id);
    if (roles.includes('client-representative')) return;
    const row: MembershipRow = {
      id: newId(),
      contract_id: contract.id,
      user_id: contract.clientRepresentativeUserId,
      role: 'client-representative',
      created_at: iso(clock.now()),
      created_by: actorId(actor),
    };
    await repo.insertMembership(row);
    await audit.record({
      actor,
      action: 'membership.grant',
      contractId: contract.id,
      resource: { type: 'membership', id: row.id },
      subject: { uid: row.user_id },
      privileges: [row.role],
      details: { after: { userId: row.user_id, role: row.role }, reason: "named as the Client's Representative" },
    });
  }

  /**
   * Access ends when entitlement ends: with the change that disallows them, the roles the contract
   * no longer allows end, each recorded. A role from a party that no longer qualifies (an oversight
   * body that may no longer enforce the Client's rights, or is no longer on the contract), and the
   * former Client's Representative's role once another is named.
   */
  async function endDisallowedMemberships(actor: Actor, before: Contract, after: Contract) {
    const rows = await repo.memberships(after.id);
    const people = await users.list({ ids: [...new Set(rows.map((r) => r.user_id))] });
    const organisationOf = new Map(people.map((u) => [u.id, u.organisationId]));
    for (const row of rows) {
      if (!isContractRole(row.role)) continue;
      const replaced =
        row.role === 'client-representative' &&
        row.user_id === before.clientRepresentativeUserId &&
        row.user_id !== after.clientRepresentativeUserId;
      const reason = !partyFor(after, row.role).includes(organisationOf.get(row.user_id) ?? '')
        ? `the contract no longer allows the ${ROLE_LABELS[row.role]} role for this person's organisation`
        : replaced
          ? "another Client's Representative was named on the contract"
          : undefined;
      if (!reason) continue;
      await repo.deleteMembership(row.id);
      await audit.record({
        actor,
        action: 'membership.revoke',
        contractId: after.id,
        resource: { type: 'membership', id: row.id },
        subject: { uid: row.user_id },
        privileges: [row.role],
        details: { before: { userId: row.user_id, role: row.role }, reason },
      });
    }
  }

  return {
    get,
    /** The contracts a user may see: all for a system administrator, otherwise those they hold a role on. */
    async listVisibleTo(user: SignedInUser): Promise<Contract[]> {
      return (await repo.list(user.isSystemAdmin ? {} : { memberUserId: user.id })).map(toContract);
    },
    async create(actor: Actor, input: unknown): Promise<Contract> {
      const data = parseInput(createContractInput, input);
      const now = iso(clock.now());
      const row: ContractRow = {
        id: newId(),
        order_reference: data.orderReference,
        title: data.title,
        start_date: data.startDate,
        agency_organisation_id: data.agencyOrganisationId,
        client_organisation_id: data.clientOrganisationId,
        oversight_organisation_id: data.oversightOrganisationId,
        client_representative_user_id: data.clientRepresentativeUserId,
        security_policy_applies: toFlag(data.securityPolicyApplies),
        oversight_may_enforce: toFlag(data.oversightMayEnforce),
        working_day_division: data.workingDayDivision,
        working_day_division_reason: data.workingDayDivisionReason,
        notes: data.notes,
        created_at: now,
        updated_at: now,
      };
      const contract = toContract(row);
      try {
        await uow.transaction(async () => {
          await checkParties(data);
          await repo.insert(row);
          await audit.record({
            actor,
            action: 'contract.create',
            contractId: row.id,
            resource: { type: 'contract', id: row.id },
            details: { after: contract },
          });
          await ensureRepresentativeRole(actor, contract);
          for (const listener of created) await listener(contract);
        });
      } catch (err) {
        if (uniqueViolation(err))
          throw new ValidationError({ orderReference: 'A contract with this order reference already exists' });
        throw err;
      }
      return contract;
    },
    async update(actor: Actor, id: string, input: unknown): Promise<Contract> {
      const data = parseInput(contractDetailsInput, input);
      return uow.transaction(async () => {
        const before = await get(id);
        await checkParties({
          ...data,
          agencyOrganisationId: before.agencyOrganisationId,
          clientOrganisationId: before.clientOrganisationId,
        });
        const updatedAt = iso(clock.now());
        const after: Contract = { ...before, ...data, updatedAt };
        await repo.update(id, {
          title: data.title,
          start_date: data.startDate,
          client_representative_user_id: data.clientRepresentativeUserId,
          oversight_organisation_id: data.oversightOrganisationId,
          security_policy_applies: toFlag(data.securityPolicyApplies),
          oversight_may_enforce: toFlag(data.oversightMayEnforce),
          working_day_division: data.workingDayDivision,
          working_day_division_reason: data.workingDayDivisionReason,
          notes: data.notes,
          updated_at: updatedAt,
        });
        const changed = Object.keys(data).filter(
          (k) => JSON.stringify(before[k as keyof Contract]) !== JSON.stringify(after[k as keyof Contract]),
        );
        // A change of division is recorded with its reason, even when the reason's words stay the same.
        if (changed.includes('workingDayDivision')) changed.push('workingDayDivisionReason');
        await audit.record({
          actor,
          action: 'contract.update',
          contractId: id,
          resource: { type: 'contract', id },
          details: { before: pick(before, changed), after: pick(after, changed) },
        });
        await endDisallowedMemberships(actor, before, after);
        await ensureRepresentativeRole(actor, after);
        for (const listener of updated) await listener({ actor, before, after });
        return after;
      });
    },
    /** Runs `listener` inside the transaction that creates each contract; if it throws, the contract is not created. */
    onCreated(listener: (contract: Contract) => Promise<void>): void {
      created.push(listener);
    },
    /** Runs `listener` inside the transaction that changes each contract; if it throws, the change is undone. */
    onUpdated(listener: (change: ContractChange) => Promise<void>): void {
      updated.push(listener);
    },
    /** A contract by its order reference (the CLI names contracts so). */
    async getByReference(reference: string): Promise<Contract> {
      const row = await repo.findByReference(reference);
      if (!row) throw new NotFoundError(`A contract with order reference “${reference}”`);
      return toContract(row);
    },
    /** Every role a person holds, on any contract. */
    async membershipsOf(userId: string): Promise<Membership[]> {
      return (await repo.membershipsOfUser(userId)).map(toMembership);
    },
    async memberships(contractId: string): Promise<Membership[]> {
      return (await repo.memberships(contractId)).map(toMembership);
    },
    /** The contract's parties: the Agency, the Client and the oversight body if there is one. */
    async parties(contractId: string) {
      const c = await get(contractId);
      return organisations.list({
        ids: [c.agencyOrganisationId, c.clientOrganisationId, c.oversightOrganisationId].filter((id): id is string =>
          Boolean(id),
        ),
      });
    },
    /** The people who hold at least one role on the contract. */
    async members(contractId: string) {
      return users.list({ ids: [...new Set((await repo.memberships(contractId)).map((m) => m.user_id))] });
    },
    rolesOn: (userId: string, contractId: string) => repo.rolesOf(userId, contractId),
    /**
     * Who may be named the Client's Representative: people with active accounts in a Client
     * organisation, each with it (before a contract is saved its Client is not known yet; create
     * and update then insist on the contract's own Client).
     */
    async representativeCandidates() {
      const clients = new Map((await organisations.list({ kind: 'client' })).map((o) => [o.id, o]));
      return (await users.list())
        .filter((u) => u.status !== 'disabled' && clients.has(u.organisationId))
        .map((user) => ({ user, organisation: clients.get(user.organisationId)! }));
    },
    /** Who may be given a role on the contract: people with active accounts in one of its parties. */
    async roleCandidates(contractId: string) {
      const contract = await get(contractId);
      const parties = [contract.agencyOrganisationId, contract.clientOrganisationId, contract.oversightOrganisationId];
      const lists = await Promise.all(
        parties.filter((id): id is string => Boolean(id)).map((organisationId) => users.list({ organisationId })),
      );
      return lists.flat().filter((u) => u.status !== 'disabled');
    },
    /** Who the Agency security manager may add as Agency staff: the Agency's active people not on the list yet. */
    async staffCandidates(contractId: string) {
      const contract = await get(contractId);
      const staff = new Set(
        (await repo.memberships(contractId)).filter((m) => m.role === 'agency-staff').map((m) => m.user_id),
      );
      return (await users.list({ organisationId: contract.agencyOrganisationId })).filter(
        (u) => u.status !== 'disabled' && !staff.has(u.id),
      );
    },
    /** The roles a user could be given on this contract (by their organisation's place in it). */
    rolesAvailableTo(contract: Contract, organisationId: string): ContractRole[] {
      return (Object.keys(ROLE_ORGANISATION_KINDS) as ContractRole[]).filter((r) =>
        partyFor(contract, r).includes(organisationId),
      );
    },
    async grant(actor: Actor, contractId: string, input: unknown): Promise<Membership> {
      const data = parseInput(grantRoleInput, input);
      // The person's name, for the message should they hold the role already (a unique violation).
      let displayName = 'This person';
      try {
        return await uow.transaction(async () => {
          const contract = await get(contractId);
          await assertMayManage(actor, contractId, data.role);
          const user = (await users.list({ ids: [data.userId] }))[0];
          if (!user) throw new ValidationError({ userId: 'Select a person' });
          displayName = user.displayName;
          if (user.status === 'disabled')
            throw new ValidationError({ userId: 'This account is disabled. Enable it before giving it a role' });
          if (!partyFor(contract, data.role).includes(user.organisationId)) {
            const kinds = ROLE_ORGANISATION_KINDS[data.role].join(' or ');
            throw new ValidationError({
              role: `${ROLE_LABELS[data.role]} can only be given to a person from this contract’s ${kinds} organisation${data.role === 'oversight-viewer' ? ' when the oversight body may enforce the Client’s rights' : ''}`,
            });
          }
          const row: MembershipRow = {
            id: newId(),
            contract_id: contractId,
            user_id: user.id,
            role: data.role,
            created_at: iso(clock.now()),
            created_by: actorId(actor),
          };
          await repo.insertMembership(row);
          await audit.record({
            actor,
            action: 'membership.grant',
            contractId,
            resource: { type: 'membership', id: row.id },
            subject: { uid: user.id },
            privileges: [data.role],
            details: { after: { userId: user.id, role: data.role } },
          });
          return toMembership(row);
        });
      } catch (err) {
        if (uniqueViolation(err))
          throw new ValidationError({ role: `${displayName} already has this role on this contract` });
        throw err;
      }
    },
    async revoke(actor: Actor, contractId: string, membershipId: string): Promise<void> {
      await uow.transaction(async () => {
        const row = await repo.findMembership(contractId, membershipId);
        if (!row) throw new NotFoundError('The role');
        await assertMayManage(actor, contractId, row.role);
        const contract = await get(contractId);
        if (row.role === 'client-representative' && row.user_id === contract.clientRepresentativeUserId) {
          throw new ConflictError(
            'representative_role',
            "Name a different Client's Representative on the contract before removing this role",
          );
        }
        await repo.deleteMembership(membershipId);
        await audit.record({
          actor,
          action: 'membership.revoke',
          contractId,
          resource: { type: 'membership', id: membershipId },
          subject: { uid: row.user_id },
          privileges: [row.role],
          details: { before: { userId: row.user_id, role: row.role } },
        });
      });
    },
  };
}

const pick = (o: object, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));

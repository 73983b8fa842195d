import { changedFields, type AuditLog } from '../audit-log/index.ts';
import { partyLeads, type ContractsService, type Party } from '../contracts/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import { toJson, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
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
import { parseInput } from '../../platform/validation/index.ts';
import type { ClearancesRepository, RoleRow } from './clearances.repository.ts';
import { createRoleAssignments } from './role-assignments.service.ts';
import { toRole } from './role-view.ts';
import { agreeInput, canonicalRole, refuseInput, roleInput, type ClearanceRole } from './role-record.ts';

const DUPLICATE = { title: 'The catalogue already has a role with this name' };
const described = (r: ClearanceRole) => ({
  title: r.title,
  description: r.description,
  level: r.level,
  systems: r.systems.map((s) => s.name).join(', '),
});

/**
 * The catalogue of roles that need clearance (annex 6.2): each proposed by the Agency security
 * manager and agreed or refused (with a reason) by the Client's Representative, case by case, like an
 * Approval. Agreement binds the canonical record by its SHA-256; a change after agreement is a new
 * proposal needing agreement again, while the record last agreed stands. People are assigned roles.
 */
export function createClearanceRoles(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: ClearancesRepository;
  contracts: Pick<ContractsService, 'get' | 'memberships'>;
  systems: Pick<SystemsService, 'list'>;
  personnel: Pick<PersonnelService, 'get'>;
  notifications: Pick<NotificationsService, 'enqueueMany'>;
}) {
  const { uow, clock, audit, repo } = deps;

  const systemNames = async (contractId: string) =>
    new Map((await deps.systems.list(contractId)).map((s) => [s.id, s.name]));

  async function load(contractId: string, id: string): Promise<RoleRow> {
    const row = await repo.role(contractId, id);
    if (!row) throw new NotFoundError('The role');
    return row;
  }
  async function get(contractId: string, id: string): Promise<ClearanceRole> {
    // One query after another: inside a transaction they share one connection.
    const row = await load(contractId, id);
    return toRole(row, await systemNames(contractId), await repo.assignments(contractId));
  }

  /** The systems named must be in service on this contract's register. */
  async function checkSystems(contractId: string, ids: string[]) {
    const inService = new Set((await deps.systems.list(contractId)).filter((s) => !s.retiredAt).map((s) => s.id));
    if (ids.some((id) => !inService.has(id)))
      throw new ValidationError({ systemIds: 'Select systems in service on this contract’s register' });
    return [...new Set(ids)];
  }

  async function refusingDuplicates<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (uniqueViolation(err)) throw new ValidationError(DUPLICATE);
      throw err;
    }
  }

  /** Tells the other party's leads: the Client that a role awaits its decision, the Agency what was decided. */
  async function tell(contractId: string, to: Party, role: ClearanceRole, what: string) {
    const contract = await deps.contracts.get(contractId);
    const leads = partyLeads(contract, await deps.contracts.memberships(contractId), to);
    await deps.notifications.enqueueMany(
      leads.map((userId) => ({
        userId,
        contractId,
        kind: 'clearance-role.' + (to === 'client' ? 'proposed' : 'decided'),
        key: `clearance-role:${role.id}:${role.revision}:${role.status}:${userId}`,
        subject: `${what}: ${role.title} (${contract.orderReference})`,
        text: `${what}: the role “${role.title}”, which needs ${role.level} clearance, on ${contract.orderReference} – ${contract.title} (annex paragraph 6.2).`,
        link: `/contracts/${contractId}/clearances/roles/${role.id}`,
      })),
    );
  }

  async function decide(actor: Actor, contractId: string, id: string, to: 'agreed' | 'refused', input: unknown) {
    const data = to === 'agreed' ? { ...parseInput(agreeInput, input), reason: null } : parseInput(refuseInput, input);
    return uow.transaction(async () => {
      const before = await get(contractId, id);
      if (before.status !== 'proposed')
        throw new ConflictError(
          'role_decided',
          `This role is already ${before.status}: the Agency must propose a change first`,
        );
      if (before.revision !== data.revision)
        throw new ConflictError(
          'role_changed',
          'The Agency changed this proposal since you read it: read it again before deciding',
        );
      const at = iso(clock.now());
      const record = canonicalRole({ ...before, roleId: before.id });
      const ok = await repo.updateRole(id, before.revision, {
        status: to,
        decided_at: at,
        decided_by: actorId(actor),
        refusal_reason: data.reason,
        ...(to === 'agreed' && {
          agreed_record: record,
          agreed_hash: before.hash,
          agreed_at: at,
          agreed_by: actorId(actor),
        }),
      });
      if (!ok) throw new ConflictError('role_changed', 'The Agency changed this proposal since you read it');
      await audit.record({
        actor,
        action: to === 'agreed' ? 'clearance-role.agree' : 'clearance-role.refuse',
        contractId,
        resource: { type: 'clearance-role', id },
        details: {
          title: before.title,
          revision: before.revision,
          sha256: before.hash,
          reason: data.reason ?? undefined,
        },
      });
      const after = await get(contractId, id);
      await tell(
        contractId,
        'agency',
        after,
        to === 'agreed' ? 'The Client agreed a role' : 'The Client refused a role',
      );
      return after;
    });
  }

  return {
    get,
    async list(contractId: string): Promise<ClearanceRole[]> {
      await deps.contracts.get(contractId);
      const rows = await repo.roles(contractId);
      const names = await systemNames(contractId);
      const people = await repo.assignments(contractId);
      return rows.map((r) => toRole(r, names, people));
    },
    async propose(actor: Actor, contractId: string, input: unknown): Promise<ClearanceRole> {
      const data = parseInput(roleInput, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          await deps.contracts.get(contractId);
          const at = iso(clock.now());
          const row: RoleRow = {
            id: newId(),
            contract_id: contractId,
            title: data.title,
            title_key: data.title.toLowerCase(),
            description: data.description,
            level: data.level,
            system_ids: toJson(await checkSystems(contractId, data.systemIds)),
            status: 'proposed',
            revision: 1,
            proposed_at: at,
            proposed_by: actorId(actor),
            decided_at: null,
            decided_by: null,
            refusal_reason: null,
            agreed_record: null,
            agreed_hash: null,
            agreed_at: null,
            agreed_by: null,
          };
          await repo.insertRole(row);
          const role = await get(contractId, row.id);
          await audit.record({
            actor,
            action: 'clearance-role.propose',
            contractId,
            resource: { type: 'clearance-role', id: row.id },
            details: { after: described(role), revision: 1, sha256: role.hash },
          });
          await tell(contractId, 'client', role, 'A role needing clearance awaits your decision');
          return role;
        }),
      );
    },
    /** A change to a role, agreed or not, is a new proposal: the Client decides again. */
    async change(actor: Actor, contractId: string, id: string, input: unknown): Promise<ClearanceRole> {
      const data = parseInput(roleInput, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          const before = await get(contractId, id);
          const systemIds = await checkSystems(contractId, data.systemIds);
          const same =
            before.title === data.title &&
            before.description === data.description &&
            before.level === data.level &&
            before.systems
              .map((s) => s.id)
              .sort()
              .join() === [...systemIds].sort().join();
          if (same && before.status === 'proposed') return before;
          const at = iso(clock.now());
          const ok = await repo.updateRole(id, before.revision, {
            title: data.title,
            title_key: data.title.toLowerCase(),
            description: data.description,
            level: data.level,
            system_ids: toJson(systemIds),
            status: 'proposed',
            revision: before.revision + 1,
            proposed_at: at,
            proposed_by: actorId(actor),
            decided_at: null,
            decided_by: null,
            refusal_reason: null,
          });
          if (!ok) throw new ConflictError('role_changed', 'Someone changed this role meanwhile: read it again');
          const after = await get(contractId, id);
          const { before: was, after: now } = changedFields(described(before), described(after));
          await audit.record({
            actor,
            action: 'clearance-role.change',
            contractId,
            resource: { type: 'clearance-role', id },
            details: { title: after.title, before: was, after: now, revision: after.revision, sha256: after.hash },
          });
          await tell(contractId, 'client', after, 'A changed role needing clearance awaits your decision');
          return after;
        }),
      );
    },
    agree: (actor: Actor, contractId: string, id: string, input: unknown) =>
      decide(actor, contractId, id, 'agreed', input),
    refuse: (actor: Actor, contractId: string, id: string, input: unknown) =>
      decide(actor, contractId, id, 'refused', input),
    ...createRoleAssignments({ uow, clock, audit, repo, get, personnel: deps.personnel, systemNames }),
  };
}

export type ClearanceRolesService = ReturnType<typeof createClearanceRoles>;

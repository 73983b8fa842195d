import { changedFields, type AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { fromFlag, toFlag, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
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
import { systemsRepository, type SystemRow } from './systems.repository.ts';
import { CLEARANCES, systemInput, type Clearance, type System } from './systems.schemas.ts';
import type { SystemsTables } from './systems.tables.ts';

const toSystem = (r: SystemRow): System => ({
  id: r.id,
  contractId: r.contract_id,
  name: r.name,
  owner: r.owner,
  hosting: r.hosting,
  holdsGovernmentData: fromFlag(r.holds_government_data),
  privileged: fromFlag(r.privileged),
  clearance: (CLEARANCES as readonly string[]).includes(r.clearance) ? (r.clearance as Clearance) : 'none',
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  retiredAt: r.retired_at,
});
const nameKey = (name: string) => name.trim().toLowerCase();
const DUPLICATE = { name: 'This contract already lists a system with this name' };
/** What an audit event says about a system: every field a reader sees, never more. */
const described = (s: System) => ({
  name: s.name,
  owner: s.owner,
  hosting: s.hosting,
  holdsGovernmentData: s.holdsGovernmentData,
  privileged: s.privileged,
  clearance: s.clearance,
  notes: s.notes,
});

export type SystemsService = ReturnType<typeof createSystemsService>;

/**
 * The register of a contract's ICT systems that store, process or manage Government Data, or
 * administer them: who owns each, where it is hosted, whether access is privileged and what clearance
 * its roles need (annex 6.2, 6.3). Kept by the Agency security manager, read by the Client; other
 * modules refer to its systems. Systems are retired, never deleted, so what referred to one still can.
 */
export function createSystemsService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: Pick<ContractsService, 'get'>;
}) {
  const { uow, clock, audit, contracts } = deps;
  const repo = systemsRepository(uow.tables<SystemsTables>());

  async function get(contractId: string, id: string): Promise<System> {
    const row = await repo.find(contractId, id);
    if (!row) throw new NotFoundError('The system');
    return toSystem(row);
  }

  /** A unique name per contract: a clash becomes a message on the name, on either database. */
  async function refusingDuplicates<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (uniqueViolation(err)) throw new ValidationError(DUPLICATE);
      throw err;
    }
  }

  return {
    get,
    /** The contract's systems, those in service first, then by name. */
    async list(contractId: string): Promise<System[]> {
      await contracts.get(contractId); // an unknown contract is not found, not an empty register
      return (await repo.list(contractId)).map(toSystem);
    },
    async create(actor: Actor, contractId: string, input: unknown): Promise<System> {
      const data = parseInput(systemInput, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          await contracts.get(contractId);
          const now = iso(clock.now());
          const row: SystemRow = {
            id: newId(),
            contract_id: contractId,
            name: data.name,
            name_key: nameKey(data.name),
            owner: data.owner,
            hosting: data.hosting,
            holds_government_data: toFlag(data.holdsGovernmentData),
            privileged: toFlag(data.privileged),
            clearance: data.clearance,
            notes: data.notes,
            created_at: now,
            created_by: actorId(actor),
            updated_at: now,
            retired_at: null,
            retired_by: null,
          };
          await repo.insert(row);
          const system = toSystem(row);
          await audit.record({
            actor,
            action: 'system.create',
            contractId,
            resource: { type: 'system', id: row.id },
            details: { after: described(system) },
          });
          return system;
        }),
      );
    },
    async update(actor: Actor, contractId: string, id: string, input: unknown): Promise<System> {
      const data = parseInput(systemInput, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          const before = await get(contractId, id);
          if (before.retiredAt)
            throw new ConflictError('system_retired', `${before.name} is retired: its record can no longer change`);
          const at = iso(clock.now());
          await repo.update(id, {
            name: data.name,
            name_key: nameKey(data.name),
            owner: data.owner,
            hosting: data.hosting,
            holds_government_data: toFlag(data.holdsGovernmentData),
            privileged: toFlag(data.privileged),
            clearance: data.clearance,
            notes: data.notes,
            updated_at: at,
          });
          const after: System = { ...before, ...data, updatedAt: at };
          const { before: was, after: now } = changedFields(described(before), described(after));
          await audit.record({
            actor,
            action: 'system.update',
            contractId,
            resource: { type: 'system', id },
            details: { before: was, after: now },
          });
          return after;
        }),
      );
    },
    /** Takes a system out of service; it stays in the register, marked retired, for what refers to it. */
    async retire(actor: Actor, contractId: string, id: string): Promise<System> {
      return uow.transaction(async () => {
        const system = await get(contractId, id);
        const at = iso(clock.now());
        if (!(await repo.retire(id, at, actorId(actor))))
          throw new ConflictError('system_retired', `${system.name} is already retired`);
        await audit.record({
          actor,
          action: 'system.retire',
          contractId,
          resource: { type: 'system', id },
          details: { before: { retired: false }, after: { retired: true }, name: system.name },
        });
        return { ...system, retiredAt: at, updatedAt: at };
      });
    },
  };
}

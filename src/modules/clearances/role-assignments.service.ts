import type { AuditLog } from '../audit-log/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { actorId, ConflictError, iso, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { toRole } from './role-view.ts';
import type { ClearancesRepository } from './clearances.repository.ts';
import type { ClearanceRole } from './role-record.ts';

/** People assigned catalogue roles (person × role), kept by the Agency security manager. */
export function createRoleAssignments(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: ClearancesRepository;
  get(contractId: string, id: string): Promise<ClearanceRole>;
  systemNames(contractId: string): Promise<Map<string, string>>;
  personnel: Pick<PersonnelService, 'get'>;
}) {
  const { uow, clock, audit, repo, get, systemNames } = deps;
  /** Assigns or unassigns in one transaction with its audit event. */
  function change(actor: Actor, contractId: string, roleId: string, personId: string, to: 'assign' | 'unassign') {
    return uow.transaction(async () => {
      const role = await get(contractId, roleId);
      const person = await deps.personnel.get(contractId, personId);
      if (to === 'assign') {
        const row = { contract_id: contractId, role_id: roleId, person_id: personId };
        if (!(await repo.assign({ ...row, assigned_at: iso(clock.now()), assigned_by: actorId(actor) })))
          throw new ConflictError('role_assigned', `${person.name} already has the role ${role.title}`);
      } else if (!(await repo.unassign(roleId, personId)))
        throw new ConflictError('role_not_assigned', `${person.name} does not have the role ${role.title}`);
      await audit.record({
        actor,
        action: to === 'assign' ? 'clearance-role.assign' : 'clearance-role.unassign',
        contractId,
        resource: { type: 'person', id: personId },
        details: { roleId, role: role.title },
      });
      return { role, person };
    });
  }

  return {
    /** The roles a person is assigned. */
    async ofPerson(contractId: string, personId: string): Promise<ClearanceRole[]> {
      const rows = await repo.roles(contractId);
      const names = await systemNames(contractId);
      const people = await repo.assignmentsOfPerson(contractId, personId);
      const ids = new Set(people.map((p) => p.role_id));
      return rows.filter((r) => ids.has(r.id)).map((r) => toRole(r, names, people));
    },
    /** Gives the person the role; refused if they have it already. */
    assign: (actor: Actor, contractId: string, roleId: string, personId: string) =>
      change(actor, contractId, roleId, personId, 'assign'),
    /** Takes the role from the person; refused if they do not have it. */
    unassign: (actor: Actor, contractId: string, roleId: string, personId: string) =>
      change(actor, contractId, roleId, personId, 'unassign'),
  };
}

import type { PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import { fromJson } from '../../platform/db/index.ts';
import { highestNeeds, isLevel, type Level } from './clearance-levels.ts';
import type { ClearancesRepository } from './clearances.repository.ts';
import type { RoleRecord } from './role-record.ts';

/** Why a person needs a clearance on a system: the system's own need, or an agreed role of theirs. */
export interface RequirementReason {
  level: Level;
  source: 'system' | 'role';
  /** The system's or the role's id. */
  id: string;
  /** The system's name, or the role's title as agreed. */
  name: string;
}

/** What a person needs to work on a system: the highest level on each ladder, and every reason for it. */
export interface ClearanceRequirement {
  /** Empty when nothing beyond the pre-employment checks is needed. */
  levels: Level[];
  reasons: RequirementReason[];
}

/**
 * Annex 6.2–6.3 as the access-grants module asks it: which clearance a person needs on a system, and
 * whether they hold it. The need comes from the systems register (the clearance the system's roles
 * need) and from the catalogue roles the person is assigned, as last agreed by the Client (a role
 * not yet agreed, or refused, adds nothing; a role naming no systems applies on every system).
 */
export function createRequirements(deps: {
  repo: ClearancesRepository;
  systems: Pick<SystemsService, 'get'>;
  personnel: Pick<PersonnelService, 'get'>;
  holdsClearance(contractId: string, personId: string, level: Level, onDate: string): Promise<boolean>;
}) {
  const { repo } = deps;

  async function requiredClearanceFor(
    contractId: string,
    personId: string,
    systemId: string,
  ): Promise<ClearanceRequirement> {
    // One query after another: the access-grants module may ask inside its transaction.
    await deps.personnel.get(contractId, personId);
    const system = await deps.systems.get(contractId, systemId);
    const reasons: RequirementReason[] = [];
    if (system.clearance !== 'none')
      reasons.push({ level: system.clearance, source: 'system', id: system.id, name: system.name });
    const assigned = new Set((await repo.assignmentsOfPerson(contractId, personId)).map((a) => a.role_id));
    for (const role of await repo.roles(contractId)) {
      if (!assigned.has(role.id) || !role.agreed_record) continue;
      const agreed = fromJson<RoleRecord>(role.agreed_record);
      const covers = agreed.systems.length === 0 || agreed.systems.some((s) => s.id === systemId);
      if (covers && isLevel(agreed.level))
        reasons.push({ level: agreed.level, source: 'role', id: role.id, name: agreed.title });
    }
    return { levels: highestNeeds(reasons.map((r) => r.level)), reasons };
  }

  return {
    requiredClearanceFor,
    /** The levels a person needs on a system and does not hold on the day: empty when the gate is met. */
    async unmetClearanceFor(contractId: string, personId: string, systemId: string, onDate: string): Promise<Level[]> {
      const { levels } = await requiredClearanceFor(contractId, personId, systemId);
      const unmet: Level[] = [];
      for (const l of levels) if (!(await deps.holdsClearance(contractId, personId, l, onDate))) unmet.push(l);
      return unmet;
    },
  };
}

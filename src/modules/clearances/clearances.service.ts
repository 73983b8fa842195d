import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/kernel/index.ts';
import { createClearanceRoles } from './clearance-roles.service.ts';
import { createRequirements } from './clearance-requirements.ts';
import { clearancesRepository } from './clearances.repository.ts';
import type { ClearancesTables } from './clearances.tables.ts';
import { createPeriods } from './periods.service.ts';
import { createPersonClearances } from './person-clearances.service.ts';

export type ClearancesService = ReturnType<typeof createClearancesService>;

/**
 * Annex 6.2: the clearances Agency Staff hold, the review or expiry period of each level on the
 * contract, the catalogue of roles that need clearance agreed with the Client, and what the
 * access-grants module asks of them (requiredClearanceFor, holdsClearance, unmetClearanceFor).
 */
export function createClearancesService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: ContractsService;
  personnel: PersonnelService;
  systems: SystemsService;
  deadlines: DeadlinesService;
  notifications: NotificationsService;
}) {
  const repo = clearancesRepository(deps.uow.tables<ClearancesTables>());
  const periods = createPeriods({ ...deps, repo });
  const people = createPersonClearances({ ...deps, repo, periods });
  const requirements = createRequirements({ ...deps, repo, holdsClearance: people.holdsClearance });
  return {
    ...people,
    periods,
    roles: createClearanceRoles({ ...deps, repo }),
    ...requirements,
  };
}

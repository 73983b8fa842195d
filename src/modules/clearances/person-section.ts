import type { PersonnelService, PersonSection } from '../personnel/index.ts';
import { LEVEL_LABELS } from './clearance-levels.ts';
import type { ClearancesService } from './clearances.service.ts';
import { STATUS_LABELS } from './clearances.schemas.ts';
import { ROLE_STATUS_LABELS } from './role-record.ts';

/**
 * The person page's section on clearances and catalogue roles: for every reader of clearances;
 * the actions (record, renew, withdraw, assign a role) for the Agency security manager only.
 */
export function personSection(clearances: ClearancesService, personnel: Pick<PersonnelService, 'get'>): PersonSection {
  return {
    template: 'clearances/_person-section.njk',
    order: 10,
    async context(contractId, personId, can) {
      if (!can('contract:clearances:view')) return undefined;
      const canManage = can('contract:clearances:manage');
      const [held, roles, allRoles] = await Promise.all([
        clearances.ofPerson(contractId, personId),
        clearances.roles.ofPerson(contractId, personId),
        canManage ? clearances.roles.list(contractId) : Promise.resolve([]),
      ]);
      const person = await personnel.get(contractId, personId);
      const assigned = new Set(roles.map((r) => r.id));
      return {
        base: `/contracts/${contractId}/personnel/${person.id}`,
        catalogue: `/contracts/${contractId}/clearances`,
        held,
        roles,
        roleItems: allRoles
          .filter((r) => !assigned.has(r.id))
          .map((r) => ({ value: r.id, text: `${r.title} (${r.level}, ${r.status})` })),
        levelLabels: LEVEL_LABELS,
        statusLabels: STATUS_LABELS,
        roleStatusLabels: ROLE_STATUS_LABELS,
        canManage,
      };
    },
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { LEVEL_LABELS, LEVELS } from './clearance-levels.ts';
import { contractIdOf, manageClearances, viewClearances, type ClearancesWebDeps } from './clearances.web.ts';
import { periodsWeb } from './periods.web.ts';
import { ROLE_STATUS_LABELS, type ClearanceRole } from './role-record.ts';

const decide = { config: { permission: 'contract:clearances:decide' as const } };
const roleIdOf = (request: FastifyRequest) => idParam(request, 'roleId', 'The role');
export const catalogueUrl = (contractId: string) => `/contracts/${contractId}/clearances`;

const asArray = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The catalogue of roles that need clearance: the Agency proposes, the Client's Representative agrees or refuses. */
export function clearanceRolesWeb(app: FastifyInstance, deps: ClearancesWebDeps): void {
  const { clearances, contracts, personnel } = deps;
  periodsWeb(app, deps);

  const formPage = async (request: FastifyRequest, role?: ClearanceRole) => {
    const contract = await contracts.get(contractIdOf(request));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const level = 'level' in body ? body.level : role?.level;
    const ticked = new Set('title' in body ? asArray(body.systemIds) : (role?.systems.map((s) => s.id) ?? []));
    const systems = (await deps.systems.list(contract.id)).filter((s) => !s.retiredAt);
    return {
      pageTitle: role ? `Change the role ${role.title}` : 'Propose a role that needs clearance',
      contract,
      role,
      levelItems: LEVELS.map((l) => ({ value: l, text: LEVEL_LABELS[l], checked: l === level })),
      systemItems: systems.map((s) => ({
        value: s.id,
        text: s.name,
        hint: { text: `Its roles need: ${LEVEL_LABELS[s.clearance as keyof typeof LEVEL_LABELS] ?? 'no clearance'}` },
        checked: ticked.has(s.id),
      })),
      backLink: { href: role ? `${catalogueUrl(contract.id)}/roles/${role.id}` : catalogueUrl(contract.id) },
    };
  };
  const rolePage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const role = await clearances.roles.get(contract.id, roleIdOf(request));
    const people = await personnel.list(contract.id);
    return {
      pageTitle: `Role: ${role.title}`,
      contract,
      role,
      people: people.filter((p) => role.personIds.includes(p.id)),
      levelLabels: LEVEL_LABELS,
      statusLabels: ROLE_STATUS_LABELS,
      canManage: request.access.can('contract:clearances:manage'),
      canDecide: request.access.can('contract:clearances:decide'),
      backLink: { href: catalogueUrl(contract.id), text: 'Back to the catalogue' },
    };
  };

  app.get('/contracts/:contractId/clearances', viewClearances, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const [roles, periods] = await Promise.all([
      clearances.roles.list(contract.id),
      clearances.periods.list(contract.id),
    ]);
    return reply.page('clearances/catalogue.njk', {
      pageTitle: `Clearances: ${contract.orderReference}`,
      contract,
      roles,
      periods,
      levelLabels: LEVEL_LABELS,
      statusLabels: ROLE_STATUS_LABELS,
      canManage: request.access.can('contract:clearances:manage'),
      backLink: { href: `/contracts/${contract.id}`, text: 'Back to the contract' },
    });
  });

  app.get('/contracts/:contractId/clearances/roles/new', manageClearances, async (request, reply) =>
    reply.page('clearances/role-form.njk', { ...(await formPage(request)), values: {} }),
  );
  app.post('/contracts/:contractId/clearances/roles', manageClearances, async (request, reply) =>
    submitForm(request, reply, { template: 'clearances/role-form.njk', context: () => formPage(request) }, async () => {
      const role = await clearances.roles.propose(actorOf(request), contractIdOf(request), request.body);
      return {
        redirect: `${catalogueUrl(contractIdOf(request))}/roles/${role.id}`,
        flash: `The role ${role.title} was proposed to the Client`,
      };
    }),
  );

  app.get('/contracts/:contractId/clearances/roles/:roleId', viewClearances, async (request, reply) =>
    reply.page('clearances/role.njk', { ...(await rolePage(request)), values: {} }),
  );
  app.get('/contracts/:contractId/clearances/roles/:roleId/edit', manageClearances, async (request, reply) => {
    const role = await clearances.roles.get(contractIdOf(request), roleIdOf(request));
    const values = { title: role.title, description: role.description };
    return reply.page('clearances/role-form.njk', { ...(await formPage(request, role)), values });
  });
  app.post('/contracts/:contractId/clearances/roles/:roleId', manageClearances, async (request, reply) => {
    const role = await clearances.roles.get(contractIdOf(request), roleIdOf(request));
    const context = () => formPage(request, role);
    return submitForm(request, reply, { template: 'clearances/role-form.njk', context }, async () => {
      const changed = await clearances.roles.change(actorOf(request), contractIdOf(request), role.id, request.body);
      return {
        redirect: `${catalogueUrl(changed.contractId)}/roles/${changed.id}`,
        flash:
          changed.revision === role.revision
            ? 'Nothing changed'
            : `The change to ${changed.title} was proposed to the Client`,
      };
    });
  });

  app.post('/contracts/:contractId/clearances/roles/:roleId/agree', decide, async (request, reply) => {
    const role = await clearances.roles.agree(actorOf(request), contractIdOf(request), roleIdOf(request), request.body);
    reply.flash(`You agreed the role ${role.title} (SHA-256 ${role.agreed?.hash.slice(0, 12)}…)`);
    return reply.redirect(`${catalogueUrl(role.contractId)}/roles/${role.id}`, 303);
  });
  app.post('/contracts/:contractId/clearances/roles/:roleId/refuse', decide, async (request, reply) =>
    submitForm(request, reply, { template: 'clearances/role.njk', context: () => rolePage(request) }, async () => {
      const role = await clearances.roles.refuse(
        actorOf(request),
        contractIdOf(request),
        roleIdOf(request),
        request.body,
      );
      return {
        redirect: `${catalogueUrl(role.contractId)}/roles/${role.id}`,
        flash: `You refused the role ${role.title}`,
      };
    }),
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import { LEVEL_LABELS, LEVELS, type Level } from './clearance-levels.ts';
import type { ClearancesService } from './clearances.service.ts';
import { ENDING_HINTS, ENDINGS, STATUS_LABELS } from './clearances.schemas.ts';
import { withFormDates } from './form-dates.ts';

export interface ClearancesWebDeps {
  clearances: ClearancesService;
  personnel: PersonnelService;
  contracts: ContractsService;
  systems: SystemsService;
}

export const viewClearances = { config: { permission: 'contract:clearances:view' as const } };
export const manageClearances = { config: { permission: 'contract:clearances:manage' as const } };
export const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');
const personIdOf = (request: FastifyRequest) => idParam(request, 'personId', 'The person');
const clearanceIdOf = (request: FastifyRequest) => idParam(request, 'clearanceId', 'The clearance');
const personUrl = (contractId: string, personId: string) => `/contracts/${contractId}/personnel/${personId}`;

const RECORD_DATES = [
  { name: 'grantedOn', label: 'the date it was granted' },
  { name: 'expiresOn', label: 'the review or expiry date', optional: true },
] as const;
const RENEW_DATES = [
  { name: 'grantedOn', label: 'the date it was renewed' },
  { name: 'expiresOn', label: 'the new review or expiry date', optional: true },
] as const;

/** A person's clearances, recorded, renewed and ended by the Agency security manager (the person page shows them). */
export function clearancesWeb(app: FastifyInstance, { clearances, personnel, contracts }: ClearancesWebDeps): void {
  const subject = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const person = await personnel.get(contract.id, personIdOf(request));
    return { contract, person, backLink: { href: `${personUrl(contract.id, person.id)}#clearances` } };
  };
  const chosen = (request: FastifyRequest, name: string) => ((request.body ?? {}) as Record<string, unknown>)[name];

  const recordPage = async (request: FastifyRequest) => {
    const s = await subject(request);
    return {
      ...s,
      pageTitle: `Record a clearance: ${s.person.name}`,
      levelItems: LEVELS.map((l) => ({ value: l, text: LEVEL_LABELS[l], checked: l === chosen(request, 'level') })),
      periods: await clearances.periods.list(s.contract.id),
      levelLabels: LEVEL_LABELS,
    };
  };
  const clearancePage = async (request: FastifyRequest) => {
    const s = await subject(request);
    const clearance = await clearances.get(s.contract.id, s.person.id, clearanceIdOf(request));
    return { ...s, clearance, period: await clearances.periods.inForce(s.contract.id, clearance.level as Level) };
  };

  const base = '/contracts/:contractId/personnel/:personId/clearances';
  app.get(`${base}/new`, manageClearances, async (request, reply) =>
    reply.page('clearances/clearance-form.njk', { ...(await recordPage(request)), values: {} }),
  );
  app.post(base, manageClearances, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'clearances/clearance-form.njk', context: () => recordPage(request) },
      async () => {
        const { contract, person } = await subject(request);
        const c = await withFormDates(request.body, RECORD_DATES, (input) =>
          clearances.record(actorOf(request), contract.id, person.id, input),
        );
        return {
          redirect: `${personUrl(contract.id, person.id)}#clearances`,
          flash: `The ${c.level} clearance of ${person.name} was recorded`,
        };
      },
    ),
  );

  app.get(`${base}/:clearanceId/renew`, manageClearances, async (request, reply) => {
    const page = await clearancePage(request);
    return reply.page('clearances/renew-form.njk', {
      ...page,
      pageTitle: `Renew a clearance: ${page.person.name}`,
      values: {},
    });
  });
  app.post(`${base}/:clearanceId/renew`, manageClearances, async (request, reply) => {
    const page = await clearancePage(request);
    const context = async () => ({ ...page, pageTitle: `Renew a clearance: ${page.person.name}` });
    return submitForm(request, reply, { template: 'clearances/renew-form.njk', context }, async () => {
      const c = await withFormDates(request.body, RENEW_DATES, (input) =>
        clearances.renew(actorOf(request), page.contract.id, page.person.id, page.clearance.id, input),
      );
      return {
        redirect: `${personUrl(page.contract.id, page.person.id)}#clearances`,
        flash: `The renewal of the ${c.level} clearance of ${page.person.name} was recorded`,
      };
    });
  });

  const endPage = async (request: FastifyRequest) => {
    const page = await clearancePage(request);
    return {
      ...page,
      pageTitle: `A clearance withdrawn or lapsed: ${page.person.name}`,
      statusItems: ENDINGS.map((e) => ({
        value: e,
        text: STATUS_LABELS[e],
        hint: { text: ENDING_HINTS[e] },
        checked: e === chosen(request, 'status'),
      })),
    };
  };
  app.get(`${base}/:clearanceId/end`, manageClearances, async (request, reply) =>
    reply.page('clearances/end-form.njk', { ...(await endPage(request)), values: {} }),
  );
  app.post(`${base}/:clearanceId/end`, manageClearances, async (request, reply) => {
    const page = await endPage(request);
    return submitForm(request, reply, { template: 'clearances/end-form.njk', context: async () => page }, async () => {
      const c = await withFormDates(request.body, [{ name: 'endedOn', label: 'the date' }], (input) =>
        clearances.end(actorOf(request), page.contract.id, page.person.id, page.clearance.id, input),
      );
      return {
        redirect: `${personUrl(page.contract.id, page.person.id)}#clearances`,
        flash: `The ${c.level} clearance of ${page.person.name} is recorded as ${c.status}`,
      };
    });
  });

  // Assigning catalogue roles from the person page.
  app.post('/contracts/:contractId/personnel/:personId/clearance-roles', manageClearances, async (request, reply) => {
    const roleId = String(((request.body ?? {}) as { roleId?: unknown }).roleId ?? '');
    const contractId = contractIdOf(request);
    const personId = personIdOf(request);
    if (!/^[0-9a-f-]{36}$/i.test(roleId)) {
      reply.flash('Select a role to assign', 'information');
      return reply.redirect(`${personUrl(contractId, personId)}#clearance-roles`, 303);
    }
    const { role, person } = await clearances.roles.assign(actorOf(request), contractId, roleId, personId);
    reply.flash(`${person.name} now has the role ${role.title}`);
    return reply.redirect(`${personUrl(contractId, personId)}#clearance-roles`, 303);
  });
  app.post(
    '/contracts/:contractId/personnel/:personId/clearance-roles/:roleId/remove',
    manageClearances,
    async (request, reply) => {
      const roleId = idParam(request, 'roleId', 'The role');
      const { role, person } = await clearances.roles.unassign(
        actorOf(request),
        contractIdOf(request),
        roleId,
        personIdOf(request),
      );
      reply.flash(`${person.name} no longer has the role ${role.title}`);
      return reply.redirect(`${personUrl(person.contractId, person.id)}#clearance-roles`, 303);
    },
  );
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { withDateInput } from '../../platform/validation/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import {
  ACCESS_LEVELS,
  CAUSE_LABELS,
  EXCEPTION_KIND_LABELS,
  GRANT_STATUS_LABELS,
  LEVEL_LABELS,
  PRIVILEGED_LEVELS,
  type Grant,
} from './access-grants.schemas.ts';
import type { AccessGrantsService } from './access-grants.service.ts';

export interface AccessWebDeps {
  accessGrants: AccessGrantsService;
  contracts: ContractsService;
  personnel: PersonnelService;
  systems: SystemsService;
  deadlines: DeadlinesService;
}

export const view = { config: { permission: 'contract:access:view' as const } };
export const manage = { config: { permission: 'contract:access:manage' as const } };
export const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');
export const grantIdOf = (request: FastifyRequest) => idParam(request, 'grantId', 'The access grant');
export const accessUrl = (contractId: string) => `/contracts/${contractId}/access`;
const PAGE_SIZE = 200;

/** Words every access page uses. */
export const labels = {
  levelLabels: LEVEL_LABELS,
  statusLabels: GRANT_STATUS_LABELS,
  causeLabels: CAUSE_LABELS,
  exceptionLabels: EXCEPTION_KIND_LABELS,
};

/** Grants with the revocation clock of each being revoked (or revoked on a clock): due date, explanation, status. */
export async function withClocks(deadlines: DeadlinesService, grants: Grant[]) {
  return Promise.all(
    grants.map(async (g) => ({
      ...g,
      privileged: PRIVILEGED_LEVELS.includes(g.level),
      clock: g.revocation?.deadlineId ? await deadlines.get(g.revocation.deadlineId) : undefined,
    })),
  );
}

/** The contract's access: every grant (a page at a time), the revocations under way, and the per-system view. */
export function accessGrantsWeb(app: FastifyInstance, deps: AccessWebDeps): void {
  const { accessGrants, contracts, personnel, systems, deadlines } = deps;

  // The per-person page shows this person's grants, clocks and exceptions (personnel's page includes the partial).
  personnel.personPage.register({
    template: 'access-grants/_person.njk',
    order: 30,
    async context(contractId, personId, can) {
      if (!can('contract:access:view')) return undefined;
      const [grants, exceptions] = await Promise.all([
        accessGrants.list(contractId, { personId }),
        accessGrants.exceptions.list(contractId, { personId }),
      ]);
      return {
        grants: await withClocks(deadlines, grants),
        exceptions,
        canManage: can('contract:access:manage'),
        ...labels,
      };
    },
  });

  app.get('/contracts/:contractId/access', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const q = (request.query ?? {}) as Record<string, unknown>;
    const all = await accessGrants.list(contract.id);
    const [underWay, exceptions, reviews] = await Promise.all([
      withClocks(
        deadlines,
        all.filter((g) => g.status === 'revoking'),
      ),
      accessGrants.exceptions.list(contract.id),
      accessGrants.reviews.list(contract.id),
    ]);
    const held = all.filter((g) => g.status !== 'revoked');
    const pages = Math.max(1, Math.ceil(held.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(String(q.page ?? '1'), 10) || 1));
    return reply.page('access-grants/list.njk', {
      pageTitle: `Access: ${contract.orderReference}`,
      contract,
      grants: held.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: held.length,
      underWay,
      revoked: (
        await withClocks(
          deadlines,
          all.filter((g) => g.status === 'revoked'),
        )
      )
        .slice(-50)
        .reverse(),
      openExceptions: exceptions.filter((e) => e.status === 'open').length,
      lastReview: reviews[0],
      systems: (await systems.list(contract.id)).filter((s) => !s.retiredAt),
      pagination: pages > 1 && {
        ...(page > 1 && { previous: { href: `?page=${page - 1}` } }),
        ...(page < pages && { next: { href: `?page=${page + 1}` } }),
        items: Array.from({ length: pages }, (_, i) => ({
          number: i + 1,
          href: `?page=${i + 1}`,
          current: i + 1 === page,
        })),
      },
      canManage: request.access.can('contract:access:manage'),
      ...labels,
      backLink: { href: `/contracts/${contract.id}`, text: 'Back to the contract' },
    });
  });

  app.get('/contracts/:contractId/access/systems/:systemId', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const system = await systems.get(contract.id, idParam(request, 'systemId', 'The system'));
    const grants = await withClocks(deadlines, await accessGrants.list(contract.id, { systemId: system.id }));
    return reply.page('access-grants/system.njk', {
      pageTitle: `Access to ${system.name}`,
      contract,
      system,
      grants,
      canManage: request.access.can('contract:access:manage'),
      ...labels,
      backLink: { href: accessUrl(contract.id), text: 'Back to Access' },
    });
  });

  const formPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const q = (request.query ?? {}) as Record<string, unknown>;
    const [people, sys] = await Promise.all([personnel.list(contract.id), systems.list(contract.id)]);
    const chosen = (name: string) => String(body[name] ?? q[name] ?? '');
    return {
      pageTitle: 'Record access granted',
      contract,
      personItems: [
        { value: '', text: 'Select a person' },
        ...people
          .filter((p) => p.status !== 'left' && p.status !== 'leaving')
          .map((p) => ({
            value: p.id,
            text: `${p.name} (${p.jobTitle})${p.checks.complete ? '' : ': checks not complete'}`,
            selected: p.id === chosen('personId'),
          })),
      ],
      systemItems: [
        { value: '', text: 'Select a system' },
        ...sys
          .filter((s) => !s.retiredAt)
          .map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen('systemId') })),
      ],
      levelItems: ACCESS_LEVELS.map((l) => ({ value: l, text: LEVEL_LABELS[l], checked: l === chosen('level') })),
      backLink: { href: accessUrl(contract.id) },
    };
  };

  app.get('/contracts/:contractId/access/new', manage, async (request, reply) =>
    reply.page('access-grants/form.njk', { ...(await formPage(request)), values: {} }),
  );

  app.post('/contracts/:contractId/access', manage, async (request, reply) =>
    submitForm(request, reply, { template: 'access-grants/form.njk', context: () => formPage(request) }, async () => {
      const g = await withDateInput(request.body, 'grantedOn', 'the date access was granted', (input) =>
        accessGrants.grant(actorOf(request), contractIdOf(request), input),
      );
      return {
        redirect: `${accessUrl(g.contractId)}/grants/${g.id}`,
        flash: `${g.personName}’s ${g.level} access to ${g.systemName} was recorded`,
      };
    }),
  );

  app.get('/contracts/:contractId/access/grants/:grantId', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const [grant] = await withClocks(deadlines, [await accessGrants.get(contract.id, grantIdOf(request))]);
    const exceptions = (await accessGrants.exceptions.list(contract.id, { personId: grant!.personId })).filter(
      (e) => e.grantId === grant!.id,
    );
    return reply.page('access-grants/grant.njk', {
      pageTitle: `${grant!.personName}: ${grant!.systemName}`,
      contract,
      grant,
      exceptions,
      canManage: request.access.can('contract:access:manage'),
      canAgree: request.access.can('contract:access:exceptions:agree'),
      ...labels,
      backLink: { href: accessUrl(contract.id), text: 'Back to Access' },
    });
  });
}

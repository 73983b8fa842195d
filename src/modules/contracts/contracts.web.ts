import { DIVISION_LABELS } from '../../platform/calendar/index.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, CONTRACT_ROLES, ROLE_LABELS } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { withDateInput } from '../../platform/validation/index.ts';
import type { ContractsPluginOptions } from './contracts.options.ts';
import type { Contract } from './contracts.schemas.ts';
import { setupSteps } from './setup-steps.ts';
import { removeRoleStep } from './remove-role-step.ts';

const contractId = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');

const dateParts = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return { 'startDate-day': String(Number(d)), 'startDate-month': String(Number(m)), 'startDate-year': y };
};

/** Contract list and overview for everyone with a role; creation, editing and members for administrators. */
export function contractsWeb(app: FastifyInstance, deps: ContractsPluginOptions): void {
  const { contracts, organisations, users, contractLinks } = deps;

  const formChoices = async (values: Record<string, unknown> = {}) => {
    const orgs = await organisations.list();
    const representatives = await contracts.representativeCandidates();
    const select = (kind: string, key: string, prompt: string) => [
      { value: '', text: prompt },
      ...orgs
        .filter((o) => o.kind === kind)
        .map((o) => ({ value: o.id, text: o.name, selected: o.id === values[key] })),
    ];
    return {
      divisionLabels: DIVISION_LABELS,
      agencyItems: select('agency', 'agencyOrganisationId', 'Select the Agency'),
      clientItems: select('client', 'clientOrganisationId', 'Select the Client'),
      oversightItems: select('oversight', 'oversightOrganisationId', 'None'),
      representativeItems: [
        { value: '', text: 'Not named yet' },
        ...representatives.map(({ user: u, organisation }) => ({
          value: u.id,
          text: `${u.displayName} – ${organisation.name}`,
          selected: u.id === values.clientRepresentativeUserId,
        })),
      ],
    };
  };

  const partyNames = async (list: Contract[]) => {
    const ids = [
      ...new Set(
        list.flatMap((c) =>
          [c.agencyOrganisationId, c.clientOrganisationId, c.oversightOrganisationId].filter((x): x is string =>
            Boolean(x),
          ),
        ),
      ),
    ];
    return Object.fromEntries((await organisations.list({ ids })).map((o) => [o.id, o.name]));
  };

  app.get('/contracts', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const p = request.principal;
    if (p.kind !== 'user') throw new Error('signed-in route without a user');
    const list = await contracts.listVisibleTo(p.user);
    // A system administrator lands here after first-run setup: until the basics exist, say what comes next.
    const steps = p.user.isSystemAdmin ? await setupSteps({ ...deps, admin: p.user }) : [];
    const waiting = await deps.waiting.forUser(
      p.user.id,
      list.map((c) => c.id),
    );
    return reply.page('contracts/list.njk', {
      pageTitle: 'Contracts',
      contracts: list,
      waiting: Object.fromEntries(waiting),
      names: await partyNames(list),
      setupSteps: steps.every((s) => s.done) ? undefined : steps,
    });
  });

  app.get('/contracts/:contractId', { config: { permission: 'contract:view' } }, async (request, reply) => {
    const contract = await contracts.get(contractId(request));
    const names = await partyNames([contract]);
    const canSeeMembers = request.access.can('contract:members:view');
    const members = canSeeMembers ? await contracts.memberships(contract.id) : [];
    const people = Object.fromEntries(
      (
        await users.list({
          ids: [...new Set([...members.map((m) => m.userId), contract.clientRepresentativeUserId ?? ''])].filter(
            Boolean,
          ),
        })
      ).map((u) => [u.id, u]),
    );
    return reply.page('contracts/overview.njk', {
      divisionLabels: DIVISION_LABELS,
      pageTitle: `${contract.orderReference}: ${contract.title}`,
      contract,
      names,
      members,
      people,
      canSeeMembers,
      canManageStaff: request.access.can('contract:staff:manage'),
      links: contractLinks.filter((l) => request.access.can(l.permission)),
      myRoles: request.access.roles,
      isAdmin: request.access.privileged,
    });
  });

  const admin = (permission: 'contracts:manage' | 'memberships:manage') => ({ config: { permission } });

  app.get('/admin/contracts/new', admin('contracts:manage'), async (_request, reply) =>
    reply.page('contracts/form.njk', {
      pageTitle: 'Add a contract',
      isNew: true,
      values: { securityPolicyApplies: 'no', oversightMayEnforce: 'no', workingDayDivision: 'england-and-wales' },
      ...(await formChoices()),
      backLink: { href: '/contracts' },
    }),
  );

  app.post('/admin/contracts', admin('contracts:manage'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(
      request,
      reply,
      {
        template: 'contracts/form.njk',
        context: async () => ({ pageTitle: 'Add a contract', isNew: true, ...(await formChoices(body)) }),
      },
      async () => {
        const contract = await withDateInput(body, 'startDate', 'the Start Date', (input) =>
          contracts.create(actorOf(request), input),
        );
        return { redirect: `/contracts/${contract.id}`, flash: `Contract ${contract.orderReference} was added` };
      },
    );
  });

  app.get('/admin/contracts/:contractId/edit', admin('contracts:manage'), async (request, reply) => {
    const contract = await contracts.get(contractId(request));
    const values = {
      ...contract,
      ...dateParts(contract.startDate),
      securityPolicyApplies: contract.securityPolicyApplies ? 'yes' : 'no',
      oversightMayEnforce: contract.oversightMayEnforce ? 'yes' : 'no',
    };
    return reply.page('contracts/form.njk', {
      pageTitle: `Change ${contract.orderReference}`,
      contract,
      values,
      ...(await formChoices(values)),
      backLink: { href: `/contracts/${contract.id}` },
    });
  });

  app.post('/admin/contracts/:contractId', admin('contracts:manage'), async (request, reply) => {
    const id = contractId(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(
      request,
      reply,
      {
        template: 'contracts/form.njk',
        context: async () => ({
          pageTitle: 'Change contract',
          contract: await contracts.get(id),
          ...(await formChoices(body)),
        }),
      },
      async () => {
        await withDateInput(body, 'startDate', 'the Start Date', (input) =>
          contracts.update(actorOf(request), id, input),
        );
        return { redirect: `/contracts/${id}`, flash: 'The contract was updated' };
      },
    );
  });

  const membersPage = async (id: string) => {
    const contract = await contracts.get(id);
    const members = await contracts.memberships(id);
    const candidates = await contracts.roleCandidates(id);
    const people = Object.fromEntries((await users.list({ ids: members.map((m) => m.userId) })).map((u) => [u.id, u]));
    return {
      pageTitle: `Roles on ${contract.orderReference}`,
      contract,
      members,
      people,
      names: await partyNames([contract]),
      personItems: [
        { value: '', text: 'Select a person' },
        ...candidates.map((u) => ({ value: u.id, text: `${u.displayName} (${u.email})` })),
      ],
      roleItems: CONTRACT_ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })),
      backLink: { href: `/contracts/${id}`, text: 'Back to the contract' },
    };
  };

  app.get('/admin/contracts/:contractId/members', admin('memberships:manage'), async (request, reply) =>
    reply.page('contracts/members.njk', { ...(await membersPage(contractId(request))), values: {} }),
  );

  app.post('/admin/contracts/:contractId/members', admin('memberships:manage'), async (request, reply) => {
    const id = contractId(request);
    return submitForm(
      request,
      reply,
      { template: 'contracts/members.njk', context: () => membersPage(id) },
      async () => {
        await contracts.grant(actorOf(request), id, request.body);
        return { redirect: `/admin/contracts/${id}/members`, flash: 'The role was given' };
      },
    );
  });

  app.get(
    '/admin/contracts/:contractId/members/:membershipId/remove',
    admin('memberships:manage'),
    async (request, reply) => {
      const id = contractId(request);
      return removeRoleStep(reply, deps, {
        contractId: id,
        membershipId: idParam(request, 'membershipId', 'The role'),
        listPath: `/admin/contracts/${id}/members`,
      });
    },
  );

  app.post(
    '/admin/contracts/:contractId/members/:membershipId/remove',
    admin('memberships:manage'),
    async (request, reply) => {
      const id = contractId(request);
      await contracts.revoke(actorOf(request), id, idParam(request, 'membershipId', 'The role'));
      reply.flash('The role was removed');
      return reply.redirect(`/admin/contracts/${id}/members`, 303);
    },
  );
}

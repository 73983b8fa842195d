import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { confirmPage, idParam, submitForm } from '../../platform/http/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { CLEARANCES, CLEARANCE_LABELS, type System } from './systems.schemas.ts';
import type { SystemsService } from './systems.service.ts';

export interface SystemsWebDeps {
  systems: SystemsService;
  contracts: ContractsService;
}

const view = { config: { permission: 'contract:systems:view' as const } };
const manage = { config: { permission: 'contract:systems:manage' as const } };
const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');
const systemIdOf = (request: FastifyRequest) => idParam(request, 'systemId', 'The system');

/** The form's values for a system: the radios take 'yes' and 'no'. */
const formValues = (s: System) => ({
  name: s.name,
  owner: s.owner,
  hosting: s.hosting,
  holdsGovernmentData: s.holdsGovernmentData ? 'yes' : 'no',
  privileged: s.privileged ? 'yes' : 'no',
  clearance: s.clearance,
  notes: s.notes,
});

/** The systems register of a contract: read by both parties, kept by the Agency security manager. */
export function systemsWeb(app: FastifyInstance, { systems, contracts }: SystemsWebDeps): void {
  const listUrl = (contractId: string) => `/contracts/${contractId}/systems`;
  const clearanceItems = (selected?: unknown) =>
    CLEARANCES.map((c) => ({ value: c, text: CLEARANCE_LABELS[c], checked: c === selected }));

  const formPage = async (request: FastifyRequest, system?: System) => {
    const contract = await contracts.get(contractIdOf(request));
    const selected = ((request.body ?? {}) as { clearance?: unknown }).clearance ?? system?.clearance;
    return {
      pageTitle: system ? `Change ${system.name}` : 'Add a system',
      contract,
      system,
      clearanceItems: clearanceItems(selected),
      backLink: { href: listUrl(contract.id) },
    };
  };

  app.get('/contracts/:contractId/systems', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const all = await systems.list(contract.id);
    return reply.page('systems/list.njk', {
      pageTitle: `Systems: ${contract.orderReference}`,
      contract,
      inService: all.filter((s) => !s.retiredAt),
      retired: all.filter((s) => s.retiredAt),
      clearanceLabels: CLEARANCE_LABELS,
      canManage: request.access.can('contract:systems:manage'),
      backLink: { href: `/contracts/${contract.id}`, text: 'Back to the contract' },
    });
  });

  app.get('/contracts/:contractId/systems/new', manage, async (request, reply) =>
    reply.page('systems/form.njk', { ...(await formPage(request)), values: {} }),
  );

  app.post('/contracts/:contractId/systems', manage, async (request, reply) =>
    submitForm(request, reply, { template: 'systems/form.njk', context: () => formPage(request) }, async () => {
      const system = await systems.create(actorOf(request), contractIdOf(request), request.body);
      return { redirect: listUrl(system.contractId), flash: `${system.name} was added to the register` };
    }),
  );

  app.get('/contracts/:contractId/systems/:systemId/edit', manage, async (request, reply) => {
    const system = await systems.get(contractIdOf(request), systemIdOf(request));
    return reply.page('systems/form.njk', { ...(await formPage(request, system)), values: formValues(system) });
  });

  app.post('/contracts/:contractId/systems/:systemId', manage, async (request, reply) => {
    const system = await systems.get(contractIdOf(request), systemIdOf(request));
    return submitForm(
      request,
      reply,
      { template: 'systems/form.njk', context: () => formPage(request, system) },
      async () => {
        const updated = await systems.update(actorOf(request), system.contractId, system.id, request.body);
        return { redirect: listUrl(updated.contractId), flash: `${updated.name} was changed` };
      },
    );
  });

  app.get('/contracts/:contractId/systems/:systemId/retire', manage, async (request, reply) => {
    const system = await systems.get(contractIdOf(request), systemIdOf(request));
    if (system.retiredAt) {
      reply.flash(`${system.name} is already retired`, 'information');
      return reply.redirect(listUrl(system.contractId), 303);
    }
    return confirmPage(reply, {
      question: `Retire ${system.name}?`,
      caption: (await contracts.get(system.contractId)).orderReference,
      consequences: [
        `${system.name} is taken out of service: it stays in the register, marked retired, for what refers to it, and its record can no longer change. This cannot be undone.`,
      ],
      action: `${listUrl(system.contractId)}/${system.id}/retire`,
      button: 'Retire the system',
      cancelHref: listUrl(system.contractId),
    });
  });

  app.post('/contracts/:contractId/systems/:systemId/retire', manage, async (request, reply) => {
    const retired = await systems.retire(actorOf(request), contractIdOf(request), systemIdOf(request));
    reply.flash(`${retired.name} was retired: it stays in the register for what refers to it`);
    return reply.redirect(listUrl(retired.contractId), 303);
  });
}

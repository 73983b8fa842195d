import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { SmpSettingsService } from './smp-settings.service.ts';

export interface SmpSettingsWebDeps {
  smpSettings: SmpSettingsService;
  contracts: ContractsService;
}

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');

/** What the plan page says of the settings, to those who read every version, and whether the reader may change them. */
export async function settingsPanel(request: FastifyRequest, settings: SmpSettingsService, contractId: string) {
  if (!request.access.can('contract:smp:versions')) return {};
  return {
    formaliseWithinDays: (await settings.get(contractId)).formaliseWithinDays,
    canChangeSettings: request.access.can('contract:smp:settings'),
  };
}

/** The plan's settings page: the Working Days to formalise a fast-tracked change (clause 4.4.4), set by either lead. */
export function smpSettingsWeb(app: FastifyInstance, deps: SmpSettingsWebDeps): void {
  const { smpSettings, contracts } = deps;
  const perm = { config: { permission: 'contract:smp:settings' as const } };

  const page = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const current = await smpSettings.get(contract.id);
    return {
      pageTitle: 'Plan settings',
      contract,
      values: { formaliseWithinDays: String(current.formaliseWithinDays) },
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  app.get('/contracts/:contractId/smp/settings', perm, async (request, reply) =>
    reply.page('security-management-plan/settings.njk', await page(request)),
  );

  app.post('/contracts/:contractId/smp/settings', perm, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'security-management-plan/settings.njk', context: () => page(request) },
      async () => {
        const contractId = contractIdOf(request);
        const s = await smpSettings.update(actorOf(request), contractId, request.body);
        return {
          redirect: `/contracts/${contractId}/smp`,
          flash: `A fast-tracked change is now to be formalised within ${s.formaliseWithinDays} Working Days`,
        };
      },
    ),
  );
}

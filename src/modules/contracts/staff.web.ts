import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { ContractsPluginOptions } from './contracts.options.ts';
import { removeRoleStep } from './remove-role-step.ts';

const manage = { config: { permission: 'contract:staff:manage' as const } };
const contractId = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');

/**
 * The Agency security manager's own staff list for a contract: give and remove the Agency staff role
 * without waiting for an administrator, so a leaver's access ends the same day (clause B6).
 */
export function staffWeb(app: FastifyInstance, deps: ContractsPluginOptions): void {
  const { contracts, users } = deps;

  const staffPage = async (id: string) => {
    const contract = await contracts.get(id);
    const staff = (await contracts.memberships(id)).filter((m) => m.role === 'agency-staff');
    const people = Object.fromEntries((await users.list({ ids: staff.map((m) => m.userId) })).map((u) => [u.id, u]));
    const candidates = await contracts.staffCandidates(id);
    return {
      pageTitle: `Agency staff on ${contract.orderReference}`,
      contract,
      staff,
      people,
      personItems: [
        { value: '', text: 'Select a person' },
        ...candidates.map((u) => ({ value: u.id, text: `${u.displayName} (${u.email})` })),
      ],
      backLink: { href: `/contracts/${id}`, text: 'Back to the contract' },
    };
  };

  app.get('/contracts/:contractId/staff', manage, async (request, reply) =>
    reply.page('contracts/staff.njk', { ...(await staffPage(contractId(request))), values: {} }),
  );

  app.post('/contracts/:contractId/staff', manage, async (request, reply) => {
    const id = contractId(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(request, reply, { template: 'contracts/staff.njk', context: () => staffPage(id) }, async () => {
      await contracts.grant(actorOf(request), id, { userId: body.userId, role: 'agency-staff' });
      return { redirect: `/contracts/${id}/staff`, flash: 'The person now has the Agency staff role on this contract' };
    });
  });

  app.get('/contracts/:contractId/staff/:membershipId/remove', manage, async (request, reply) => {
    const id = contractId(request);
    return removeRoleStep(reply, deps, {
      contractId: id,
      membershipId: idParam(request, 'membershipId', 'The role'),
      listPath: `/contracts/${id}/staff`,
    });
  });

  app.post('/contracts/:contractId/staff/:membershipId/remove', manage, async (request, reply) => {
    const id = contractId(request);
    await contracts.revoke(actorOf(request), id, idParam(request, 'membershipId', 'The role'));
    reply.flash('The Agency staff role was removed. The person lost access to this contract at once.');
    return reply.redirect(`/contracts/${id}/staff`, 303);
  });
}

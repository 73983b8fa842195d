import type { FastifyReply } from 'fastify';
import { ROLE_LABELS } from '../../platform/auth/index.ts';
import { confirmPage } from '../../platform/http/index.ts';
import { NotFoundError } from '../../platform/kernel/index.ts';
import type { ContractsService } from './contracts.service.ts';
import type { UsersService } from '../accounts/index.ts';

/**
 * The confirm step before a role is taken from someone on a contract (the administrator's members
 * page and the security manager's staff page): who loses what, before the POST that removes it.
 */
export async function removeRoleStep(
  reply: FastifyReply,
  deps: { contracts: ContractsService; users: UsersService },
  where: { contractId: string; membershipId: string; listPath: string },
): Promise<FastifyReply> {
  const contract = await deps.contracts.get(where.contractId);
  const m = (await deps.contracts.memberships(contract.id)).find((x) => x.id === where.membershipId);
  if (!m) throw new NotFoundError('The role');
  const [person] = await deps.users.list({ ids: [m.userId] });
  const name = person?.displayName ?? 'this person';
  return confirmPage(reply, {
    question: `Remove the ${ROLE_LABELS[m.role]} role from ${name}?`,
    caption: `${contract.orderReference}: ${contract.title}`,
    consequences: [
      `${name} loses what this role lets them see and do on the contract at once. The removal is recorded in the audit log; to give the role back, add it again.`,
    ],
    action: `${where.listPath}/${m.id}/remove`,
    button: 'Remove the role',
    cancelHref: where.listPath,
  });
}

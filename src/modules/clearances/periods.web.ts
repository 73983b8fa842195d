import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { submitForm } from '../../platform/http/index.ts';
import { LEVEL_LABELS } from './clearance-levels.ts';
import { contractIdOf, manageClearances, type ClearancesWebDeps } from './clearances.web.ts';

const levelParam = (request: FastifyRequest) => String((request.params as { level?: unknown }).level ?? '');

/** The contract's own review or expiry period for a level, set by the Agency security manager. */
export function periodsWeb(app: FastifyInstance, { clearances, contracts }: ClearancesWebDeps): void {
  const formPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const level = clearances.periods.levelOf(levelParam(request));
    const period = await clearances.periods.inForce(contract.id, level);
    return {
      pageTitle: `The review or expiry period of ${level}`,
      contract,
      period,
      label: LEVEL_LABELS[level],
      backLink: { href: `/contracts/${contract.id}/clearances#periods` },
    };
  };
  const path = '/contracts/:contractId/clearances/periods/:level';

  app.get(path, manageClearances, async (request, reply) => {
    const page = await formPage(request);
    const values =
      page.period.from === 'contract' ? { years: String(page.period.years ?? 'none'), basis: page.period.source } : {};
    return reply.page('clearances/period-form.njk', { ...page, values });
  });
  app.post(path, manageClearances, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'clearances/period-form.njk', context: () => formPage(request) },
      async () => {
        const p = await clearances.periods.set(
          actorOf(request),
          contractIdOf(request),
          levelParam(request),
          request.body,
        );
        return {
          redirect: `/contracts/${contractIdOf(request)}/clearances#periods`,
          flash: `The period of ${p.level} on this contract is now ${p.years === null ? 'no fixed period' : `${p.years} years`}`,
        };
      },
    ),
  );
  app.post(`${path}/reset`, manageClearances, async (request, reply) => {
    const p = await clearances.periods.reset(actorOf(request), contractIdOf(request), levelParam(request));
    reply.flash(`The period of ${p.level} is Custodian’s default again`);
    return reply.redirect(`/contracts/${contractIdOf(request)}/clearances#periods`, 303);
  });
}

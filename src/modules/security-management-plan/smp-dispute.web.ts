import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { formatLong } from '../../platform/calendar/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { formatUkTimeInWords } from '../../platform/views/index.ts';
import { dateFromParts } from '../../platform/validation/index.ts';
import { ConflictError, ValidationError } from '../../platform/kernel/index.ts';
import { DISPUTE_OUTCOMES } from './smp.schemas.ts';
import type { SmpService } from './smp.service.ts';
import type { SmpDisputesTable } from './smp.tables.ts';

export interface SmpDisputeWebDeps {
  smp: SmpService;
  contracts: ContractsService;
  users: UsersService;
}

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const PARTY = { agency: 'the Agency', client: 'the Client' } as const;

/** The optional agreed date from its day, month and year boxes: empty boxes mean no date was agreed. */
function resubmitByOf(body: Record<string, unknown>): { value?: string; error?: string } {
  const empty = ['day', 'month', 'year'].every((p) => !String(body[`resubmitBy-${p}`] ?? '').trim());
  return empty ? {} : dateFromParts(body, 'resubmitBy', 'the date the Agency resubmits by');
}

/** The recorded outcome as summary-list rows: what, the agreed date, who recorded it and when. */
function recordRows(d: SmpDisputesTable, names: Record<string, string>) {
  const row = (key: string, text: string) => ({ key: { text: key }, value: { text } });
  return [
    row('Outcome', DISPUTE_OUTCOMES[d.outcome!]),
    {
      ...row('What the procedure decided', d.resolution ?? ''),
      value: { text: d.resolution ?? '', classes: 'custodian-lines' },
    },
    ...(d.outcome === 'amend-and-resubmit'
      ? [
          row(
            'The Agency resubmits by',
            d.resubmit_by ? formatLong(d.resubmit_by) : '10 Working Days after the outcome is confirmed (clause 4.3.2)',
          ),
        ]
      : []),
    row(
      'Recorded',
      `By ${names[d.recorded_by!] ?? 'a former user'} for ${PARTY[d.recorded_party!]}, ${formatUkTimeInWords(d.recorded_at!)}`,
    ),
    row('Confirmed', 'Not yet: awaiting the other party'),
  ];
}

/**
 * The end of the Dispute Resolution Procedure after a second refusal (clause 4.3.2), recorded by both
 * parties: either lead records the outcome, the other party's lead confirms or declines it.
 */
export function smpDisputeWeb(app: FastifyInstance, deps: SmpDisputeWebDeps): void {
  const { smp, contracts, users } = deps;
  const lead = { config: { permission: 'contract:smp:dispute' as const } };

  const disputePage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const { dispute, versions } = await smp.overview(contract.id);
    const names = Object.fromEntries(
      (await users.list({ ids: [dispute?.recorded_by, dispute?.declined_by].filter((x): x is string => !!x) })).map(
        (u) => [u.id, u.displayName],
      ),
    );
    const myParty = request.access.roles.includes('client-representative')
      ? 'client'
      : request.access.roles.includes('agency-security-manager')
        ? 'agency'
        : undefined;
    return {
      pageTitle: 'Outcome of the dispute',
      contract,
      dispute,
      version: versions.find((v) => v.id === dispute?.version_id),
      outcomes: DISPUTE_OUTCOMES,
      recordedParty: dispute?.recorded_party ? PARTY[dispute.recorded_party] : undefined,
      declinedBy: dispute?.declined_by ? (names[dispute.declined_by] ?? 'a former user') : undefined,
      // The other party's lead confirms or declines a record; the recording party waits.
      recordRows: dispute?.recorded_at ? recordRows(dispute, names) : [],
      mayConfirm: Boolean(myParty && dispute?.recorded_party && dispute.recorded_party !== myParty),
      values: {},
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };
  const page = (request: FastifyRequest) => `/contracts/${contractIdOf(request)}/smp/dispute`;
  /** A step someone else made stale, or the wrong party's: said on the page, not as an error page. */
  const orFlash = async (request: FastifyRequest, run: () => Promise<{ redirect: string; flash: string }>) => {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return { redirect: page(request), flash: err.message };
    }
  };

  app.get('/contracts/:contractId/smp/dispute', lead, async (request, reply) =>
    reply.page('security-management-plan/dispute.njk', await disputePage(request)),
  );

  app.post('/contracts/:contractId/smp/dispute', lead, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(
      request,
      reply,
      { template: 'security-management-plan/dispute.njk', context: () => disputePage(request) },
      async () =>
        orFlash(request, async () => {
          const date = body.outcome === 'amend-and-resubmit' ? resubmitByOf(body) : {};
          try {
            await smp
              .dispute(contractIdOf(request))
              .record(actorOf(request), { outcome: body.outcome, resolution: body.resolution, resubmitBy: date.value });
          } catch (err) {
            if (date.error && err instanceof ValidationError)
              throw new ValidationError({ ...err.fields, resubmitBy: date.error });
            throw err;
          }
          if (date.error) throw new ValidationError({ resubmitBy: date.error });
          return {
            redirect: page(request),
            flash: 'Recorded the outcome. It takes effect once the other party confirms it',
          };
        }),
    );
  });

  app.post('/contracts/:contractId/smp/dispute/confirm', lead, async (request, reply) => {
    const done = await orFlash(request, async () => {
      const d = await smp.dispute(contractIdOf(request)).confirm(actorOf(request));
      return {
        redirect: `/contracts/${contractIdOf(request)}/smp`,
        flash: `Confirmed the outcome: ${DISPUTE_OUTCOMES[d.outcome!].toLowerCase()}`,
      };
    });
    reply.flash(done.flash);
    return reply.redirect(done.redirect, 303);
  });

  app.post('/contracts/:contractId/smp/dispute/decline', lead, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'security-management-plan/dispute.njk', context: () => disputePage(request) },
      async () =>
        orFlash(request, async () => {
          await smp.dispute(contractIdOf(request)).decline(actorOf(request), request.body);
          return { redirect: page(request), flash: 'Declined the recorded outcome. The other party is told why' };
        }),
    ),
  );
}

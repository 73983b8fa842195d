import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import {
  CHECK_KINDS,
  CHECK_LABELS,
  CRIMINAL_RECORD_METHOD_LABELS,
  OUTCOME_LABELS,
  REQUIRED_CHECKS,
  type CheckRecord,
} from './checks.schemas.ts';
import { formValues, withPersonDates } from './person-form.ts';
import { PERSON_STATUSES, STATUS_LABELS, STATUS_RULE, type PersonStatus } from './person-status.ts';
import type { Person } from './personnel.schemas.ts';
import type { PersonnelService } from './personnel.service.ts';

export interface PersonnelWebDeps {
  personnel: PersonnelService;
  contracts: ContractsService;
}

export const view = { config: { permission: 'contract:personnel:view' as const } };
export const manage = { config: { permission: 'contract:personnel:manage' as const } };
export const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');
export const personIdOf = (request: FastifyRequest) => idParam(request, 'personId', 'The person');
export const registerUrl = (contractId: string) => `/contracts/${contractId}/personnel`;
const PAGE_SIZE = 200;

/** A criminal-record check's method in words (the others are written in words already). */
const withMethodLabel = (r: CheckRecord | undefined) =>
  r && { ...r, methodLabel: (CRIMINAL_RECORD_METHOD_LABELS as Record<string, string>)[r.method] };

/** The list's filters from the query string; anything unknown is ignored rather than refused. */
function filtersOf(query: unknown) {
  const q = (query ?? {}) as Record<string, unknown>;
  const status = PERSON_STATUSES.find((s) => s === q.status);
  const employer = typeof q.employer === 'string' && q.employer ? q.employer.slice(0, 200) : undefined;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(String(q.page ?? '1'), 10) || 1));
  return { status, employer, page };
}

/** The register of a contract's Agency Staff: read by both parties, kept by the Agency security manager. */
export function personnelWeb(app: FastifyInstance, { personnel, contracts }: PersonnelWebDeps): void {
  const formPage = async (request: FastifyRequest, person?: Person) => {
    const contract = await contracts.get(contractIdOf(request));
    const [accounts, agencyName] = await Promise.all([
      personnel.linkableAccounts(contract.id),
      personnel.agencyName(contract.id),
    ]);
    const selected = ((request.body ?? {}) as { userId?: unknown }).userId ?? person?.userId ?? '';
    return {
      pageTitle: person ? `Change ${person.name}` : 'Add a person',
      contract,
      person,
      agencyName,
      accountItems: [
        { value: '', text: 'No Custodian account' },
        ...accounts.map((u) => ({ value: u.id, text: `${u.displayName} (${u.email})`, selected: u.id === selected })),
      ],
      backLink: { href: person ? `${registerUrl(contract.id)}/${person.id}` : registerUrl(contract.id) },
    };
  };

  app.get('/contracts/:contractId/personnel', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const f = filtersOf(request.query);
    const [agencyName, subcontractors] = await Promise.all([
      personnel.agencyName(contract.id),
      personnel.subcontractors(contract.id),
    ]);
    const employer = f.employer === undefined ? undefined : f.employer === 'agency' ? null : f.employer;
    const people = await personnel.list(contract.id, { status: f.status as PersonStatus | undefined, employer });
    const pages = Math.max(1, Math.ceil(people.length / PAGE_SIZE));
    const page = Math.min(f.page, pages);
    const link = (n: number) =>
      `?${new URLSearchParams({ ...(f.status && { status: f.status }), ...(f.employer && { employer: f.employer }), page: String(n) })}`;
    return reply.page('personnel/list.njk', {
      pageTitle: `Agency Staff: ${contract.orderReference}`,
      contract,
      agencyName,
      people: people.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: people.length,
      filtered: Boolean(f.status || f.employer),
      statusItems: [
        { value: '', text: 'Any status' },
        ...PERSON_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s], selected: s === f.status })),
      ],
      employerItems: [
        { value: '', text: 'Any employer' },
        { value: 'agency', text: `${agencyName} (the Agency)`, selected: f.employer === 'agency' },
        ...subcontractors.map((s) => ({ value: s, text: s, selected: s === f.employer })),
      ],
      pagination: pages > 1 && {
        ...(page > 1 && { previous: { href: link(page - 1) } }),
        ...(page < pages && { next: { href: link(page + 1) } }),
        items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: link(i + 1), current: i + 1 === page })),
      },
      statusLabels: STATUS_LABELS,
      checkLabels: CHECK_LABELS,
      statusRule: STATUS_RULE,
      canManage: request.access.can('contract:personnel:manage'),
      backLink: { href: `/contracts/${contract.id}`, text: 'Back to the contract' },
    });
  });

  app.get('/contracts/:contractId/personnel/new', manage, async (request, reply) =>
    reply.page('personnel/form.njk', { ...(await formPage(request)), values: { employer: 'agency' } }),
  );

  app.post('/contracts/:contractId/personnel', manage, async (request, reply) =>
    submitForm(request, reply, { template: 'personnel/form.njk', context: () => formPage(request) }, async () => {
      const person = await withPersonDates(request.body, (input) =>
        personnel.create(actorOf(request), contractIdOf(request), input),
      );
      return {
        redirect: `${registerUrl(person.contractId)}/${person.id}`,
        flash: `${person.name} was added to the register`,
      };
    }),
  );

  app.get('/contracts/:contractId/personnel/:personId', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const person = await personnel.get(contract.id, personIdOf(request));
    const seesRecords = request.access.can('contract:personnel:checks:view');
    const [sections, agencyName, summary, records, accounts] = await Promise.all([
      personnel.personPage(contract.id, person.id, (p) => request.access.can(p)),
      personnel.agencyName(contract.id),
      personnel.checks.summary(contract.id, person.id),
      seesRecords ? personnel.checks.records(contract.id, person.id) : Promise.resolve([]),
      person.userId ? contracts.members(contract.id) : Promise.resolve([]),
    ]);
    return reply.page('personnel/person.njk', {
      ...sections,
      pageTitle: person.name,
      contract,
      person,
      agencyName,
      account: accounts.find((u) => u.id === person.userId),
      summary,
      seesRecords,
      checks: CHECK_KINDS.map((kind) => ({
        kind,
        label: CHECK_LABELS[kind],
        required: REQUIRED_CHECKS.includes(kind),
        record: withMethodLabel(records.find((r) => r.kind === kind)),
      })),
      statusLabels: STATUS_LABELS,
      checkLabels: CHECK_LABELS,
      outcomeLabels: OUTCOME_LABELS,
      canManage: request.access.can('contract:personnel:manage'),
      backLink: { href: registerUrl(contract.id), text: 'Back to Agency Staff' },
    });
  });

  app.get('/contracts/:contractId/personnel/:personId/edit', manage, async (request, reply) => {
    const person = await personnel.get(contractIdOf(request), personIdOf(request));
    return reply.page('personnel/form.njk', { ...(await formPage(request, person)), values: formValues(person) });
  });

  app.post('/contracts/:contractId/personnel/:personId', manage, async (request, reply) => {
    const person = await personnel.get(contractIdOf(request), personIdOf(request));
    return submitForm(
      request,
      reply,
      { template: 'personnel/form.njk', context: () => formPage(request, person) },
      async () => {
        const updated = await withPersonDates(request.body, (input) =>
          personnel.update(actorOf(request), person.contractId, person.id, input),
        );
        return { redirect: `${registerUrl(updated.contractId)}/${updated.id}`, flash: `${updated.name} was changed` };
      },
    );
  });
}

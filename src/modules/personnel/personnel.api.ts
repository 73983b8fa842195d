import { z } from 'zod';
import { actorOf } from '../../platform/auth/index.ts';
import { apiErrorOutput, apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import { CHECK_KINDS, CHECK_OUTCOMES } from './checks.schemas.ts';
import { asPersonInput } from './person-record.ts';
import { PERSON_STATUSES } from './person-status.ts';
import type { Person } from './personnel.schemas.ts';
import type { PersonnelService } from './personnel.service.ts';
import { staffImportApi } from './staff-import.api.ts';

const tags = ['Personnel'];
export const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });
const personParams = contractParams.extend({ personId: uuidParam('The person’s id') });

const checkSummary = z
  .object({
    complete: z.boolean().describe('Identity, unspent criminal convictions and right to work all passed (annex 6.1)'),
    missing: z.array(z.enum(CHECK_KINDS)).describe('The required checks not passed (yet): never why'),
  })
  .describe('What every reader of the register may know about the person’s pre-employment checks');

const personOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  employer: z.string().describe('The Agency’s name, or the named Subcontractor’s'),
  subcontractor: z.string().nullable().describe('The named Subcontractor employing them; null when the Agency does'),
  email: z.string().describe('Their work email, lower-cased'),
  jobTitle: z.string(),
  startDate: z.string().describe('YYYY-MM-DD'),
  endDate: z.string().nullable().describe('YYYY-MM-DD, their last working day, once known'),
  leaving: z.boolean().describe('Marked as leaving'),
  status: z.enum(PERSON_STATUSES).describe('Derived from the dates and the leaving mark on today’s UK date'),
  userId: z.uuid().nullable().describe('Their Custodian account, if linked'),
  externalId: z.string().nullable().describe('The HR or identity provider’s id (the CSV’s employee ID)'),
  checks: checkSummary,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const checkRecord = z.object({
  kind: z.enum(CHECK_KINDS),
  outcome: z.enum(CHECK_OUTCOMES),
  checkedOn: z.string(),
  checkedBy: z.string(),
  method: z.string(),
  evidenceRef: z.string().describe('Where the evidence is held (never a copy of it)'),
  recordedAt: z.string(),
});

const personBody = z
  .object({
    name: z.string(),
    email: z.string(),
    employer: z.enum(['agency', 'subcontractor']),
    subcontractor: z.string().optional().describe('The Subcontractor’s name, when employer is subcontractor'),
    jobTitle: z.string(),
    startDate: z.string().describe('YYYY-MM-DD'),
    endDate: z.string().nullable().optional().describe('YYYY-MM-DD, or null'),
    leaving: z.boolean().optional(),
    externalId: z.string().nullable().optional(),
    userId: z.uuid().nullable().optional().describe('An account of the Agency’s people on this contract'),
  })
  .describe('A person; the service checks each field and answers 422 with a message per field');

const writeErrors = {
  ...apiLookupErrors,
  422: apiErrorOutput.describe(
    'A field is missing or wrong, or the email or employee ID is already listed: `details.fields` says which',
  ),
};

/** The person as the API gives them: the employer named in words too. */
const out = (p: Person & { checks: z.infer<typeof checkSummary> }, agencyName: string) => {
  const { contractId: _, ...rest } = p;
  return { ...rest, employer: p.subcontractor ?? agencyName };
};
/** The contract's Agency Staff register for a token scoped to it. */
export const personnelApi = apiRoutes<{ personnel: PersonnelService }>((api, opts) => {
  const { personnel } = opts;
  const withChecks = async (contractId: string, p: Person) =>
    out({ ...p, checks: await personnel.checks.summary(contractId, p.id) }, await personnel.agencyName(contractId));

  api.get(
    '/api/v1/contracts/:contractId/personnel',
    {
      config: { permission: 'contract:personnel:view' },
      schema: {
        summary: 'List the Agency Staff register',
        description:
          'The people working on the contract for the Agency and its Subcontractors, by name, each with their status and whether their pre-employment checks are complete (not the checks themselves).',
        tags,
        params: contractParams,
        querystring: z.object({
          status: z.enum(PERSON_STATUSES).optional().describe('Only people of this status'),
          employer: z.string().max(200).optional().describe('`agency`, or a Subcontractor’s name'),
        }),
        response: { 200: dataOf(z.array(personOutput), 'The people'), ...apiLookupErrors },
      },
    },
    async (request) => {
      const { contractId } = request.params;
      const { status, employer } = request.query;
      const agencyName = await personnel.agencyName(contractId);
      const people = await personnel.list(contractId, {
        status,
        ...(employer !== undefined && { employer: employer === 'agency' ? null : employer }),
      });
      return { data: people.map((p) => out(p, agencyName)) };
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/personnel/:personId',
    {
      config: { permission: 'contract:personnel:view' },
      schema: {
        summary: 'Get a person on the register',
        description:
          'One person, with whether their pre-employment checks are complete and which are missing (never the records: see the person’s checks).',
        tags,
        params: personParams,
        response: { 200: dataOf(personOutput, 'The person'), ...apiLookupErrors },
      },
    },
    async (request) => {
      const { contractId, personId } = request.params;
      return { data: await withChecks(contractId, await personnel.get(contractId, personId)) };
    },
  );

  api.get(
    '/api/v1/contracts/:contractId/personnel/:personId/checks',
    {
      config: { permission: 'contract:personnel:checks:view' },
      schema: {
        summary: 'List a person’s pre-employment check records',
        description:
          'The records of annex 6.1’s checks, criminal-record outcomes among them: for the Agency security manager’s role only. Never copies of documents or details of convictions.',
        tags,
        params: personParams,
        response: {
          200: dataOf(z.array(checkRecord), 'The check records, in the order of annex 6.1'),
          ...apiLookupErrors,
        },
      },
    },
    async (request) => ({ data: await personnel.checks.records(request.params.contractId, request.params.personId) }),
  );

  api.post(
    '/api/v1/contracts/:contractId/personnel',
    {
      config: { permission: 'contract:personnel:manage' },
      schema: {
        summary: 'Add a person to the register',
        description:
          'Adds one person working on the contract for the Agency or a named Subcontractor. The work email (and the employee id, when given) must not already be on the register.',
        tags,
        params: contractParams,
        body: personBody.partial(),
        response: { 201: dataOf(personOutput, 'The person added'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { contractId } = request.params;
      const person = await personnel.create(actorOf(request), contractId, request.body);
      return reply.code(201).send({ data: await withChecks(contractId, person) });
    },
  );

  api.patch(
    '/api/v1/contracts/:contractId/personnel/:personId',
    {
      config: { permission: 'contract:personnel:manage' },
      schema: {
        summary: 'Change a person on the register',
        description: 'Changes the fields sent; the others keep their values.',
        tags,
        params: personParams,
        body: personBody.partial(),
        response: { 200: dataOf(personOutput, 'The person changed'), ...writeErrors },
      },
    },
    async (request) => {
      const { contractId, personId } = request.params;
      const before = await personnel.get(contractId, personId);
      const person = await personnel.update(actorOf(request), contractId, personId, {
        ...asPersonInput(before),
        ...request.body,
      });
      return { data: await withChecks(contractId, person) };
    },
  );

  staffImportApi(api, opts);
});

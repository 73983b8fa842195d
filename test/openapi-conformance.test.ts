import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract, aContractWithLeads, aUser } from './support/builders.ts';
import { dialectsUnderTest } from './support/databases.ts';
import { buildTestApp, type TestApp } from './support/test-app.ts';

type Schema = Record<string, unknown>;
type Response = { description: string; content?: Record<string, { schema: Schema }> };
type Operation = {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, Response>;
};
type Document = {
  servers?: { url: string }[];
  components: Record<string, unknown>;
  paths: Record<string, Record<string, Operation>>;
};

const admin = {
  type: 'user' as const,
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};
const UNKNOWN = '0190a0a0-0000-7000-8000-00000000dead';

/** One real request and the operation (OpenAPI path and method) it is an instance of. */
interface Sample {
  op: `${'get' | 'post' | 'patch' | 'delete'} /api/v1/${string}`;
  url: string;
  status: number;
  token?: string | null;
  headers?: Record<string, string>;
  payload?: string;
}

const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op })),
  );

for (const dialect of await dialectsUnderTest()) {
  describe(`the OpenAPI document, validated and held to real responses (${dialect})`, () => {
    let t: TestApp;
    let doc: Document;
    let samples: Sample[];

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();

      const c = await aContractWithLeads(t);
      const other = await aContract(t);
      const staff = await aUser(t, c.agency.id);
      const token = async (role: string) =>
        (
          await t.services.apiTokens.create(admin, {
            name: role,
            contractId: c.contract.id,
            role,
            expiresOn: '2027-06-30',
          })
        ).secret;
      const auditor = await token('auditor');
      const manager = await token('agency-security-manager');
      await t.services.systems.create(c.agencyActor, c.contract.id, {
        name: 'Payroll',
        owner: 'Finance',
        hosting: 'On premises, Leeds',
        holdsGovernmentData: 'no',
        privileged: 'no',
        clearance: 'BPSS',
        notes: 'Monthly runs only',
      });
      const person = await t.services.personnel.create(c.agencyActor, c.contract.id, {
        name: 'Alice Ng',
        email: 'alice@agency.example',
        employer: 'agency',
        jobTitle: 'Engineer',
        startDate: '2026-03-01',
      });
      const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
      const findings = (await t.services.smp.completeness(c.contract.id, draft.content)).length;
      await t.services.auditTree.checkpoint();
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/contracts/${c.contract.id}/audit-events`,
        headers: { authorization: `Bearer ${auditor}` },
      });
      const seq = (list.json() as { data: { seq: number }[] }).data.at(-1)!.seq;
      const granted = await t.services.contracts.grant(admin, c.contract.id, {
        userId: staff.id,
        role: 'agency-staff',
      });

      const on = `/api/v1/contracts/${c.contract.id}`;
      const json = { 'content-type': 'application/json' };
      const removeOp = 'delete /api/v1/contracts/{contractId}/memberships/{membershipId}' as const;
      /** Giving a role with the manager's token: the body and the answer expected. */
      const grant = (status: number, payload: string, headers: Record<string, string> = json): Sample => ({
        op: 'post /api/v1/contracts/{contractId}/memberships',
        url: `${on}/memberships`,
        status,
        token: manager,
        headers,
        payload,
      });
      samples = [
        // api-tokens
        { op: 'get /api/v1/token', url: '/api/v1/token', status: 200, token: auditor },
        { op: 'get /api/v1/token', url: '/api/v1/token', status: 401, token: null },
        // contracts and parties
        { op: 'get /api/v1/contracts', url: '/api/v1/contracts', status: 200 },
        { op: 'get /api/v1/contracts', url: '/api/v1/contracts?q=%00', status: 400 },
        { op: 'get /api/v1/contracts/{contractId}', url: on, status: 200 },
        { op: 'get /api/v1/contracts/{contractId}', url: `/api/v1/contracts/${other.contract.id}`, status: 403 },
        { op: 'get /api/v1/contracts/{contractId}', url: '/api/v1/contracts/not-a-uuid', status: 422 },
        { op: 'get /api/v1/contracts/{contractId}/memberships', url: `${on}/memberships`, status: 200 },
        { op: 'get /api/v1/organisations', url: '/api/v1/organisations', status: 200 },
        { op: 'get /api/v1/organisations/{organisationId}', url: `/api/v1/organisations/${c.agency.id}`, status: 200 },
        { op: 'get /api/v1/organisations/{organisationId}', url: `/api/v1/organisations/${UNKNOWN}`, status: 404 },
        { op: 'get /api/v1/users', url: '/api/v1/users', status: 200 },
        { op: 'get /api/v1/users/{userId}', url: `/api/v1/users/${staff.id}`, status: 200 },
        // writing roles: a malformed JSON body, a body in a type no parser takes, too large a body, conflicts
        grant(400, '{"userId":'),
        grant(415, '<role/>', { 'content-type': 'application/xml' }),
        grant(413, JSON.stringify({ userId: 'x'.repeat(1_100_000) })),
        grant(422, '{"userId":"nobody","role":"auditor"}'),
        grant(409, JSON.stringify({ userId: staff.id, role: 'auditor' })),
        { ...grant(403, JSON.stringify({ userId: staff.id, role: 'agency-staff' })), token: auditor },
        { op: removeOp, url: `${on}/memberships/${UNKNOWN}`, status: 404, token: manager },
        {
          op: removeOp,
          url: `${on}/memberships/${granted.id}`,
          status: 400,
          token: manager,
          headers: json,
          payload: '{',
        },
        { op: removeOp, url: `${on}/memberships/${granted.id}`, status: 204, token: manager },
        grant(201, JSON.stringify({ userId: staff.id, role: 'agency-staff' })),
        // deadlines
        { op: 'get /api/v1/contracts/{contractId}/deadlines', url: `${on}/deadlines`, status: 200 },
        { op: 'get /api/v1/contracts/{contractId}/deadlines', url: `${on}/deadlines?status=late`, status: 422 },
        // variations
        { op: 'get /api/v1/contracts/{contractId}/variations', url: `${on}/variations`, status: 200 },
        // the Security Management Plan
        {
          op: 'get /api/v1/contracts/{contractId}/smp/versions/{versionId}',
          url: `${on}/smp/versions/${draft.id}`,
          status: 200,
        },
        {
          op: 'get /api/v1/contracts/{contractId}/smp/versions/{versionId}',
          url: `${on}/smp/versions/${UNKNOWN}`,
          status: 404,
        },
        // An empty draft has open findings: submitting it unconfirmed is refused, confirmed it is delivered.
        {
          op: 'post /api/v1/contracts/{contractId}/smp/versions/{versionId}/submit',
          url: `${on}/smp/versions/${draft.id}/submit`,
          status: 409,
          token: manager,
          headers: { 'content-type': 'application/json' },
          payload: '{}',
        },
        {
          op: 'post /api/v1/contracts/{contractId}/smp/versions/{versionId}/submit',
          url: `${on}/smp/versions/${draft.id}/submit`,
          status: 201,
          token: manager,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ confirmOpenFindings: findings }),
        },
        { op: 'get /api/v1/contracts/{contractId}/smp/change-requests', url: `${on}/smp/change-requests`, status: 200 },
        // systems
        { op: 'get /api/v1/contracts/{contractId}/systems', url: `${on}/systems`, status: 200 },
        // personnel
        { op: 'get /api/v1/contracts/{contractId}/personnel', url: `${on}/personnel?status=active`, status: 200 },
        {
          op: 'get /api/v1/contracts/{contractId}/personnel/{personId}',
          url: `${on}/personnel/${person.id}`,
          status: 200,
          token: manager,
        },
        {
          op: 'get /api/v1/contracts/{contractId}/personnel/{personId}/checks',
          url: `${on}/personnel/${person.id}/checks`,
          status: 200,
          token: manager,
        },
        {
          op: 'post /api/v1/contracts/{contractId}/personnel',
          url: `${on}/personnel`,
          status: 201,
          token: manager,
          headers: json,
          payload: JSON.stringify({
            name: 'Bob',
            email: 'bob@agency.example',
            employer: 'agency',
            jobTitle: 'Analyst',
            startDate: '2026-04-01',
          }),
        },
        {
          op: 'post /api/v1/contracts/{contractId}/personnel',
          url: `${on}/personnel`,
          status: 422,
          token: manager,
          headers: json,
          payload: '{}',
        },
        {
          op: 'patch /api/v1/contracts/{contractId}/personnel/{personId}',
          url: `${on}/personnel/${person.id}`,
          status: 200,
          token: manager,
          headers: json,
          payload: JSON.stringify({ endDate: '2026-12-31' }),
        },
        {
          op: 'post /api/v1/contracts/{contractId}/personnel/imports',
          url: `${on}/personnel/imports`,
          status: 201,
          token: manager,
          headers: json,
          payload: JSON.stringify({
            csv: 'Full name,Work email,Job title,Start date\nCat,cat@agency.example,Eng,01/03/2026',
          }),
        },
        {
          op: 'post /api/v1/contracts/{contractId}/personnel/imports/{importId}/apply',
          url: `${on}/personnel/imports/${UNKNOWN}/apply`,
          status: 404,
          token: manager,
          headers: json,
          payload: '{}',
        },
        // the audit log
        { op: 'get /api/v1/contracts/{contractId}/audit-events', url: `${on}/audit-events?limit=5`, status: 200 },
        { op: 'get /api/v1/contracts/{contractId}/audit-events/{seq}', url: `${on}/audit-events/${seq}`, status: 200 },
        {
          op: 'get /api/v1/contracts/{contractId}/audit-events/{seq}/proof',
          url: `${on}/audit-events/${seq}/proof`,
          status: 200,
        },
        {
          op: 'get /api/v1/contracts/{contractId}/audit-events/{seq}',
          url: `${on}/audit-events/${seq}`,
          status: 401,
          token: 'cus_not-a-real-token-at-all',
        },
      ].map((s) => ({ token: auditor, ...s }) as Sample);
    });
    afterAll(async () => t?.close());

    it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
      const validator = new Validator();
      const result = await validator.validate(doc as unknown as Record<string, unknown>);
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
      expect(validator.version).toBe('3.1');
    });

    it('declares its server and gives every operation a unique operationId derived from its method and path', () => {
      expect(doc.servers).toEqual([{ url: 'http://custodian.test', description: expect.any(String) }]);
      const ids = operations(doc).map(({ op }) => op.operationId);
      expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      // Stable: the same method and path always give the same id.
      expect(doc.paths['/api/v1/contracts/{contractId}/memberships/{membershipId}']!.delete!.operationId).toBe(
        'deleteContractsByContractIdMembershipsByMembershipId',
      );
      expect(doc.paths['/api/v1/token']!.get!.operationId).toBe('getToken');
    });

    it('declares on every operation the errors any request can meet', () => {
      for (const { method, path, op } of operations(doc)) {
        const statuses = Object.keys(op.responses);
        const where = `${method.toUpperCase()} ${path}`;
        expect(statuses, where).toEqual(expect.arrayContaining(['400', '401', '403', '500', '503']));
        if (op.parameters?.length || op.requestBody) expect(statuses, where).toContain('422');
        if (method !== 'get') expect(statuses, where).toEqual(expect.arrayContaining(['413', '415']));
      }
    });

    it('answers a sample of real requests, every API module, successes and errors, only as the document says', async () => {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      formats.default(ajv);
      const modulesSeen = new Set<string>();
      for (const s of samples) {
        const [method, path] = s.op.split(' ') as [string, string];
        const op = doc.paths[path]?.[method];
        expect(op, s.op).toBeDefined();
        const res = await t.app.inject({
          method: method.toUpperCase() as 'GET',
          url: s.url,
          headers: { ...(s.token ? { authorization: `Bearer ${s.token}` } : {}), ...s.headers },
          payload: s.payload,
        });
        const where = `${s.op} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, where).toBe(s.status);
        const declared = op!.responses[String(res.statusCode)];
        expect(declared, `${where}: status not declared`).toBeDefined();
        const content = declared!.content?.['application/json'];
        if (!content) {
          expect(res.body, where).toBe('');
          continue;
        }
        expect(res.headers['content-type'], where).toMatch(/^application\/json/);
        // The document's own schemas, with its components for any $ref.
        const validate = ajv.compile({ ...content.schema, components: doc.components });
        expect(validate(res.json()), `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true);
        modulesSeen.add(path.split('/')[3] === 'contracts' ? (path.split('/')[5] ?? 'contracts') : path.split('/')[3]!);
      }
      expect([...modulesSeen].sort()).toEqual(
        [
          'audit-events',
          'contracts',
          'deadlines',
          'memberships',
          'organisations',
          'personnel',
          'smp',
          'systems',
          'token',
          'users',
          'variations',
        ].sort(),
      );
    });
  });
}

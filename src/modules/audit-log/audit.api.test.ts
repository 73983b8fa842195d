import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../platform/kernel/index.ts';
import { aContract } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { checkProofDocument } from './index.ts';

const seed = systemActor('audit-api-test');
const admin: Extract<Actor, { type: 'user' }> = {
  type: 'user',
  userId: '00000000-0000-7000-8000-000000000001',
  organisationId: '00000000-0000-7000-8000-000000000002',
  privileged: true,
};

for (const dialect of await dialectsUnderTest()) {
  describe(`JSON API for the audit log (${dialect})`, () => {
    let t: TestApp;
    let a: string;
    let b: string;
    const tokens = { auditorA: '', viewerA: '', auditorB: '' };
    const get = (url: string, token: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const token = async (contractId: string, role: string) =>
      (await t.services.apiTokens.create(admin, { name: `${role} token`, contractId, role, expiresOn: '2027-06-30' }))
        .secret;
    const seqsOf = async (contractId: string) =>
      (
        await t.db.db
          .selectFrom('audit_events')
          .select('seq')
          .where('contract_id', '=', contractId)
          .where('action', '=', 'test.gamma')
          .orderBy('seq', 'desc')
          .execute()
      ).map((r) => Number(r.seq));

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      a = (await aContract(t)).contract.id;
      b = (await aContract(t)).contract.id;
      tokens.auditorA = await token(a, 'auditor');
      tokens.viewerA = await token(a, 'client-viewer');
      tokens.auditorB = await token(b, 'auditor');
      const events = (contractId: string, n: number, label: string) =>
        Array.from({ length: n }, (_, i) => ({
          actor: seed,
          action: 'test.gamma',
          contractId,
          outcome: i % 10 === 0 ? ('denied' as const) : ('success' as const),
          resource: { type: 'widget', id: `${label}-${i}` },
        }));
      await t.services.audit.recordMany(events(a, 125, 'of-a'));
      await t.services.audit.recordMany(events(b, 20, 'of-b'));
    });
    afterAll(async () => t?.close());

    it('pages through the token’s contract’s events by keyset, never another contract’s', async () => {
      const expected = await seqsOf(a);
      const seen: number[] = [];
      let before: number | null = null;
      do {
        const res = await get(
          `/api/v1/contracts/${a}/audit-events?action=test.gamma&limit=40${before === null ? '' : `&before=${before}`}`,
          tokens.auditorA,
        );
        expect(res.statusCode).toBe(200);
        const body = res.json() as {
          data: { seq: number; actorName: string; outcome: string }[];
          page: { before: number | null };
        };
        expect(body.data.length).toBeLessThanOrEqual(40);
        seen.push(...body.data.map((e) => e.seq));
        before = body.page.before;
      } while (before !== null);
      expect(seen).toEqual(expected);
      const denied = (
        await get(`/api/v1/contracts/${a}/audit-events?outcome=denied&action=test.gamma&limit=200`, tokens.auditorA)
      ).json();
      expect(denied.data).toHaveLength(13);
      expect(denied.data[0]).toMatchObject({
        actorName: 'System (audit-api-test)',
        outcome: 'denied',
        resourceType: 'widget',
      });
    });

    it.each([
      ['limit=500', '/limit'],
      ['limit=0', '/limit'],
      ['from=2026-13-01', '/from'],
      ['before=-1', '/before'],
      ['outcome=maybe', '/outcome'],
      ['from=2026-12-02&to=2026-12-01', '/to'],
    ])('refuses a malformed query %s with a 422', async (query, path) => {
      const res = await get(`/api/v1/contracts/${a}/audit-events?${query}`, tokens.auditorA);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
      expect(JSON.stringify(res.json().error.details)).toContain(path);
    });

    it('reads one event and its proof, only on the token’s contract', async () => {
      const [seq] = await seqsOf(a);
      const [bSeq] = await seqsOf(b);
      const one = await get(`/api/v1/contracts/${a}/audit-events/${seq}`, tokens.auditorA);
      expect(one.statusCode).toBe(200);
      expect(one.json().data).toMatchObject({ seq, action: 'test.gamma', proofReady: false });
      expect(JSON.parse(one.json().data.canonicalEvent)).toEqual(one.json().data.event);
      const pending = await get(`/api/v1/contracts/${a}/audit-events/${seq}/proof`, tokens.auditorA);
      expect(pending.statusCode).toBe(409);
      expect(pending.json().error.code).toBe('proof_pending');
      expect(pending.headers['retry-after']).toBe('10');
      await t.services.auditTree.checkpoint();
      const proof = await get(`/api/v1/contracts/${a}/audit-events/${seq}/proof`, tokens.auditorA);
      expect(proof.statusCode).toBe(200);
      expect(checkProofDocument(proof.body, await t.services.auditTree.verifierKey())).toMatchObject({
        ok: true,
        kind: 'inclusion',
      });
      expect((await get(`/api/v1/contracts/${a}/audit-events/${bSeq}`, tokens.auditorA)).statusCode).toBe(404);
      expect((await get(`/api/v1/contracts/${a}/audit-events/${bSeq}/proof`, tokens.auditorA)).statusCode).toBe(404);
      expect((await get(`/api/v1/contracts/${a}/audit-events/abc`, tokens.auditorA)).statusCode).toBe(422);
    });

    it('refuses tokens whose role or contract does not allow reading the log', async () => {
      expect((await get(`/api/v1/contracts/${a}/audit-events`, tokens.viewerA)).statusCode).toBe(403);
      expect((await get(`/api/v1/contracts/${a}/audit-events`, tokens.auditorB)).statusCode).toBe(403);
      const own = (await get(`/api/v1/contracts/${b}/audit-events?limit=200`, tokens.auditorB)).json();
      expect(own.data.some((e: { resourceId: string | null }) => e.resourceId?.startsWith('of-b'))).toBe(true);
      expect(own.data.every((e: { resourceId: string | null }) => !e.resourceId?.startsWith('of-a'))).toBe(true);
    });
  });
}

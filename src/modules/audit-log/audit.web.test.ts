import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/kernel/index.ts';
import { aContract, aUser, signIn } from '../../../test/support/builders.ts';
import type { BrowserAgent } from '../../../test/support/browser-agent.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary, heading, parse } from '../../../test/support/html.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { checkProofDocument } from './index.ts';

const seed = systemActor('audit-read-test');
/** The event numbers the page links to, in order. */
const seqsOn = (html: string, contractId: string) => {
  const $ = parse(html);
  return $('a[href]')
    .toArray()
    .map((el) => new RegExp(`^/contracts/${contractId}/audit/(\\d+)$`).exec($(el).attr('href')!)?.[1])
    .filter((seq) => seq !== undefined)
    .map(Number);
};
/** Where the pagination's previous or next link goes. */
const hrefOf = (html: string, rel: 'prev' | 'next') =>
  parse(html)(`a.govuk-link.govuk-pagination__link[rel="${rel}"]`).attr('href');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

for (const dialect of await dialectsUnderTest()) {
  describe(`reading the audit log: pages, proofs and exports (${dialect})`, () => {
    let t: TestApp;
    let a: string;
    let b: string;
    let rep: BrowserAgent;
    let auditor: BrowserAgent;
    let viewer: BrowserAgent;
    let bSeqs: number[];

    const events = (contractId: string, action: string, n: number, resource: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => ({
        actor: seed,
        action,
        contractId,
        resource: { type: 'widget', id: resource(i) },
      }));
    const seqsOf = async (contractId: string, action: string, app = t) =>
      (
        await app.db.db
          .selectFrom('audit_events')
          .select('seq')
          .where('contract_id', '=', contractId)
          .where('action', '=', action)
          .orderBy('seq', 'desc')
          .execute()
      ).map((r) => Number(r.seq));

    /**
     * An app whose log has 70 alpha events for contract A and 30 for contract B, then, on 3 December 2026, 60 beta
     * events for A; A's Client Representative, auditor and a client viewer signed in.
     */
    async function aLog() {
      const app = await buildTestApp(dialect);
      const ca = await aContract(app);
      const cb = await aContract(app);
      const person = async (role: string, org: string) => {
        const u = await aUser(app, org);
        await app.services.contracts.grant(seed, ca.contract.id, { userId: u.id, role });
        return (await signIn(app, u.email)).agent;
      };
      await app.services.audit.recordMany(events(ca.contract.id, 'test.alpha', 70, (i) => `alpha-${i}`));
      await app.services.audit.recordMany(events(cb.contract.id, 'test.alpha', 30, (i) => `other-contract-${i}`));
      app.clock.advanceMinutes(3 * 24 * 60); // 3 December 2026
      await app.services.audit.recordMany(
        events(ca.contract.id, 'test.beta', 60, (i) => (i === 0 ? '=HYPERLINK("http://evil.test")' : `beta-${i}`)),
      );
      return {
        t: app,
        a: ca.contract.id,
        b: cb.contract.id,
        bSeqs: await seqsOf(cb.contract.id, 'test.alpha', app),
        // Signed in last: moving the clock on three days would have ended their sessions.
        rep: await person('client-representative', ca.client.id),
        auditor: await person('auditor', ca.client.id),
        viewer: await person('client-viewer', ca.client.id),
      };
    }

    // The tests that only read share one log; those that sign a checkpoint, which changes what the others would
    // see, build their own.
    beforeAll(async () => {
      ({ t, a, b, bSeqs, rep, auditor, viewer } = await aLog());
    });
    afterAll(async () => t?.close());

    it('refuses a client viewer and links the log from the overview for those who may read it', async () => {
      expect((await viewer.get(`/contracts/${a}/audit`)).statusCode).toBe(403);
      expect((await viewer.get(`/contracts/${a}`)).body).not.toContain(`/contracts/${a}/audit"`);
      expect((await rep.get(`/contracts/${a}`)).body).toContain(`href="/contracts/${a}/audit"`);
    });

    it('shows the contract’s events newest first to its representative and auditor, never another contract’s', async () => {
      for (const agent of [rep, auditor]) {
        const page = await agent.get(`/contracts/${a}/audit`);
        expect(page.statusCode).toBe(200);
        expect(heading(page.body)).toBe('Audit log');
        const seqs = seqsOn(page.body, a);
        expect(seqs).toHaveLength(50);
        expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
        expect(seqs.filter((s) => bSeqs.includes(s))).toEqual([]);
        expect(page.body).not.toContain('other-contract-');
        expect(page.body).not.toContain(b);
      }
      expect((await auditor.get(`/contracts/${b}/audit`)).statusCode).toBe(403);
    });

    it('pages through 130 filtered events by keyset, both ways', async () => {
      const alpha = await seqsOf(a, 'test.alpha');
      const beta = await seqsOf(a, 'test.beta');
      const all = [...beta, ...alpha];
      // An action matches exactly, never as a prefix.
      expect(seqsOn((await rep.get(`/contracts/${a}/audit?action=test.`)).body, a)).toEqual([]);
      let page = await rep.get(`/contracts/${a}/audit?resourceType=widget`);
      const seen: number[] = [];
      for (;;) {
        seen.push(...seqsOn(page.body, a));
        const older = hrefOf(page.body, 'next');
        if (!older) break;
        expect(older).toContain('resourceType=widget');
        page = await rep.get(older);
      }
      expect(seen).toEqual(all);
      expect(hrefOf(page.body, 'prev')).toBeDefined();
      const back = await rep.get(hrefOf(page.body, 'prev')!);
      expect(seqsOn(back.body, a)).toEqual(all.slice(50, 100));
      const byAction = await rep.get(`/contracts/${a}/audit?action=test.alpha`);
      expect(seqsOn(byAction.body, a)).toEqual(alpha.slice(0, 50));
      const rest = await rep.get(hrefOf(byAction.body, 'next')!);
      expect(seqsOn(rest.body, a)).toEqual(alpha.slice(50));
      expect(hrefOf(rest.body, 'next')).toBeUndefined();
    });

    it('filters by resource, outcome and UK dates', async () => {
      const one = await rep.get(`/contracts/${a}/audit?resourceId=alpha-7`);
      expect(seqsOn(one.body, a)).toHaveLength(1);
      const beforeDec = await rep.get(`/contracts/${a}/audit?action=test.alpha&to=2026-11-30`);
      expect(seqsOn(beforeDec.body, a)).toHaveLength(50);
      const dec = await rep.get(`/contracts/${a}/audit?resourceType=widget&from=2026-12-03&to=2026-12-03`);
      expect(seqsOn(dec.body, a)).toEqual((await seqsOf(a, 'test.beta')).slice(0, 50));
      const denied = await rep.get(`/contracts/${a}/audit?outcome=denied&resourceType=widget`);
      expect(denied.body).toContain('No events match these filters');
    });

    it.each([
      ['from=2026-02-31', 'Enter the from date as a real date, like 2026-03-27'],
      ['to=yesterday', 'Enter the to date as a real date, like 2026-03-27'],
      ['from=2026-12-03&to=2026-12-01', 'The to date must be the same as or after the from date'],
      ['outcome=maybe', 'Select an outcome'],
      ['action=a&action=b', 'Select an action from the list'],
      [`resourceId=${'x'.repeat(65)}`, 'Resource ID must be 64 characters or fewer'],
      ['before=abc', 'Before must be an event number'],
      ['user=%3Cscript%3E', 'Select a user from the list'],
    ])('refuses a malformed filter %s with a GOV.UK error', async (query, message) => {
      const res = await rep.get(`/contracts/${a}/audit?${query}`);
      expect(res.statusCode).toBe(422);
      expect(errorSummary(res.body)).toContain(message);
    });

    it('shows one record in full and serves its proof once a checkpoint is signed', async () => {
      const { t, a, auditor, bSeqs } = await aLog();
      try {
        const seq = (await seqsOf(a, 'test.beta', t))[0]!;
        const page = await auditor.get(`/contracts/${a}/audit/${seq}`);
        expect(page.statusCode).toBe(200);
        const row = await t.db.db
          .selectFrom('audit_events')
          .selectAll()
          .where('seq', '=', seq)
          .executeTakeFirstOrThrow();
        expect(page.body).toContain(row.leaf_hash);
        expect(page.body).toContain('&quot;operation&quot;: &quot;test.beta&quot;');
        const pending = await auditor.get(`/contracts/${a}/audit/${seq}/proof`);
        expect(pending.statusCode).toBe(409);
        expect(pending.body).toContain('available within 10 seconds');
        await t.services.auditTree.checkpoint();
        const proof = await auditor.get(`/contracts/${a}/audit/${seq}/proof`);
        expect(proof.statusCode).toBe(200);
        expect(proof.headers['content-disposition']).toContain('attachment');
        expect(checkProofDocument(proof.body, await t.services.auditTree.verifierKey())).toMatchObject({ ok: true });
        for (const url of [
          `/contracts/${a}/audit/${bSeqs[0]}`,
          `/contracts/${a}/audit/${bSeqs[0]}/proof`,
          `/contracts/${a}/audit/99999999`,
          `/contracts/${a}/audit/1e3`,
        ]) {
          expect((await auditor.get(url)).statusCode, url).toBe(404);
        }
      } finally {
        await t.close();
      }
    });

    it('exports JSON Lines and CSV that match the manifest’s count and hashes', async () => {
      const { t, a, auditor } = await aLog();
      try {
        await t.services.auditTree.checkpoint(); // the manifest names the latest signed checkpoint
        const manifestRes = await auditor.get(`/contracts/${a}/audit/export/manifest?resourceType=widget`);
        expect(manifestRes.statusCode).toBe(200);
        const manifest = manifestRes.json();
        expect(manifest.count).toBe(130);
        expect(manifest.checkpoint).toMatch(/^custodian/m);
        const through = manifest.filters.through;
        const jsonl = await auditor.get(
          `/contracts/${a}/audit/export?format=jsonl&resourceType=widget&through=${through}`,
        );
        const name = `custodian-audit-${(await t.services.contracts.get(a)).orderReference.toLowerCase()}-beginning-to-2026-12-03`;
        expect(jsonl.headers['content-disposition']).toBe(`attachment; filename="${name}.jsonl"`);
        const lines = jsonl.body
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(lines).toHaveLength(130);
        expect(lines.every((e) => e.unmapped.custodian.contract_id === a)).toBe(true);
        const csv = await auditor.get(`/contracts/${a}/audit/export?format=csv&resourceType=widget&through=${through}`);
        expect(csv.headers['content-type']).toContain('text/csv');
        expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(131);
        expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
        expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);
        expect(manifest.files).toEqual({ [`${name}.jsonl`]: sha256(jsonl.body), [`${name}.csv`]: sha256(csv.body) });
        expect(manifestRes.headers['content-disposition']).toBe(`attachment; filename="${name}-manifest.json"`);
        expect((await auditor.get(`/contracts/${a}/audit/export?format=xlsx`)).statusCode).toBe(422);
      } finally {
        await t.close();
      }
    });
  });
}

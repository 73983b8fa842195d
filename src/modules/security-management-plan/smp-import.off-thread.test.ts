import { describe, expect, it } from 'vitest';
import { aContractWithLeads, signIn } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { errorSummary } from '../../../test/support/html.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { useTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { minimalDocx } from '../../platform/documents/fixtures/docx-parts.ts';
import { largeDocx } from '../../platform/documents/fixtures/large-docx.ts';

// 2 MB of document.xml in a 0.3 MB file: within every limit, and seconds of reading, most of it in
// one synchronous pass at the end (converting tens of thousands of short paragraphs).
const slowDocx = largeDocx({ xmlMb: 2, words: 40, perHeading: 50 });

for (const dialect of await dialectsUnderTest()) {
  describe(`Word import off the main thread (${dialect})`, () => {
    /** The Agency's security manager of a new contract, signed in, with the form's CSRF token. */
    async function anImporter(t: TestApp) {
      const c = await aContractWithLeads(t);
      const { agent } = await signIn(t, c.manager.email);
      const path = `/contracts/${c.contract.id}/smp/import`;
      await agent.get(path);
      /** The upload as a browser posts it. */
      const upload = (data: Buffer) => {
        const { payload, contentType } = multipart({ _csrf: agent.csrfToken! }, { name: 'plan.docx', data });
        return { path, cookie: agent.cookieHeader, payload, contentType };
      };
      return upload;
    }
    const post = (t: TestApp, u: ReturnType<Awaited<ReturnType<typeof anImporter>>>) =>
      t.app.inject({
        method: 'POST',
        url: u.path,
        headers: { cookie: u.cookie, 'content-type': u.contentType },
        payload: u.payload,
      });

    describe('with one thread and no queue', () => {
      const single = useTestApp(
        dialect,
        { CUSTODIAN_WORKER_THREADS: '1', CUSTODIAN_WORKER_QUEUE: '0' },
        { listen: true },
      );

      it('answers /healthz in turn, over a real listener, while a large document is being read', async () => {
        const t = single();
        const base = t.url;
        const u = (await anImporter(t))(slowDocx);
        let importDone = false;
        const imported = fetch(`${base}${u.path}`, {
          method: 'POST',
          headers: { cookie: u.cookie, 'content-type': u.contentType },
          body: u.payload,
          redirect: 'manual',
        }).then((r) => ((importDone = true), r.status));
        // Reading this document on the main thread let through ~200 probes, then held the rest until it was done.
        const answeredBeforeImport: boolean[] = [];
        for (let i = 0; i < 800; i++) {
          expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
          answeredBeforeImport.push(!importDone);
        }
        expect(answeredBeforeImport.filter((before) => !before)).toEqual([]);
        expect(await imported).toBe(303);
      }, 120_000);

      it('refuses an import while the pool is full, with a message on the form and not a 500', async () => {
        const t = single();
        const slow = (await anImporter(t))(slowDocx);
        const small = (await anImporter(t))(minimalDocx());
        const before = t.workers.counts.accepted;
        const first = post(t, slow);
        while (t.workers.counts.accepted === before) await new Promise((r) => setTimeout(r, 10));
        const refused = await post(t, small);
        expect(refused.statusCode).toBe(422);
        expect(errorSummary(refused.body)).toEqual(['Word import is busy: try again in a minute.']);
        expect((await first).statusCode).toBe(303);
        expect((await post(t, small)).statusCode).toBe(303);
      }, 120_000);
    });

    describe('with a one-second limit', () => {
      const quick = useTestApp(dialect, { CUSTODIAN_WORKER_TIMEOUT_SECONDS: '1' });

      it('stops reading a document that takes too long, with a message on the form and not a 500', async () => {
        const t = quick();
        const res = await post(t, (await anImporter(t))(slowDocx));
        expect(res.statusCode).toBe(422);
        expect(errorSummary(res.body)).toEqual([
          'This document took too long to read and was stopped. Save it again in Word, or split it into smaller documents, and try again.',
        ]);
        expect(t.workers.counts.timedOut).toBe(1);
      }, 120_000);
    });
  });
}

import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aContract } from '../../../test/support/builders.ts';
import { dialectsUnderTest } from '../../../test/support/databases.ts';
import { cliOf } from '../../../test/support/cli.ts';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { sealedKeyId, secretBoxFromFile } from '../../platform/secret-box/index.ts';
import { webhookSecretContext } from './webhooks.service.ts';

for (const dialect of await dialectsUnderTest()) {
  describe(`custodian secrets rotate and prune (${dialect})`, () => {
    let t: TestApp;
    const run = cliOf(() => t);
    const stored = async () =>
      await t.db.db.selectFrom('webhook_subscriptions').select(['id', 'secret']).orderBy('id').execute();
    beforeAll(async () => {
      t = await buildTestApp(dialect, {
        CUSTODIAN_WEBHOOK_ALLOW_HTTP: 'true',
        CUSTODIAN_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      });
      const c = await aContract(t);
      for (const description of ['Agency chat', 'Agency SIEM'])
        await t.services.webhooks.create(systemActor('test'), c.contract.id, {
          url: 'http://127.0.0.1:9/hook',
          description,
          party: 'agency',
        });
    });
    afterAll(async () => t?.close());

    it('seals every stored secret under a new key, which the running server then uses, and prunes the old key once unused', async () => {
      const before = await stored();
      const plain = await Promise.all(before.map((r) => t.services.secrets.open(r.secret, webhookSecretContext(r.id))));
      const first = sealedKeyId(before[0]!.secret)!;

      const rotated = await run('secrets', 'rotate');
      expect(rotated).toMatchObject({ code: 0, err: '' });
      const added = /New key ([0-9a-f]{8}) in /.exec(rotated.out)![1]!;
      expect(rotated.out).toContain('2 webhook signing secrets sealed again under it.');
      expect(added).not.toBe(first);
      expect((await stat(t.config.secretsKeyFile)).mode & 0o777).toBe(0o600);
      const after = await stored();
      expect(after.map((r) => sealedKeyId(r.secret))).toEqual([added, added]);
      // The same secrets, opened by the server that was running during the rotation and by a fresh one.
      expect(
        await Promise.all(after.map((r) => t.services.secrets.open(r.secret, webhookSecretContext(r.id)))),
      ).toEqual(plain);
      expect(
        await secretBoxFromFile(t.config.secretsKeyFile).open(after[0]!.secret, webhookSecretContext(after[0]!.id)),
      ).toBe(plain[0]);
      const recorded = await t.db.db
        .selectFrom('audit_events')
        .select(['actor_id', 'details'])
        .where('action', '=', 'webhook.secret-seal')
        .execute();
      expect(recorded).toHaveLength(2);
      expect(JSON.parse(recorded[0]!.details)).toEqual({ before: { key: first }, after: { key: added } });

      expect(await run('secrets', 'prune')).toMatchObject({
        code: 0,
        out: `Dropped key ${first} from ${t.config.secretsKeyFile}.\n`,
      });
      expect((await run('secrets', 'prune')).out).toBe(`Every key in ${t.config.secretsKeyFile} is still needed.\n`);
      expect(await t.services.secrets.open(after[1]!.secret, webhookSecretContext(after[1]!.id))).toBe(plain[1]);
      expect((await run('secrets', 'rotate')).out).toContain('2 webhook signing secrets sealed again');
    });
  });
}

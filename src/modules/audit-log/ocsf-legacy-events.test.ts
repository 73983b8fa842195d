import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, type Actor } from '../../platform/kernel/index.ts';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';
import { createTestDatabase, dialectsUnderTest } from '../../../test/support/databases.ts';
import { leafHashHex, type AuditEventInput } from './audit-event.ts';
import { projectionOf } from './audit-projection.ts';
import { auditRepository } from './audit-log.repository.ts';
import { auditSigner, createAuditLog, createAuditTreeService, verifyAuditLog } from './index.ts';

const signer = auditSigner({
  keyFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'custodian-legacy-key-')), 'audit.key'),
  origin: 'custodian.test/audit',
});

// Events exactly as the builder wrote them before its OCSF repairs (no `user`, no `privileges`, a
// role as the token's decision, `time_dt` without the datetime profile), at index 0: each is
// moved to its own index (and given its own id) below, as it was when appended.
const LEGACY = [
  '{"activity_id":1,"actor":{"user":{"type":"Unknown","type_id":0}},"api":{"operation":"auth.sign-in-failed","request":{"uid":"req-1"}},"category_uid":3,"class_uid":3002,"http_request":{"user_agent":"Mozilla/5.0"},"metadata":{"log_name":"custodian-audit","product":{"name":"Custodian","vendor_name":"Custodian"},"sequence":0,"uid":"legacy-id","version":"1.8.0"},"severity_id":3,"src_endpoint":{"ip":"192.0.2.10"},"status":"Failure","status_id":2,"time":1793523600000,"time_dt":"2026-11-01T09:00:00.000Z","type_uid":300201,"unmapped":{"custodian":{"action":"auth.sign-in-failed","details":{"email":"sam@example.test","reason":"wrong-password"},"outcome":"failure","privileged":false,"resource":{"id":"u-2","type":"user"}}}}',
  '{"activity_id":2,"actor":{"authorizations":[{"decision":"auditor","policy":{"name":"contract role","uid":"c1"}}],"user":{"type":"API token","type_id":99,"uid":"t1"}},"api":{"operation":"http.request","request":{"uid":"req-1"},"response":{"code":200}},"category_uid":6,"class_uid":6003,"http_request":{"http_method":"GET","url":{"path":"/api/v1/contracts/c1"},"user_agent":"Mozilla/5.0"},"metadata":{"log_name":"custodian-audit","product":{"name":"Custodian","vendor_name":"Custodian"},"sequence":0,"uid":"legacy-id","version":"1.8.0"},"severity_id":1,"src_endpoint":{"ip":"192.0.2.10"},"status":"Success","status_id":1,"time":1793523600000,"time_dt":"2026-11-01T09:00:00.000Z","type_uid":600302,"unmapped":{"custodian":{"action":"http.request","contract_id":"c1","details":{"method":"GET","route":"/api/v1/contracts/:contractId","status":200},"outcome":"success","privileged":false}}}',
  '{"activity_id":1,"actor":{"user":{"org":{"uid":"o1"},"type":"Admin","type_id":2,"uid":"u1"}},"api":{"operation":"membership.grant","request":{"uid":"req-1"}},"category_uid":3,"class_uid":3005,"http_request":{"user_agent":"Mozilla/5.0"},"metadata":{"log_name":"custodian-audit","product":{"name":"Custodian","vendor_name":"Custodian"},"sequence":0,"uid":"legacy-id","version":"1.8.0"},"severity_id":1,"src_endpoint":{"ip":"192.0.2.10"},"status":"Success","status_id":1,"time":1793523600000,"time_dt":"2026-11-01T09:00:00.000Z","type_uid":300501,"unmapped":{"custodian":{"action":"membership.grant","contract_id":"c1","details":{"after":{"role":"auditor","userId":"u2"}},"outcome":"success","privileged":true,"resource":{"id":"m1","type":"membership"}}}}',
];

const moved = (text: string, seq: number) =>
  text.replace('"sequence":0,"uid":"legacy-id"', `"sequence":${seq},"uid":"legacy-${seq}"`);
const job: Actor = { type: 'system', name: 'test' };
const fresh = (n: number): AuditEventInput => ({ actor: job, action: 'test.event', details: { n } });

for (const dialect of await dialectsUnderTest()) {
  describe(`events stored before the OCSF repairs (${dialect})`, () => {
    it('verify as they are, beside events in the new form, before and after a checkpoint covers them', async () => {
      const db = await createTestDatabase(dialect);
      try {
        const clock = new ManualClock();
        const audit = createAuditLog({ uow: db.uow, clock });
        const tree = createAuditTreeService({ uow: db.uow, clock, signer });
        const verify = async () => verifyAuditLog(db.uow, parseVerifierKey(await tree.verifierKey()));
        await audit.record(fresh(0));
        await db.uow.transaction(async () => {
          const repo = auditRepository(db.uow);
          const first = await repo.reserve(LEGACY.length);
          await repo.insertMany(
            LEGACY.map((text, i) => {
              const seq = first + i;
              const event = moved(text, seq);
              // The columns beside it as they were stored with it (verify checks them against the event).
              const { details, ...columns } = projectionOf(event);
              return { seq, ...columns, details, event, leaf_hash: leafHashHex(event) };
            }),
          );
        });
        await audit.record(fresh(4));
        // No checkpoint yet: every event is re-serialised and must name its own index.
        expect(await verify()).toMatchObject({ ok: true, eventsChecked: 5 });
        await tree.checkpoint();
        expect(await verify()).toMatchObject({ ok: true, eventsChecked: 5 });
        const stored = await db.db.selectFrom('audit_events').select(['seq', 'event']).orderBy('seq').execute();
        expect(stored.slice(1, 4).map((r) => r.event)).toEqual(LEGACY.map((t, i) => moved(t, i + 1)));
        expect(JSON.parse(stored[4]!.event!)).toMatchObject({ metadata: { profiles: ['datetime'] } });
      } finally {
        await db.drop();
      }
    });
  });
}

import { fileURLToPath } from 'node:url';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { createAccessJournal, type AccessJournal } from './access-journal.ts';
import { accessRecorderPlugin } from './access-recorder.ts';
import { createAuditLog, type AuditLog } from './audit-log.service.ts';
import type { AuditLogTables } from './audit-log.tables.ts';
import { auditLogPlugin } from './audit-read.plugin.ts';
import { createAuditRetentionService, type AuditRetentionService } from './audit-retention.service.ts';
import { auditSigner } from './audit-signer.ts';
import { createAuditTreeService, type AuditTreeService } from './audit-tree.service.ts';
import { createAuditVerifier, type AuditVerifier } from './audit-verify.service.ts';
import { auditCli } from './audit.cli.ts';
import { startAuditJobs } from './audit-jobs.ts';

/**
 * The audit log: every module writes events through `audit.record(event)`, in its own transaction;
 * the tree, signed checkpoints, proofs, retention and verification; every signed-in request recorded
 * (clause B7.1); the contract's audit pages, exports and API.
 */
export { createAuditLog, type AuditLog, type AuditEventInput } from './audit-log.service.ts';
export { changedFields } from './audit-changes.ts';
export { createAccessJournal, AuditUnavailableError, type AccessJournal } from './access-journal.ts';
export {
  createAuditTreeService,
  type AuditTreeService,
  type InclusionProofDocument,
  type ConsistencyProofDocument,
} from './audit-tree.service.ts';
export { verifyAuditLog, type VerifyReport } from './audit-verify.service.ts';
export { checkProofDocument } from './proof-check.ts';
export { auditSigner } from './audit-signer.ts';
export { createAuditRetentionService, monthsBefore, type AuditRetentionService } from './audit-retention.service.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    audit: AuditLog;
    auditTree: AuditTreeService;
    auditRetention: AuditRetentionService;
    auditVerifier: AuditVerifier;
    /** Access records, group-committed just after each response: flush() before reading them. */
    accessJournal: AccessJournal & { close(): Promise<void> };
  }
}

const permissions = {
  'contract:audit:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'auditor'],
    systemAdmin: true,
    about: "Reading the contract's audit trail (every change and access), its proofs and its exports.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

export const auditLogModule = defineModule({
  name: 'audit-log',
  about:
    'The tamper-evident audit log (an RFC 9162 Merkle tree with signed C2SP checkpoints), the record of every access, retention, verification, and the contract audit pages.',
  tables: ownTables<AuditLogTables>({
    audit_events: true,
    audit_tree_head: true,
    audit_tiles: true,
    audit_checkpoints: true,
    audit_legal_holds: true,
    audit_event_index: true,
    audit_index_head: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['audit', 'auditTree', 'auditRetention', 'auditVerifier', 'accessJournal'],
  needs: [],
  services: ({ config, clock, uow, log }) => {
    const audit = createAuditLog({ uow, clock, publicUrl: config.publicUrl });
    const auditTree = createAuditTreeService({ uow, clock, signer: auditSigner(config.audit) });
    return {
      audit,
      auditTree,
      auditRetention: createAuditRetentionService({ uow, clock, audit, retentionMonths: config.audit.retentionMonths }),
      auditVerifier: createAuditVerifier({
        uow,
        tree: auditTree,
        connection: { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
      }),
      accessJournal: createAccessJournal({
        audit,
        uow,
        onError: (err) =>
          log.error({ err }, 'access records could not be written; refusing signed-in requests until they are'),
      }),
    };
  },
  web: {
    // Before any module's routes: every request by a signed-in person or token is recorded (B7.1).
    async hooks(app, { accessJournal }, { recordAccess }) {
      app.addHook('onClose', () => accessJournal.close());
      if (recordAccess) await accessRecorderPlugin(app, { journal: accessJournal });
    },
    routes: (app, services, { config, uow, clock, contractLinks }) =>
      auditLogPlugin(app, {
        ...services,
        uow,
        clock,
        contractLinks,
        checkpointSeconds: config.audit.checkpointSeconds,
      }),
  },
  cli: { uses: ['auditTree', 'auditRetention', 'auditVerifier'], register: auditCli },
  start: (services, ctx) => startAuditJobs(services, ctx),
  contractLinks: [
    {
      path: 'audit',
      title: 'Audit log',
      about: 'who did what, and who looked, with proofs.',
      permission: 'contract:audit:view',
      order: 80,
    },
  ],
  apiTags: [{ name: 'Audit log', description: 'The contract’s audit events, each with its proof in the signed log.' }],
});

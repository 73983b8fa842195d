/** The audit log: every module writes events through AuditLog.record(event). */
export { createAuditLog, type AuditLog, type AuditEventInput } from './audit-log.service.ts';
export { accessRecorderPlugin } from './access-recorder.ts';
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
export { auditCli } from './audit.cli.ts';
export { createAuditRetentionService, monthsBefore, type AuditRetentionService } from './audit-retention.service.ts';
export { auditLogPlugin, type AuditReadPluginDeps } from './audit-read.plugin.ts';

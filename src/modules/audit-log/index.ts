/** The audit log: every module writes events through AuditLog.record(trx, event). */
export { createAuditLog, type AuditLog, type AuditEventInput } from './audit-log.service.ts';
export { accessRecorderPlugin } from './access-recorder.ts';

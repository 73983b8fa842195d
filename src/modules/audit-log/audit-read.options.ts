import type { Clock } from '../../platform/kernel/index.ts';
import type { AuditExport } from './audit-export.ts';
import type { AuditReadDeps, AuditReadService } from './audit-read.service.ts';

/** The contracts service as the audit pages use it: members' names, and the contract itself. */
export type AuditContracts = AuditReadDeps['contracts'] & {
  get(id: string): Promise<{ id: string; orderReference: string; title: string }>;
};

/** What the audit pages and API are registered with. */
export interface AuditLogPluginOptions {
  /** Today's date names an export that runs to now. */
  clock: Clock;
  auditRead: AuditReadService;
  auditExport: AuditExport;
  contracts: AuditContracts;
}

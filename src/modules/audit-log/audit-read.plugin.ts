import type { Clock } from '../../platform/kernel/index.ts';
import type { FastifyInstance } from 'fastify';
import { createAuditExport } from './audit-export.ts';
import type { AuditContracts, AuditLogPluginOptions } from './audit-read.options.ts';
import { createAuditReadService, type AuditReadDeps } from './audit-read.service.ts';
import { auditApi } from './audit.api.ts';
import { auditWeb } from './audit.web.ts';

/** What "Reading the log" needs from the app: the database, the tree and other modules' services. */
export interface AuditReadPluginDeps extends AuditReadDeps {
  contracts: AuditContracts;
  clock: Clock;
}

/** Reading the log: the contract's audit pages and exports, and the audit-events JSON API. */
export async function auditLogPlugin(app: FastifyInstance, deps: AuditReadPluginDeps): Promise<void> {
  const auditRead = createAuditReadService(deps);
  const opts: AuditLogPluginOptions = {
    auditRead,
    auditExport: createAuditExport({ uow: deps.uow, read: auditRead, auditTree: deps.auditTree }),
    contracts: deps.contracts,
    clock: deps.clock,
  };
  auditWeb(app, opts);
  // The JSON API in its own encapsulated context (zod validation and serialization).
  await app.register(auditApi, opts);
}

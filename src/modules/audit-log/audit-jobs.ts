import type { BackgroundWork, ModuleContext } from '../../platform/modules/index.ts';
import type { AuditRetentionService } from './audit-retention.service.ts';
import type { AuditTreeService } from './audit-tree.service.ts';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The audit log's work in the server: a signed checkpoint at start and at least every
 * CUSTODIAN_AUDIT_CHECKPOINT_SECONDS while events arrive, and the daily retention purge (recorded in
 * the log itself). Stopping signs a last checkpoint, so the events of the run's final seconds are
 * signed before it ends: the server stops this after closing its HTTP side.
 */
export async function startAuditJobs(
  services: { auditTree: AuditTreeService; auditRetention: AuditRetentionService },
  { config, log }: ModuleContext,
): Promise<BackgroundWork> {
  const { auditTree, auditRetention } = services;
  // A log that cannot be checkpointed (a gap `audit verify` must explain) is reported, not a reason to refuse service.
  await auditTree.checkpoint().catch((err: unknown) => log.error({ err }, 'audit checkpoint failed'));
  const checkpoints = setInterval(() => {
    auditTree.checkpoint().catch((err: unknown) => log.error({ err }, 'audit checkpoint failed'));
  }, config.audit.checkpointSeconds * 1000);
  checkpoints.unref();
  log.info({ verifierKey: await auditTree.verifierKey() }, 'audit log verifier key');

  const purge = () =>
    auditRetention
      .purge({ type: 'system', name: 'retention' })
      .catch((err: unknown) => log.error({ err }, 'audit retention purge failed'));
  void purge();
  const retention = setInterval(purge, DAY_MS);
  retention.unref();

  return {
    async stop() {
      clearInterval(checkpoints);
      clearInterval(retention);
      await auditTree.checkpoint().catch((err: unknown) => log.error({ err }, 'final audit checkpoint failed'));
    },
  };
}

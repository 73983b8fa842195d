import { loadOrCreateSigner, type Signer } from '../../platform/signed-note/index.ts';

export interface AuditKeyConfig {
  keyFile: string;
  origin: string;
}

/**
 * The checkpoint-signing key, kept outside the database (a file in the data directory, or wherever
 * configured) so that someone who can rewrite the database still cannot sign a forged tree. Created
 * on first use; loaded once per process.
 */
export function auditSigner(config: AuditKeyConfig): () => Promise<Signer> {
  let loaded: Promise<Signer> | undefined;
  return () => {
    loaded ??= loadOrCreateSigner(config.keyFile, config.origin).then((r) => r.signer);
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };
}

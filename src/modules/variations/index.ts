import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { variationsApi } from './variations.api.ts';
import { createVariationsService, type VariationsService } from './variations.service.ts';
import type { VariationsTables } from './variations.tables.ts';
import { variationsWeb, type VariationsWebDeps } from './variations.web.ts';

/**
 * The Variation Procedure as records, for any module whose agreed things change by Variation (the
 * Security Management Plan, clause 4.4.3–4.4.4; the Security Policy, clause 2.4): proposals with
 * rationale and the changes, agreement bound to a hash, fast-track, rejection, withdrawal by the
 * proposing party, and formalisation by both parties (one proposes the formal record, the other confirms).
 */
export type { Variation, VariationSubject, VariationsService } from './variations.service.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    variations: VariationsService;
  }
}

const permissions = {
  'contract:variations:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    systemAdmin: true,
    about: "Reading the contract's Variations: what each proposed, who decided and when it took effect.",
  },
  'contract:variations:formalise': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative'],
    about:
      "Formalising an agreed change: either party's lead proposes the signed Variation's reference and date, and the other party's lead confirms or declines it.",
  },
  'contract:variations:withdraw': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      "Withdrawing a proposed Variation the Agency no longer wants, with a reason, before the Client decides: the Agency's security manager.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function variationsPlugin(app: FastifyInstance, opts: VariationsWebDeps): Promise<void> {
  variationsWeb(app, opts);
  await app.register(variationsApi, opts);
}

export const variationsModule = defineModule({
  name: 'variations',
  about:
    'The Variation Procedure as records: proposals, agreement bound to a hash, fast-track, rejection, withdrawal, and formalisation by both parties.',
  tables: ownTables<VariationsTables>({ variations: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['variations'],
  needs: ['audit', 'notifications', 'contracts', 'deadlines'],
  services: ({ uow, clock }, { audit, notifications, contracts, deadlines }) => ({
    variations: createVariationsService({ uow, clock, audit, notifications, contracts, deadlines }),
  }),
  web: { routes: (app, services) => variationsPlugin(app, services) },
  apiTags: [
    { name: 'Variations', description: 'Changes to what the parties agreed, through the Variation Procedure.' },
  ],
});

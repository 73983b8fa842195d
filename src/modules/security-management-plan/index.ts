import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { decisionsWaiting } from './decisions-waiting.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { smpCli } from './smp.cli.ts';
import { createImportStore, type ImportStore } from './smp-import.store.ts';
import { smpImportWeb } from './smp-import.web.ts';
import { createSmpReviewService, type SmpReviewService } from './smp-review.service.ts';
import { createSmpChangeRequestService, type SmpChangeRequestService } from './smp-change-requests.service.ts';
import { smpChangeRequestsWeb } from './smp-change-requests.web.ts';
import { smpChangeRequestsApi } from './smp-change-requests.api.ts';
import { createSmpSettingsService, type SmpSettingsService } from './smp-settings.service.ts';
import { smpSettingsWeb } from './smp-settings.web.ts';
import { smpReviewWeb } from './smp-review.web.ts';
import { smpDisputeWeb } from './smp-dispute.web.ts';
import { smpApi } from './smp.api.ts';
import { createSmpService, type SmpService } from './smp.service.ts';
import type { SmpTables } from './smp.tables.ts';
import { smpWeb, type SmpWebDeps } from './smp.web.ts';
import { documentRegisterWeb } from './document-register.web.ts';

/**
 * The Security Management Plan (clause 4): versions of plans with the six sections 4.2.1 (a)–(f)
 * requires, completeness and plain English checks (4.2.1(g), a rule for the whole plan), and the
 * two-party Approval workflow on the contract's Working-Day clocks.
 */
export { hashContent, type SmpService, type SmpVersion } from './smp.service.ts';
export type { SmpReview, SmpReviewService } from './smp-review.service.ts';
export type { SmpChangeRequest, SmpChangeRequestService } from './smp-change-requests.service.ts';
export type { SmpSettingsService } from './smp-settings.service.ts';
export type { ImportStore as SmpImportStore } from './smp-import.store.ts';
export { checkCompleteness, type CompletenessError } from './completeness.ts';
export { REQUIRED_SECTIONS, emptyContent, type PlanContent, type PlanSection } from './smp-content.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    smp: SmpService;
    smpReviews: SmpReviewService;
    smpImports: ImportStore;
    smpChangeRequests: SmpChangeRequestService;
    smpSettings: SmpSettingsService;
  }
}

const permissions = {
  'contract:smp:versions': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    systemAdmin: true,
    about: 'Every version of the Security Management Plan (everyone else with contract:view reads the plan in force).',
  },
  'contract:smp:edit': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about: "Writing and submitting the plan: the Agency's security manager (clause 4.3.1).",
  },
  'contract:smp:decide': {
    scope: 'contract',
    roles: ['client-representative'],
    about: "Approving or refusing a submitted plan: the Client's Representative (clause 4.3.2).",
  },
  'contract:smp:documents:answer': {
    scope: 'contract',
    roles: ['client-representative'],
    about:
      "Confirming or disputing that the Client holds a document in the plan's register (clause 4.2.1(g)): the Client's Representative.",
  },
  'contract:smp:dispute': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative'],
    about:
      "Recording the outcome of the Dispute Resolution Procedure after a second refusal, and confirming or declining the other party's record: each party's lead (clause 4.3.2).",
  },
  'contract:smp:request-change': {
    scope: 'contract',
    roles: ['client-representative'],
    about:
      "Asking the Agency for a change to the plan in force, saying what and why, and withdrawing the request: the Client's Representative (clauses 4.4.1(e), 4.4.3).",
  },
  'contract:smp:settings': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative'],
    systemAdmin: true,
    about:
      "The plan's settings both leads may change: how many Working Days a fast-tracked change has to be formalised (clause 4.4.4).",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function smpPlugin(app: FastifyInstance, opts: SmpWebDeps): Promise<void> {
  smpWeb(app, opts);
  documentRegisterWeb(app, opts);
  smpReviewWeb(app, opts);
  smpDisputeWeb(app, opts);
  smpChangeRequestsWeb(app, opts);
  smpSettingsWeb(app, opts);
  await app.register(smpApi, opts);
  await app.register(smpChangeRequestsApi, opts);
  await smpImportWeb(app, opts);
}

export const smpModule = defineModule({
  name: 'security-management-plan',
  about:
    'The Security Management Plan (paragraph 4): versions, health checks, the two-party Approval workflow, annual reviews and Word import and export.',
  tables: ownTables<SmpTables>({
    smp_plans: true,
    smp_versions: true,
    smp_decisions: true,
    smp_disputes: true,
    smp_documents: true,
    smp_reviews: true,
    smp_imports: true,
    smp_change_requests: true,
  }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['smp', 'smpReviews', 'smpImports', 'smpChangeRequests', 'smpSettings'],
  needs: ['audit', 'deadlines', 'notifications', 'contracts', 'variations', 'waiting'],
  services: ({ uow, clock, workers }, { audit, deadlines, notifications, contracts, variations, waiting }) => {
    const smp = createSmpService({ uow, clock, audit, deadlines, notifications, contracts, variations, workers });
    // Every contract starts with an empty plan and its 20 Working Day clock (A4.3.1).
    contracts.onCreated(async (contract) => void (await smp.ensurePlan(contract.id)));
    // ...which moves with a corrected Start Date while it is open.
    deadlines.followStartDate('smp.delivery');
    // The Client's Representative sees on the contracts list the versions awaiting their decision.
    waiting.register(decisionsWaiting({ uow, contracts, variations }));
    const smpReviews = createSmpReviewService({ uow, clock, audit, deadlines, notifications, contracts, plans: smp });
    return {
      smp,
      smpReviews,
      smpImports: createImportStore({ uow, clock }),
      smpChangeRequests: createSmpChangeRequestService({
        uow,
        clock,
        audit,
        notifications,
        contracts,
        plans: smp,
        reviews: smpReviews,
      }),
      smpSettings: createSmpSettingsService({ uow, clock, audit, notifications, contracts, plans: smp }),
    };
  },
  web: { routes: (app, services, ctx) => smpPlugin(app, { ...services, workers: ctx.workers }) },
  cli: { uses: [], register: smpCli },
  contractLinks: [
    {
      path: 'smp',
      title: 'Security Management Plan',
      about: "the plan in force, its versions and the Client's decisions.",
      permission: 'contract:view',
      order: 10,
    },
  ],
  apiTags: [{ name: 'Security Management Plan', description: 'The plan in force, its versions and decisions.' }],
});

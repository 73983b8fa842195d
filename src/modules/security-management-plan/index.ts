import type { FastifyInstance } from 'fastify';
import { smpWeb, type SmpWebDeps } from './smp.web.ts';
import { smpReviewWeb } from './smp-review.web.ts';
import { smpApi } from './smp.api.ts';
import { smpImportWeb } from './smp-import.web.ts';

/**
 * The Security Management Plan (clause 4): versions of seven-part plans, completeness and plain
 * English checks, and the two-party Approval workflow on the contract's Working-Day clocks.
 */
export { createSmpService, hashContent, type SmpService, type SmpVersion } from './smp.service.ts';
export { createSmpReviewService, type SmpReview, type SmpReviewService } from './smp-review.service.ts';
export { createImportStore as createSmpImportStore, type ImportStore as SmpImportStore } from './smp-import.store.ts';
export { checkCompleteness, type CompletenessError } from './completeness.ts';
export { smpCli } from './smp.cli.ts';
export { REQUIRED_SECTIONS, emptyContent, type PlanContent, type PlanSection } from './smp-content.ts';

export async function smpPlugin(app: FastifyInstance, opts: SmpWebDeps): Promise<void> {
  smpWeb(app, opts);
  smpReviewWeb(app, opts);
  await app.register(smpApi, opts);
  await smpImportWeb(app, opts);
}

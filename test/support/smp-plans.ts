import { REQUIRED_SECTIONS } from '../../src/modules/security-management-plan/index.ts';
import type { aContractWithLeads } from './builders.ts';
import type { TestApp } from './test-app.ts';

type Leads = Awaited<ReturnType<typeof aContractWithLeads>>;

/** Prose that passes the plan's completeness and plain-English checks, about a topic. */
export const planProse = (topic: string) =>
  `We protect ${topic} with clear controls. Each control has an owner who checks it every month and reports to the security manager. We record every check and fix what fails within five working days.`;

/** A draft with every required section written and the given delegated roles (the security manager by default). */
export async function aCompleteDraft(
  t: TestApp,
  c: Leads,
  roles = [{ role: 'Security manager', userId: c.manager.id }],
) {
  const v = await t.services.smp.draft(c.agencyActor, c.contract.id);
  for (const s of REQUIRED_SECTIONS)
    await t.services.smp.saveSection(c.agencyActor, c.contract.id, v.id, {
      key: s.key,
      markdown: planProse(s.heading),
    });
  await t.services.smp.saveLists(c.agencyActor, c.contract.id, v.id, { roles, thirdParties: [] });
  return v;
}

/** The first plan, complete, submitted by the Agency and Approved by the Client: the plan in force. */
export async function anApprovedFirstPlan(t: TestApp, c: Leads) {
  const v = await aCompleteDraft(t, c);
  const submitted = await t.services.smp.submit(c.agencyActor, c.contract.id, v.id);
  await t.services.smp.decide(c.clientActor, c.contract.id, v.id, {
    decision: 'approved',
    contentHash: submitted.content_hash,
    reasons: [],
  });
  return submitted;
}

/** A revision of the plan in force (one section changed), submitted as a Variation, “Cloud backups”. */
export async function aSubmittedVariation(t: TestApp, c: Leads) {
  const draft = await t.services.smp.draft(c.agencyActor, c.contract.id);
  await t.services.smp.saveSection(c.agencyActor, c.contract.id, draft.id, {
    key: 'measures',
    markdown: planProse('cloud backups'),
  });
  return t.services.smp.submit(c.agencyActor, c.contract.id, draft.id, {
    title: 'Cloud backups',
    rationale: 'Backups move to the cloud.',
  });
}

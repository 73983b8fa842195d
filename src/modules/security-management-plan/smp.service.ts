import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditLog } from '../audit-log/index.ts';
import { partyLeads, type Contract, type Membership, type Party } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { Variation, VariationsService } from '../variations/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import type { SmpDecisionsTable, SmpPlansTable, SmpTables, SmpVersionsTable } from './smp.tables.ts';
import { fromFlag, fromJson, toFlag, toJson, type UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
  actorId,
} from '../../platform/kernel/index.ts';
import type { WorkerPool } from '../../platform/workers/index.ts';
import { checkCompleteness, type CompletenessError } from './completeness.ts';
import { citedDocuments, pinnedDocuments } from './cited-documents.ts';
import { plainEnglishChecker } from './plan-health/plain-english-checker.ts';
import { createDocumentRegister } from './document-register.ts';
import { confirmedFindings, openFindingsText } from './open-findings.ts';
import { contentWithOneLineEnding, emptyContent, planContentSchema, type PlanContent } from './smp-content.ts';
import { smpRepository } from './smp.repository.ts';
import { decisionInput, listsInput, sectionInput } from './smp.schemas.ts';
import { planVersionRef, restartReviewClock, startResubmissionClock } from './smp-clocks.ts';
import { disputeSteps } from './smp-dispute.ts';
import { planStateLine } from './smp-state-line.ts';
import {
  meetDecisionClock,
  startApprovalTarget,
  startDecisionClock,
  stopApprovalTarget,
  stopDecisionClock,
} from './smp-approval-clocks.ts';
import { diffVersions, summariseDiff } from './version-diff.ts';
import { versionName } from './version-name.ts';
import { DEFAULT_FORMALISE_WITHIN_DAYS } from './smp-settings.service.ts';

/** SHA-256 of the RFC 8785 canonical JSON of a version's content: what an approval is bound to. */
export const hashContent = (content: PlanContent) =>
  crypto.createHash('sha256').update(canonicalize(content)!).digest('hex');

export interface SmpDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  deadlines: DeadlinesService;
  notifications: NotificationsService;
  variations: VariationsService;
  /** Runs the plain-English check off the main thread. */
  workers: WorkerPool;
  contracts: {
    get(id: string): Promise<Contract>;
    memberships(id: string): Promise<Membership[]>;
    members(id: string): Promise<{ id: string; organisationId: string; displayName: string }[]>;
  };
}

export type SmpVersion = Omit<SmpVersionsTable, 'content' | 'submitted_findings'> & {
  content: PlanContent;
  /** The completeness findings the Agency confirmed when it submitted with them open (clause 4.3.1); empty if none. */
  submittedFindings: CompletenessError[];
};
/** A decision as pages, exports and the API read it: reasons parsed, the paragraph 4.2 ground as a boolean. */
export type SmpDecision = Omit<SmpDecisionsTable, 'reasons' | 'fails_4_2'> & {
  reasons: { text: string; clause?: string }[];
  fails42: boolean;
};
export type SmpService = ReturnType<typeof createSmpService>;
/** A version went to the Client (as a Variation once a plan is in force) or its Variation was withdrawn: told inside that transaction. */
export interface VersionEvent {
  kind: 'submitted' | 'withdrawn';
  actor: Actor;
  contractId: string;
  version: { id: string; number: number };
  variation: Variation | undefined;
}

/**
 * The Security Management Plan's two-party workflow (clause 4.3): the Agency writes versions and
 * submits them; the Client's Representative approves or refuses exactly the version (by hash) they
 * read; a second refusal in a cycle goes to dispute. Each step commits with its audit event, its
 * deadlines (through the deadlines service) and its notifications (through the outbox).
 */
export function createSmpService(deps: SmpDeps) {
  const { uow, clock, audit, deadlines } = deps;
  const repo = smpRepository(uow.tables<SmpTables>());
  const now = () => iso(clock.now());
  const toVersion = ({ submitted_findings, ...r }: SmpVersionsTable): SmpVersion => ({
    ...r,
    content: fromJson<PlanContent>(r.content),
    submittedFindings: submitted_findings ? fromJson<CompletenessError[]>(submitted_findings) : [],
  });
  const toDecision = ({ reasons, fails_4_2, ...rest }: SmpDecisionsTable): SmpDecision => ({
    ...rest,
    reasons: fromJson(reasons),
    fails42: fromFlag(fails_4_2),
  });
  const register = createDocumentRegister({ uow, clock, audit });
  // The plain-English report of a large plan takes seconds: it runs on the worker pool, cached by content.
  const plainEnglish = plainEnglishChecker(deps.workers);

  /** Who may hold a role the plan delegates (clause 4.2.1(b)): the Agency's people on the contract. */
  async function rolePeople(contractId: string) {
    const contract = await deps.contracts.get(contractId);
    return (await deps.contracts.members(contractId)).filter((u) => u.organisationId === contract.agencyOrganisationId);
  }

  /** Who leads each side: the people told about the other side's moves. */
  const leads = async (contract: Contract, party: Party) =>
    partyLeads(contract, await deps.contracts.memberships(contract.id), party);

  async function notify(
    contract: Contract,
    people: string[],
    kind: string,
    key: string,
    subject: string,
    text: string,
  ) {
    await deps.notifications.enqueueMany(
      people.map((userId) => ({
        userId,
        contractId: contract.id,
        kind,
        key: `${key}:${userId}`,
        subject,
        text,
        link: `/contracts/${contract.id}/smp`,
      })),
    );
  }

  /**
   * The Agency's people named in an Approved version for a delegated role (clause 4.2.1(b)) hear of
   * the Approval, and which role it names them for; the leads already heard. Only people still on
   * the Agency's side of the contract are told.
   */
  async function tellNamedStaff(
    contract: Contract,
    version: SmpVersion,
    alreadyTold: readonly string[],
    variation: Variation | undefined,
  ) {
    const agency = new Set((await rolePeople(contract.id)).map((u) => u.id));
    const named = new Map<string, string[]>();
    for (const r of version.content.roles)
      if (agency.has(r.userId) && !alreadyTold.includes(r.userId))
        named.set(r.userId, [...(named.get(r.userId) ?? []), r.role]);
    const when = !variation
      ? 'It is now the plan in force.'
      : variation.fastTrack
        ? `As Variation ${variation.number}, it is the plan in force now (clause 4.4.4).`
        : `As Variation ${variation.number}, it takes effect once the signed Variation is recorded.`;
    for (const [userId, roles] of named)
      await notify(
        contract,
        [userId],
        'smp.approved',
        `smp:${version.id}:approved-named`,
        `Security Management Plan ${versionName(version, variation)} Approved (${contract.orderReference})`,
        `The Client's Representative Approved ${versionName(version, variation)} of the Security Management Plan for ${contract.orderReference} – ${contract.title}. ${when}\n\nThe plan names you for ${roles.map((r) => `“${r}”`).join(' and ')} (clause 4.2.1(b)): read what it asks of you.`,
      );
  }

  /** The plan of a contract, created with an empty first draft and its 20 Working Day clock (A4.3.1) the first time. */
  async function ensurePlan(contractId: string): Promise<SmpPlansTable> {
    // Nearly always there already: only the first use of a contract writes (and checks again inside).
    const found = await repo.planFor(contractId);
    if (found) return found;
    return uow.transaction(async () => {
      const again = await repo.planFor(contractId);
      if (again) return again;
      const contract = await deps.contracts.get(contractId);
      const at = now();
      const plan: SmpPlansTable = {
        id: newId(),
        contract_id: contractId,
        in_force_version_id: null,
        first_submitted_at: null,
        refusals_in_cycle: 0,
        formalise_within_days: DEFAULT_FORMALISE_WITHIN_DAYS,
        created_at: at,
        updated_at: at,
      };
      await repo.insertPlan(plan);
      const firstVersionId = newId();
      await repo.insertVersion({
        id: firstVersionId,
        plan_id: plan.id,
        number: 1,
        status: 'draft',
        based_on_version_id: null,
        content: toJson(emptyContent()),
        content_hash: null,
        submitted_at: null,
        submitted_by: null,
        submitted_findings: null,
        created_at: at,
        created_by: 'system:smp',
        updated_at: at,
      });
      await audit.record({
        actor: { type: 'system', name: 'smp' },
        action: 'smp.create',
        contractId,
        resource: { type: 'smp', id: plan.id },
      });
      await deadlines.create({ type: 'system', name: 'smp' }, contractId, {
        kind: 'smp.delivery',
        clause: 'A4.3.1',
        title: 'Deliver the Security Management Plan for Approval',
        ownerParty: 'agency',
        subjectType: 'smp',
        subjectId: plan.id,
        belongsTo: planVersionRef(contractId, { id: firstVersionId, number: 1 }),
        triggerLabel: 'the Start Date',
        triggerDate: contract.startDate.slice(0, 10),
        ruleKind: 'working-days',
        ruleCount: 20,
      });
      return plan;
    });
  }

  /**
   * The register entries a version's references resolve to: the live register for a draft, the
   * entries it pinned once submitted, and for a version submitted before entries were pinned the
   * register as it stood at its submission (so a later edit or removal cannot change it).
   */
  async function documentsFor(contractId: string, v: Pick<SmpVersion, 'content' | 'status' | 'submitted_at'>) {
    if (v.status === 'draft' || !v.submitted_at) return register.list(contractId);
    return v.content.documents ?? register.asOf(contractId, v.submitted_at);
  }

  async function versionOf(
    contractId: string,
    versionId: string,
  ): Promise<{ plan: SmpPlansTable; version: SmpVersion }> {
    const plan = await ensurePlan(contractId);
    const row = await repo.version(versionId);
    if (!row || row.plan_id !== plan.id) throw new NotFoundError('The plan version');
    return { plan, version: toVersion(row) };
  }

  /** The draft to edit, inside the caller's transaction: the newest version if it is a draft, else a new draft copied from it. */
  async function draftIn(actor: Actor, plan: SmpPlansTable, contractId: string): Promise<SmpVersion> {
    const latest = (await repo.latest(plan.id))!;
    if (latest.status === 'draft') return toVersion(latest);
    if (latest.status === 'submitted')
      throw new ConflictError(
        'smp_awaiting_decision',
        `Version ${latest.number} is with the Client for a decision: it cannot be changed, and a new draft can start once they decide`,
      );
    const at = now();
    const row: SmpVersionsTable = {
      id: newId(),
      plan_id: plan.id,
      number: latest.number + 1,
      status: 'draft',
      based_on_version_id: latest.id,
      // A draft reads the live register: the entries its predecessor pinned are not copied.
      content: toJson({ ...fromJson<PlanContent>(latest.content), documents: undefined }),
      content_hash: null,
      submitted_at: null,
      submitted_by: null,
      submitted_findings: null,
      created_at: at,
      created_by: actorId(actor),
      updated_at: at,
    };
    await repo.insertVersion(row);
    await audit.record({
      actor,
      action: 'smp-version.create',
      contractId,
      resource: { type: 'smp-version', id: row.id },
      details: { number: row.number, basedOn: latest.number },
    });
    return toVersion(row);
  }

  async function draft(actor: Actor, contractId: string): Promise<SmpVersion> {
    return uow.transaction(async () => draftIn(actor, await ensurePlan(contractId), contractId));
  }

  /**
   * Makes an Approved version the plan in force (clause 4.3.2 "adopted immediately"). The first
   * Approval starts the annual review clock; a later change taking effect (a Variation, fast-tracked
   * or formalised) leaves it alone, since 4.4.1 counts from the last full review.
   */
  async function adopt(
    actor: Actor,
    contractId: string,
    planId: string,
    version: { id: string; number: number; content_hash: string | null },
  ) {
    const at = now();
    const first = !(await repo.planFor(contractId))?.in_force_version_id;
    await repo.updatePlan(planId, {
      in_force_version_id: version.id,
      first_submitted_at: null,
      refusals_in_cycle: 0,
      updated_at: at,
    });
    if (first)
      await restartReviewClock(deadlines, actor, {
        contractId,
        planId,
        today: civilDateInLondon(clock.now()),
        after: 'the first Approval',
        version,
      });
    await audit.record({
      actor,
      action: 'smp.in-force',
      contractId,
      resource: { type: 'smp-version', id: version.id },
      details: { number: version.number, contentHash: version.content_hash },
    });
  }

  /** Why a decision on this version comes too late, in words: who decided it and when, and which version is now the newest. */
  async function whatChanged(plan: SmpPlansTable, version: SmpVersion): Promise<string> {
    const [decided] = await repo.decisions([version.id]);
    const latest = await repo.latest(plan.id);
    const when = (at: string) =>
      new Date(at).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
    const parts = [
      decided
        ? `Version ${version.number} is no longer awaiting a decision: it was ${decided.decision === 'approved' ? 'Approved' : 'not Approved'} on ${when(decided.decided_at)}`
        : `Version ${version.number} is no longer awaiting a decision: it is ${version.status.replace('-', ' ')}`,
    ];
    if (latest && latest.id !== version.id)
      parts.push(`the newest is version ${latest.number} (${latest.status.replace('-', ' ')})`);
    return `${parts.join('; ')}. Reload the plan to see it.`;
  }

  /** Approving or refusing a version, bound to its hash (one decision per version). */
  async function recordDecision(
    actor: Actor,
    version: SmpVersion,
    decision: 'approved' | 'not-approved',
    reasons: { text: string; clause?: string | undefined }[],
    fails42: boolean,
  ) {
    const at = now();
    if (!(await repo.transition(version.id, 'submitted', { status: decision, updated_at: at })))
      throw new ConflictError('smp_stale', `Version ${version.number} was decided meanwhile`);
    await repo.insertDecision({
      id: newId(),
      version_id: version.id,
      decision,
      content_hash: version.content_hash!,
      reasons: toJson(reasons),
      fails_4_2: toFlag(fails42),
      decided_by: actorId(actor),
      decided_at: at,
    });
  }

  const versionListeners: ((e: VersionEvent) => Promise<void>)[] = [];
  const versionChanged = async (e: VersionEvent) => {
    for (const listen of versionListeners) await listen(e);
  };

  // A change to the plan in force goes through the Variation Procedure (clause 4.4.3); once agreed it takes effect at once (fast-track, 4.4.4) or when formalised.
  const versionOfVariation = async (v: Variation) => {
    const row = await repo.version(v.subject_ref);
    if (!row) throw new NotFoundError('The proposed plan version');
    return toVersion(row);
  };
  deps.variations.registerSubject({
    type: 'smp',
    label: 'the Security Management Plan',
    link: (v) => `/contracts/${v.contract_id}/smp/versions/${v.subject_ref}`,
    takeEffect: async (v, actor) => adopt(actor, v.contract_id, v.subject_id, await versionOfVariation(v)),
    withdraw: async (v, actor) => withdrawVersion(actor, v, await versionOfVariation(v)),
    // The contract's leads set how long formalising a fast-tracked change may take (clause 4.4.4).
    formaliseWithinDays: async (v) => (await ensurePlan(v.contract_id)).formalise_within_days,
    // A resubmission after a notice of non-approval is the Agency's duty under clause 4.3.2, not an offer it can take back.
    whyNotWithdrawable: async (v) => {
      const plan = await ensurePlan(v.contract_id);
      return plan.refusals_in_cycle > 0
        ? `Variation ${v.number} is the resubmission clause 4.3.2 requires after a notice of non-approval, so it cannot be withdrawn: the Client's Representative decides on it, and a second refusal goes to the Dispute Resolution Procedure.`
        : null;
    },
  });

  /**
   * The Agency withdrew the Variation proposing this version before the Client decided: the version
   * is withdrawn, the plan in force stays, and the approval cycle it opened ends with its 15 Working
   * Day clock (a later proposal starts a cycle of its own, clause 4.3.2).
   */
  async function withdrawVersion(actor: Actor, v: Variation, version: SmpVersion) {
    const at = now();
    if (!(await repo.transition(version.id, 'submitted', { status: 'withdrawn', updated_at: at })))
      throw new ConflictError('smp_stale', `Version ${version.number} was decided meanwhile`);
    await repo.updatePlan(v.subject_id, { first_submitted_at: null, refusals_in_cycle: 0, updated_at: at });
    for (const d of await deadlines.outstandingFor(v.contract_id, 'smp.approval', v.subject_id))
      await deadlines.supersede(actor, d.id, undefined);
    await stopDecisionClock(
      deadlines,
      actor,
      v.contract_id,
      v.subject_id,
      `The Agency withdrew Variation ${v.number} before the Client decided`,
    );
    await audit.record({
      actor,
      action: 'smp-version.withdraw',
      contractId: v.contract_id,
      resource: { type: 'smp-version', id: version.id },
      details: { number: version.number, variation: v.number },
    });
    await versionChanged({ kind: 'withdrawn', actor, contractId: v.contract_id, version, variation: v });
  }

  async function saveContent(
    actor: Actor,
    contractId: string,
    versionId: string,
    change: (c: PlanContent) => PlanContent,
    what: Record<string, unknown>,
  ) {
    return uow.transaction(async () => {
      const { version } = await versionOf(contractId, versionId);
      if (version.status !== 'draft')
        throw new ConflictError(
          'smp_not_draft',
          `Version ${version.number} has been submitted and can no longer change`,
        );
      const next = parseInput(planContentSchema, change(structuredClone(version.content)));
      if (!(await repo.saveDraft(version.id, toJson(next), now())))
        throw new ConflictError(
          'smp_not_draft',
          `Version ${version.number} was submitted meanwhile and can no longer change`,
        );
      await audit.record({
        actor,
        action: 'smp-version.update',
        contractId,
        resource: { type: 'smp-version', id: version.id },
        details: { number: version.number, ...what },
      });
      return next;
    });
  }

  return {
    ensurePlan,
    draft,
    draftIn,
    /** Listens for versions submitted or withdrawn (the Client's change requests they answer follow them). */
    onVersionChange: (listener: (e: VersionEvent) => Promise<void>) => void versionListeners.push(listener),
    hashContent,
    async overview(contractId: string) {
      const plan = await ensurePlan(contractId);
      const versions = (await repo.versions(plan.id)).map(toVersion);
      const decisions = (await repo.decisions(versions.map((v) => v.id))).map(toDecision);
      // Every dispute, newest first: the open one (if any) and the outcomes recorded (clause 4.3.2).
      const disputes = await repo.disputes(plan.id);
      return {
        plan,
        versions,
        decisions,
        disputes,
        dispute: disputes.find((d) => d.status === 'open'),
        inForce: versions.find((v) => v.id === plan.in_force_version_id),
      };
    },
    /** Whose move it is on the plan and by when, in one sentence, from its state and running clocks (smp-state-line.ts). */
    async stateLine(contractId: string): Promise<string> {
      const plan = await ensurePlan(contractId);
      const versions = await repo.versions(plan.id);
      const decisions = await repo.decisions(versions.map((v) => v.id));
      const running = (await deadlines.listForContract(contractId, ['open', 'missed'])).filter(
        (d) => d.subject?.type === 'smp' && d.subject.id === plan.id && !d.metAt,
      );
      const latest = versions[0];
      const variation = latest?.status === 'submitted' ? await deps.variations.forSubject('smp', latest.id) : undefined;
      return planStateLine({
        versions,
        inForceNumber: versions.find((v) => v.id === plan.in_force_version_id)?.number ?? null,
        decidedAt: Object.fromEntries(decisions.map((d) => [d.version_id, d.decided_at])),
        disputes: await repo.disputes(plan.id),
        running,
        variationNumber: variation?.number,
      });
    },
    version: async (contractId: string, versionId: string) => (await versionOf(contractId, versionId)).version,
    /**
     * The versions a register entry matters to, newest first: the draft and a version awaiting a
     * decision that cite it, and the plan in force if it does (what removing the entry affects).
     */
    async versionsCiting(contractId: string, documentId: string) {
      const plan = await ensurePlan(contractId);
      const out: { id: string; number: number; status: SmpVersion['status']; inForce: boolean }[] = [];
      for (const v of (await repo.versions(plan.id)).map(toVersion)) {
        const inForce = v.id === plan.in_force_version_id;
        if (!inForce && v.status !== 'draft' && v.status !== 'submitted') continue;
        const cited = citedDocuments(v.content, await documentsFor(contractId, v));
        if (cited.some((c) => c.document?.id === documentId))
          out.push({ id: v.id, number: v.number, status: v.status, inForce });
      }
      return out;
    },
    /** A version with its decision and the register entries it cites, for export: everything the document prints. */
    async forExport(contractId: string, versionId: string) {
      const { plan, version } = await versionOf(contractId, versionId);
      const [decision] = (await repo.decisions([version.id])).map(toDecision);
      const cited = citedDocuments(version.content, await documentsFor(contractId, version));
      // A version Approved by the outcome of the Dispute Resolution Procedure: its decision row is the
      // refusal that sent it there, so the outcome is what says it was Approved (clause 4.3.2).
      const approvedByDispute = (await repo.disputes(plan.id)).find(
        (d) => d.version_id === version.id && d.status === 'resolved' && d.outcome === 'approve-as-is',
      );
      return { plan, version, decision, approvedByDispute, cited, inForce: plan.in_force_version_id === version.id };
    },
    /** Replaces one section's heading and Markdown in a draft (before/after sizes are audited, not the text). */
    async saveSection(actor: Actor, contractId: string, versionId: string, input: unknown) {
      const data = parseInput(sectionInput, input);
      return saveContent(
        actor,
        contractId,
        versionId,
        (c) => {
          const s = c.sections.find((x) => x.key === data.key);
          if (!s) throw new NotFoundError('The section');
          s.markdown = data.markdown;
          if (data.heading) s.heading = data.heading;
          return c;
        },
        { section: data.key, bytes: Buffer.byteLength(data.markdown) },
      );
    },
    rolePeople,
    /**
     * The delegated roles and third parties of a draft, from rows: each role must be held by one of
     * the Agency's people on the contract (rolePeople), whoever sends it (pages, API or import).
     * Errors are keyed by row: `roles.2.userId`, `thirdParties.0.name`.
     */
    async saveLists(actor: Actor, contractId: string, versionId: string, input: unknown) {
      const rows = parseInput(listsInput, input);
      return uow.transaction(async () => {
        const agency = new Set((await rolePeople(contractId)).map((u) => u.id));
        const fields: Record<string, string> = {};
        const lists: Pick<PlanContent, 'roles' | 'thirdParties'> = { roles: [], thirdParties: [] };
        rows.roles.forEach(({ role, userId }, i) => {
          if (!role && !userId) return;
          if (!role) fields[`roles.${i}.role`] = `Enter the role for row ${i + 1}`;
          else if (!agency.has(userId)) fields[`roles.${i}.userId`] = `Select a person from the Agency for “${role}”`;
          else lists.roles.push({ role, userId });
        });
        rows.thirdParties.forEach(({ name, access, riskProcess }, i) => {
          if (!name && !access && !riskProcess) return;
          if (!name) fields[`thirdParties.${i}.name`] = `Enter the name of third party ${i + 1}`;
          else lists.thirdParties.push({ name, access, riskProcess });
        });
        if (Object.keys(fields).length) throw new ValidationError(fields);
        return saveContent(actor, contractId, versionId, (c) => ({ ...c, ...lists }), {
          roles: lists.roles.length,
          thirdParties: lists.thirdParties.length,
        });
      });
    },
    /** Replaces a draft's whole content (an imported document, once its headings are mapped); the sizes are audited, not the text. */
    async replaceContent(
      actor: Actor,
      contractId: string,
      versionId: string,
      content: PlanContent,
      what: Record<string, unknown>,
    ) {
      return saveContent(actor, contractId, versionId, () => content, what);
    },
    register,
    /** Completeness of draft content against clause 4.2.1, references checked against the contract's register. */
    completeness: async (contractId: string, content: PlanContent) =>
      checkCompleteness(content, await register.list(contractId)),
    documentsFor,
    /**
     * The plan-health panel: completeness (shown to both parties; the Agency may submit with findings
     * open once it confirms them) and plain-English advice (never blocks). A submitted version is
     * checked against the register entries it pinned. The advice is null, with the reason in
     * `plainEnglishUnavailable`, when the check was refused because every worker is busy or was
     * stopped for taking too long.
     */
    async health(contractId: string, version: Pick<SmpVersion, 'content' | 'status' | 'submitted_at'>) {
      const completeness = checkCompleteness(version.content, await documentsFor(contractId, version));
      const { report, unavailable } = await plainEnglish(version.content.sections);
      return { completeness, plainEnglish: report, ...(unavailable ? { plainEnglishUnavailable: unavailable } : {}) };
    },

    /**
     * What submitting a draft now would fix: the SHA-256 of its content with the register entries it
     * cites pinned, exactly as submit() computes it, so "check your answers" shows the hash the Client
     * will decide on.
     */
    async submissionHash(contractId: string, content: PlanContent): Promise<string> {
      const normal = contentWithOneLineEnding(content);
      return hashContent({ ...normal, documents: pinnedDocuments(normal, await register.list(contractId)) });
    },

    /**
     * Submits a draft for Approval (clause 4.3.1) or resubmits after a refusal (4.3.2). Once a plan is
     * in force, a new version is instead proposed as a Variation (4.4.3) with its title and rationale.
     * Open completeness findings do not stop delivery: the Agency confirms how many it is submitting
     * with (`confirmOpenFindings`), and they are kept with the version for the Client. The register
     * entries the version cites are pinned into its content, so its hash covers them.
     */
    async submit(
      actor: Actor,
      contractId: string,
      versionId: string,
      input: { title?: unknown; rationale?: unknown; confirmOpenFindings?: unknown } = {},
    ): Promise<SmpVersion> {
      return uow.transaction(async () => {
        const { plan, version } = await versionOf(contractId, versionId);
        if (await repo.openDispute(plan.id))
          throw new ConflictError(
            'smp_in_dispute',
            'The plan is in the Dispute Resolution Procedure: both parties record its outcome before a new version can be submitted',
          );
        // A draft saved before line endings were normalised at entry is normalised here, before its
        // hash is fixed; versions already submitted keep the text and hash they were decided on.
        const content = contentWithOneLineEnding(version.content);
        const normalised = canonicalize(content) !== canonicalize(version.content);
        if (normalised && !(await repo.saveDraft(version.id, toJson(content), now())))
          throw new ConflictError('smp_not_draft', `Version ${version.number} was already submitted`);
        const live = await register.list(contractId);
        const findings = confirmedFindings(version.number, checkCompleteness(content, live), input.confirmOpenFindings);
        const submitted: PlanContent = { ...content, documents: pinnedDocuments(content, live) };
        const contract = await deps.contracts.get(contractId);
        const clientLeads = await leads(contract, 'client');
        const inForce = plan.in_force_version_id
          ? (await versionOf(contractId, plan.in_force_version_id)).version
          : undefined;
        const hash = hashContent(submitted);
        const at = now();
        if (
          !(await repo.transition(version.id, 'draft', {
            status: 'submitted',
            content: toJson(submitted),
            submitted_findings: findings.length ? toJson(findings) : null,
            content_hash: hash,
            submitted_at: at,
            submitted_by: actorId(actor),
            updated_at: at,
          }))
        )
          throw new ConflictError('smp_not_draft', `Version ${version.number} was already submitted`);
        const variation = inForce
          ? await deps.variations.propose(actor, {
              contractId,
              party: 'agency',
              subjectType: 'smp',
              subjectId: plan.id,
              subjectRef: version.id,
              subjectHash: hash,
              changes: summariseDiff(diffVersions(inForce.content, content)),
              title: input.title,
              rationale: input.rationale,
            })
          : undefined;
        await versionChanged({ kind: 'submitted', actor, contractId, version, variation });
        // Clause 4.3.2 runs the same cycle for the first plan and for any revision under paragraph 4.4.
        const first = plan.first_submitted_at === null;
        const clocks = {
          contractId,
          planId: plan.id,
          today: civilDateInLondon(clock.now()),
          belongsTo: planVersionRef(contractId, version, variation),
        };
        if (first) {
          await repo.updatePlan(plan.id, { first_submitted_at: at, updated_at: at });
          await startApprovalTarget(deadlines, clocks);
        }
        await startDecisionClock(deadlines, { ...clocks, version, variation });
        // Resubmitting answers the refusal of the version this one was based on.
        if (version.based_on_version_id)
          await deps.notifications.markActedOn(actor, [`smp:${version.based_on_version_id}:decided:`]);
        for (const kind of ['smp.delivery', 'smp.resubmission'] as const)
          for (const d of await deadlines.outstandingFor(contractId, kind, plan.id))
            await deadlines.meet(actor, d.id, {});
        await audit.record({
          actor,
          action: 'smp-version.submit',
          contractId,
          resource: { type: 'smp-version', id: version.id },
          details: {
            number: version.number,
            contentHash: hash,
            resubmission: !first,
            variation: variation?.number ?? null,
            openFindings: findings,
            documents: submitted.documents!.map((d) => d.id),
            ...(normalised ? { lineEndingsNormalised: true } : {}),
          },
        });
        const as = variation
          ? `: ${variation.title}.\nWhy: ${variation.rationale}\nChanges against the plan in force:\n${variation.changes.map((c) => `- ${c}`).join('\n')}\n`
          : ' for your Approval.\n';
        await notify(
          contract,
          clientLeads,
          'smp.submitted',
          `smp:${version.id}:submitted`,
          `Security Management Plan ${versionName(version, variation)} submitted for Approval (${contract.orderReference})`,
          `The Agency has ${first ? 'submitted' : 'resubmitted'} ${versionName(version, variation)} of the Security Management Plan for ${contract.orderReference} – ${contract.title}${as}Its SHA-256 is ${hash}.${openFindingsText(findings)}`,
        );
        return {
          ...version,
          content: submitted,
          submittedFindings: findings,
          status: 'submitted' as const,
          content_hash: hash,
          submitted_at: at,
          submitted_by: actorId(actor),
        };
      });
    },

    /**
     * The outcome of the Dispute Resolution Procedure after a second refusal (clause 4.3.2), recorded by
     * one party's lead and confirmed (or declined) by the other's: see smp-dispute.ts.
     */
    dispute: (contractId: string) =>
      disputeSteps({
        uow,
        clock,
        audit,
        deadlines,
        variations: deps.variations,
        plan: () => ensurePlan(contractId),
        contract: () => deps.contracts.get(contractId),
        leads,
        notify,
        adopt: (actor, version) => adopt(actor, contractId, version.plan_id, version),
      }),

    /**
     * The Client's Representative's decision on exactly the version and hash they read. A decision on
     * a version that is no longer awaiting one, or whose hash differs, is refused and says why.
     */
    async decide(actor: Actor, contractId: string, versionId: string, input: unknown) {
      const data = parseInput(decisionInput, input);
      return uow.transaction(async () => {
        const { plan, version } = await versionOf(contractId, versionId);
        if (version.status !== 'submitted') throw new ConflictError('smp_stale', await whatChanged(plan, version));
        if (version.content_hash !== data.contentHash)
          throw new ConflictError(
            'smp_stale',
            `The version you read (hash ${data.contentHash.slice(0, 12)}…) is not the one awaiting a decision (hash ${version.content_hash?.slice(0, 12)}…): reload it and read it again`,
          );
        const contract = await deps.contracts.get(contractId);
        const [agencyLeads, clientLeads] = [await leads(contract, 'agency'), await leads(contract, 'client')];
        const variation = await deps.variations.forSubject('smp', version.id);
        if (data.fastTrack && !variation)
          throw new ValidationError({
            fastTrack: 'Only a change to the plan in force (a Variation) can be fast-tracked',
          });
        // Deciding answers what announced the version to the decider: those notifications are read now.
        await deps.notifications.markActedOn(actor, [
          `smp:${version.id}:submitted:`,
          ...(variation ? [`variation:${variation.id}:`] : []),
        ]);
        const at = now();
        const approved = data.decision === 'approved';
        await recordDecision(actor, version, data.decision, data.reasons, data.fails42);
        await meetDecisionClock(deadlines, actor, contractId, plan.id);
        const today = civilDateInLondon(clock.now());
        let dispute = false;
        const reasonsText = data.reasons.map((r) => `- ${r.text}${r.clause ? ` (clause ${r.clause})` : ''}`).join('\n');
        // A revision's Variation records the same decision; agreed with fast-track it takes effect now (adopt runs in takeEffect).
        const decided = variation
          ? await deps.variations.decideIn(actor, variation, {
              agreed: approved,
              fastTrack: data.fastTrack,
              fastTrackReason: data.fastTrackReason,
              note: reasonsText,
            })
          : undefined;
        if (approved) {
          for (const d of await deadlines.outstandingFor(contractId, 'smp.approval', plan.id))
            await deadlines.meet(actor, d.id, {});
          await repo.updatePlan(plan.id, { first_submitted_at: null, refusals_in_cycle: 0, updated_at: at });
          if (!decided) await adopt(actor, contractId, plan.id, version);
        } else {
          const refusals = plan.refusals_in_cycle + 1;
          await repo.updatePlan(plan.id, { refusals_in_cycle: refusals, updated_at: at });
          if (refusals >= 2) {
            dispute = true;
            await stopApprovalTarget(deadlines, actor, contractId, plan.id);
            await repo.insertDispute({
              id: newId(),
              plan_id: plan.id,
              version_id: version.id,
              status: 'open',
              resolution: null,
              opened_at: at,
              resolved_at: null,
              resolved_by: null,
              outcome: null,
              resubmit_by: null,
              recorded_by: null,
              recorded_party: null,
              recorded_at: null,
              declined_by: null,
              declined_at: null,
              decline_reason: null,
            });
            await audit.record({
              actor,
              action: 'smp-dispute.create',
              contractId,
              resource: { type: 'smp', id: plan.id },
              details: { version: version.number },
            });
          } else {
            await startResubmissionClock(deadlines, {
              contractId,
              planId: plan.id,
              today,
              after: 'the notice of non-approval',
              belongsTo: planVersionRef(contractId, version, decided),
            });
          }
        }
        await audit.record({
          actor,
          action: approved ? 'smp-version.approve' : 'smp-version.refuse',
          contractId,
          resource: { type: 'smp-version', id: version.id },
          details: {
            number: version.number,
            contentHash: version.content_hash,
            reasons: data.reasons,
            fails42: data.fails42,
          },
        });
        const verb = approved ? 'Approved' : 'not Approved';
        const people = [...new Set([...agencyLeads, ...(dispute ? clientLeads : [])])];
        await notify(
          contract,
          people,
          approved ? 'smp.approved' : 'smp.refused',
          `smp:${version.id}:decided`,
          `Security Management Plan ${versionName(version, decided)} ${verb} (${contract.orderReference})`,
          approved
            ? `The Client's Representative Approved ${versionName(version, decided)} (SHA-256 ${version.content_hash}). ${!decided ? 'It is now the plan in force.' : decided.fastTrack ? `As Variation ${decided.number}, they require it now (clause 4.4.4): it is the plan in force, to be formalised through the Variation Procedure within ${plan.formalise_within_days} Working Days.\nWhy now: ${decided.fast_track_reason}` : `As Variation ${decided.number}, it takes effect once the signed Variation is recorded.`}`
            : `The Client's Representative did not Approve ${versionName(version, decided)}${data.fails42 ? ', because it does not meet the requirements of paragraph 4.2 (clause 4.3.3)' : ''}.\n\nReasons:\n${reasonsText}${dispute ? '\n\nThis is the second refusal: the matter goes to the Dispute Resolution Procedure.' : '\n\nAmend and resubmit it within 10 Working Days.'}`,
        );
        if (approved) await tellNamedStaff(contract, version, agencyLeads, decided);
        return { approved, dispute, variation: decided };
      });
    },
  };
}

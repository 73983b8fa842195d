import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UsersService } from '../accounts/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { formatLong } from '../../platform/calendar/index.ts';
import {
  planToDocx,
  planToPdf,
  renderMarkdownSafe,
  type DocumentLink,
  type PlanDocument,
} from '../../platform/documents/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { formatUkTimeInWords } from '../../platform/views/index.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/kernel/index.ts';
import { REQUIRED_SECTIONS } from './smp-content.ts';
import { DISPUTE_OUTCOMES } from './smp.schemas.ts';
import type { SmpDisputesTable } from './smp.tables.ts';
import type { SmpService, SmpVersion } from './smp.service.ts';
import type { SmpReviewService } from './smp-review.service.ts';
import type { ImportStore } from './smp-import.store.ts';
import type { Variation, VariationsService } from '../variations/index.ts';
import { diffVersions } from './version-diff.ts';
import { compareGroups } from './compare-view.ts';
import { documentLinks, planRenderer } from './plan-display.ts';
import { planExportSections } from './plan-export.ts';
import { draftTasks, type DraftTask } from './draft-tasks.ts';
import { decisionFromForm, withFormFields } from './decision-form.ts';
import { smpCheckWeb } from './smp-check.web.ts';
import { holdingText } from './document-holding.ts';
import type { WorkerPool } from '../../platform/workers/index.ts';
import { answeringVariation, changeRequestsPanel } from './smp-change-requests.web.ts';
import type { SmpChangeRequestService } from './smp-change-requests.service.ts';
import { settingsPanel } from './smp-settings.web.ts';
import type { SmpSettingsService } from './smp-settings.service.ts';

export interface SmpWebDeps {
  smp: SmpService;
  smpReviews: SmpReviewService;
  smpImports: ImportStore;
  smpChangeRequests: SmpChangeRequestService;
  smpSettings: SmpSettingsService;
  variations: VariationsService;
  contracts: ContractsService;
  users: UsersService;
  /** Word import runs here, off the main thread. */
  workers: WorkerPool;
}

const ROWS = { roles: 6, thirdParties: 4 };
const STATUS = {
  draft: ['Draft', 'govuk-tag--grey'],
  submitted: ['Awaiting decision', 'govuk-tag--blue'],
  approved: ['Approved', 'govuk-tag--green'],
  'not-approved': ['Not approved', 'govuk-tag--red'],
  withdrawn: ['Withdrawn', 'govuk-tag--grey'],
} as const;
// The task list's statuses as GOV.UK shows them: work left as a tag, a finished task as plain text.
const TASK_STATUS: Record<DraftTask['status'], { tag?: { text: string; classes: string }; text?: string }> = {
  'not-started': { tag: { text: 'Not started', classes: 'govuk-tag--blue' } },
  'in-progress': { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  'has-findings': { tag: { text: 'Has findings', classes: 'govuk-tag--yellow' } },
  completed: { text: 'Completed' },
};
// A section can have dozens of plain-English findings: the hint names the first and counts the rest.
const more = (n: number) =>
  n > 0 ? [`and ${n} more ${n === 1 ? 'finding' : 'findings'} in the plan health below`] : [];
/** The draft's task list as govukTaskList items, each linking to where that part is written. */
const taskItems = (tasks: DraftTask[], versionPath: string) =>
  tasks.map((t) => ({
    title: { text: t.title },
    href: t.key === 'lists' ? `${versionPath}/lists` : `${versionPath}/sections/${t.key}`,
    hint: { text: [`Clause ${t.clause}`, ...t.findings.slice(0, 1), ...more(t.findings.length - 1)].join('. ') },
    status: TASK_STATUS[t.status],
  }));

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const versionIdOf = (r: FastifyRequest) => idParam(r, 'versionId', 'The plan version');
const can = (r: FastifyRequest, p: 'contract:smp:versions' | 'contract:smp:edit' | 'contract:smp:decide') =>
  r.access.can(p);

const LIST_FIELDS: Record<string, string> = {
  'roles.role': 'role',
  'roles.userId': 'person',
  'thirdParties.name': 'tp-name',
  'thirdParties.access': 'tp-access',
  'thirdParties.riskProcess': 'tp-risk',
};
/** The lists form's field names for the service's row errors (`roles.2.userId` → `person-2`). */
const listFormFields = (fields: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(fields).map(([key, message]) => {
      const m = /^(roles|thirdParties)\.(\d+)\.(\w+)$/.exec(key);
      const name = m && LIST_FIELDS[`${m[1]}.${m[3]}`];
      return [name ? `${name}-${m[2]}` : key, message];
    }),
  );

/**
 * A version for display: each section's Markdown rendered safely (html undefined where formatting
 * was refused: the page then shows the text as written, and `formatting` says why), with the
 * clause it answers; its `[[doc: …]]` markers link to the register entries given.
 */
async function display(v: SmpVersion, render: ReturnType<typeof planRenderer>, links: DocumentLink[]) {
  const { html, unavailable } = await render(
    v.content.sections.map((s) => s.markdown),
    { documents: links },
    v.content.sections.map((s) => s.heading),
  );
  return {
    ...v,
    tag: { text: STATUS[v.status][0], classes: STATUS[v.status][1] },
    formatting: unavailable,
    sections: v.content.sections.map((s, i) => ({
      ...s,
      clause: REQUIRED_SECTIONS.find((r) => r.key === s.key)?.clause,
      html: html[i],
    })),
  };
}

/** A Variation's state as one line of the approval record. */
function variationRecord(v: Variation): string {
  const effect = v.in_effect_at
    ? `in effect from ${formatUkTimeInWords(v.in_effect_at)}${v.fastTrack ? ' (fast-track, clause 4.4.4)' : ''}`
    : 'not yet in effect';
  const formal = v.formal_reference
    ? `; formalised as ${v.formal_reference} on ${formatUkTimeInWords(v.formalised_at ?? '')}`
    : '';
  return `Variation ${v.number}: ${v.title} — ${v.status}, ${effect}${formal}`;
}

/** Who recorded a dispute's outcome and who confirmed it, in words, for the disputes table. */
function disputeRecord(d: SmpDisputesTable, names: Record<string, string>): string {
  if (!d.recorded_at || !d.recorded_by) return '—';
  const who = (id: string) => names[id] ?? 'a former user';
  const party = d.recorded_party === 'agency' ? 'the Agency' : 'the Client';
  const recorded = `Recorded by ${who(d.recorded_by)} for ${party}, ${formatUkTimeInWords(d.recorded_at)}`;
  if (d.status === 'open') return `${recorded}; awaiting the other party’s confirmation`;
  // Outcomes recorded before both parties confirmed them have no confirmer.
  return d.resolved_by
    ? `${recorded}; confirmed by ${who(d.resolved_by)}, ${formatUkTimeInWords(d.resolved_at ?? '')}`
    : `${recorded}, before outcomes needed the other party’s confirmation`;
}

/** The plan's pages: overview, versions, section editing with preview, roles and third parties, submission and the Client's decision. */
export function smpWeb(app: FastifyInstance, deps: SmpWebDeps): void {
  const { smp, contracts, users, variations } = deps;
  const render = planRenderer(deps.workers);
  const edit = { config: { permission: 'contract:smp:edit' as const } };
  // What a version's [[doc: …]] markers link to: the contract's register.
  const registerLinks = async (contractId: string) => documentLinks(contractId, await smp.register.list(contractId));

  app.get('/contracts/:contractId/smp', { config: { permission: 'contract:view' } }, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const o = await smp.overview(contract.id);
    const seesAll = can(request, 'contract:smp:versions');
    // The dispute history, for those who read every version: which version went to dispute, and each outcome and who recorded it.
    const recorders = seesAll
      ? Object.fromEntries(
          (
            await users.list({
              ids: o.disputes.flatMap((d) => [d.resolved_by, d.recorded_by].filter((x): x is string => !!x)),
            })
          ).map((u) => [u.id, u.displayName]),
        )
      : {};
    const disputes = seesAll
      ? o.disputes.map((d) => ({
          ...d,
          version: o.versions.find((v) => v.id === d.version_id),
          outcomeText: d.outcome ? DISPUTE_OUTCOMES[d.outcome] : undefined,
          recorded: disputeRecord(d, recorders),
        }))
      : [];
    const review = o.inForce ? await deps.smpReviews.nextReview(contract.id) : undefined;
    return reply.page('security-management-plan/overview.njk', {
      pageTitle: `Security Management Plan: ${contract.orderReference}`,
      contract,
      review: review && { ...review, due: formatLong(review.dueDate), since: formatLong(review.since) },
      dispute: o.dispute,
      disputes,
      stateLine: await smp.stateLine(contract.id),
      canLead: request.access.can('contract:smp:dispute'),
      inForce: o.inForce ? await display(o.inForce, render, await registerLinks(contract.id)) : undefined,
      versions: seesAll
        ? o.versions.map((v) => ({ ...v, tag: { text: STATUS[v.status][0], classes: STATUS[v.status][1] } }))
        : [],
      seesAll,
      canEdit: can(request, 'contract:smp:edit'),
      canDecide: can(request, 'contract:smp:decide'),
      ...(await changeRequestsPanel(request, deps.smpChangeRequests, contract.id)),
      ...(await settingsPanel(request, deps.smpSettings, contract.id)),
      backLink: { href: `/contracts/${contract.id}` },
    });
  });

  /** A version with its plan health, its decision and what the reader may do next (also the context of its forms' errors). */
  const versionPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    // The register entries the version cites: pinned once submitted, live for a draft (clause 4.2.1(g)).
    const { version: v, cited, approvedByDispute } = await smp.forExport(contract.id, versionIdOf(request));
    const o = await smp.overview(contract.id);
    const variation = await variations.forSubject('smp', v.id);
    const names = Object.fromEntries(
      (await users.list({ ids: v.content.roles.map((r) => r.userId) })).map((u) => [u.id, u.displayName]),
    );
    const health = await smp.health(contract.id, v);
    const canEdit = can(request, 'contract:smp:edit') && v.status === 'draft';
    const answers = await deps.smpChangeRequests.forVersion(v.id);
    return {
      pageTitle: `Security Management Plan version ${v.number}`,
      contract,
      version: await display(v, render, await registerLinks(contract.id)),
      names,
      variation,
      planInForce: Boolean(o.inForce),
      completeness: health.completeness,
      cited: cited.map((c) => ({ ...c, holding: c.document && holdingText(c.document) })),
      plain: health.plainEnglish,
      plainUnavailable: health.plainEnglishUnavailable,
      decision: o.decisions.find((d) => d.version_id === v.id),
      approvedByDispute,
      canEdit,
      tasks: canEdit
        ? taskItems(
            draftTasks(v.content, health.completeness, health.plainEnglish),
            `/contracts/${contract.id}/smp/versions/${v.id}`,
          )
        : [],
      canDecide: can(request, 'contract:smp:decide') && v.status === 'submitted',
      answers,
      values: v.status === 'draft' ? answeringVariation(answers) : {},
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  app.get(
    '/contracts/:contractId/smp/versions/:versionId',
    { config: { permission: 'contract:smp:versions' } },
    async (request, reply) => reply.page('security-management-plan/version.njk', await versionPage(request)),
  );

  app.post('/contracts/:contractId/smp/draft', edit, async (request, reply) => {
    const contractId = contractIdOf(request);
    const v = await smp.draft(actorOf(request), contractId);
    return reply.redirect(`/contracts/${contractId}/smp/versions/${v.id}`, 303);
  });

  const sectionPage = async (
    request: FastifyRequest,
    values?: { heading: string; markdown: string },
    preview?: string,
  ) => {
    const contract = await contracts.get(contractIdOf(request));
    const v = await smp.version(contract.id, versionIdOf(request));
    const key = (request.params as { key: string }).key;
    const s = v.content.sections.find((x) => x.key === key);
    if (!s) throw new NotFoundError('The section');
    const required = REQUIRED_SECTIONS.find((r) => r.key === key);
    return {
      pageTitle: `Edit: ${s.heading}`,
      contract,
      version: v,
      section: s,
      required,
      values: values ?? { heading: s.heading, markdown: s.markdown },
      preview,
      backLink: { href: `/contracts/${contract.id}/smp/versions/${v.id}` },
    };
  };

  app.get('/contracts/:contractId/smp/versions/:versionId/sections/:key', edit, async (request, reply) =>
    reply.page('security-management-plan/section.njk', await sectionPage(request)),
  );

  app.post('/contracts/:contractId/smp/versions/:versionId/sections/:key', edit, async (request, reply) => {
    const body = (request.body ?? {}) as { heading?: string; markdown?: string; action?: string };
    const values = { heading: String(body.heading ?? ''), markdown: String(body.markdown ?? '') };
    if (body.action === 'preview')
      return reply.page(
        'security-management-plan/section.njk',
        await sectionPage(
          request,
          values,
          renderMarkdownSafe(values.markdown, {
            documents: await registerLinks(contractIdOf(request)),
            label: values.heading,
          }),
        ),
      );
    const key = (request.params as { key: string }).key;
    return submitForm(
      request,
      reply,
      { template: 'security-management-plan/section.njk', context: () => sectionPage(request, values) },
      async () => {
        await smp.saveSection(actorOf(request), contractIdOf(request), versionIdOf(request), { key, ...values });
        return {
          redirect: `/contracts/${contractIdOf(request)}/smp/versions/${versionIdOf(request)}#section-${key}`,
          flash: `Saved “${values.heading}”`,
        };
      },
    );
  });

  const listsPage = async (request: FastifyRequest, values?: Record<string, unknown>) => {
    const contract = await contracts.get(contractIdOf(request));
    const v = await smp.version(contract.id, versionIdOf(request));
    const form: Record<string, unknown> =
      values ??
      Object.fromEntries([
        ...v.content.roles.flatMap((r, i) => [
          [`role-${i}`, r.role],
          [`person-${i}`, r.userId],
        ]),
        ...v.content.thirdParties.flatMap((t, i) => [
          [`tp-name-${i}`, t.name],
          [`tp-access-${i}`, t.access],
          [`tp-risk-${i}`, t.riskProcess],
        ]),
      ]);
    const people = await smp.rolePeople(contract.id);
    return {
      pageTitle: 'Roles and third parties',
      contract,
      version: v,
      values: form,
      people,
      roleRows: [...Array(ROWS.roles).keys()],
      tpRows: [...Array(ROWS.thirdParties).keys()],
      backLink: { href: `/contracts/${contract.id}/smp/versions/${v.id}` },
    };
  };

  app.get('/contracts/:contractId/smp/versions/:versionId/lists', edit, async (request, reply) =>
    reply.page('security-management-plan/lists.njk', await listsPage(request)),
  );

  app.post('/contracts/:contractId/smp/versions/:versionId/lists', edit, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    return submitForm(
      request,
      reply,
      { template: 'security-management-plan/lists.njk', context: () => listsPage(request, body) },
      async () => {
        const contractId = contractIdOf(request);
        const rows = {
          roles: [...Array(ROWS.roles).keys()].map((i) => ({ role: body[`role-${i}`], userId: body[`person-${i}`] })),
          thirdParties: [...Array(ROWS.thirdParties).keys()].map((i) => ({
            name: body[`tp-name-${i}`],
            access: body[`tp-access-${i}`],
            riskProcess: body[`tp-risk-${i}`],
          })),
        };
        await smp.saveLists(actorOf(request), contractId, versionIdOf(request), rows).catch((err: unknown) => {
          // The service names rows (roles.2.userId); the form names its fields (person-2).
          if (err instanceof ValidationError) throw new ValidationError(listFormFields(err.fields));
          throw err;
        });
        return {
          redirect: `/contracts/${contractId}/smp/versions/${versionIdOf(request)}`,
          flash: 'Saved the roles and third parties',
        };
      },
    );
  });

  app.get(
    '/contracts/:contractId/smp/compare',
    { config: { permission: 'contract:smp:versions' } },
    async (request, reply) => {
      const contract = await contracts.get(contractIdOf(request));
      const { versions } = await smp.overview(contract.id);
      const q = (request.query ?? {}) as { from?: string; to?: string; view?: string };
      // Defaults: the newest against the plan in force, else against the version it amends (the one
      // the Client refused, so a resubmission shows what changed since), else the oldest.
      const to = versions.find((v) => v.id === q.to) ?? versions[0]!;
      const from =
        versions.find((v) => v.id === q.from) ??
        versions.find((v) => v.status === 'approved' && v.id !== to.id) ??
        versions.find((v) => v.id === to.based_on_version_id) ??
        versions.at(-1)!;
      const items = (selected: string) =>
        versions.map((v) => ({
          value: v.id,
          text: `Version ${v.number} (${STATUS[v.status][0].toLowerCase()})`,
          selected: v.id === selected,
        }));
      const names = Object.fromEntries(
        (await users.list({ ids: [...from.content.roles, ...to.content.roles].map((r) => r.userId) })).map((u) => [
          u.id,
          u.displayName,
        ]),
      );
      const diff = diffVersions(from.content, to.content, (id) => names[id] ?? 'a former user');
      return reply.page('security-management-plan/compare.njk', {
        pageTitle: `Compare versions ${from.number} and ${to.number}`,
        contract,
        from,
        to,
        fromItems: items(from.id),
        toItems: items(to.id),
        diff: { ...diff, sections: diff.sections.map((s) => ({ ...s, groups: compareGroups(s.blocks) })) },
        view: q.view === 'side-by-side' ? 'side-by-side' : 'inline',
        backLink: { href: `/contracts/${contract.id}/smp` },
      });
    },
  );

  /** What a .docx or PDF of a version prints: the cover (with the hash) and the approval record bound to it. */
  async function exportable(request: FastifyRequest): Promise<{ doc: PlanDocument; name: string }> {
    const contract = await contracts.get(contractIdOf(request));
    const {
      version: v,
      decision,
      approvedByDispute,
      cited,
      inForce,
    } = await smp.forExport(contract.id, versionIdOf(request));
    const people = Object.fromEntries(
      (
        await users.list({
          ids: [decision?.decided_by, approvedByDispute?.recorded_by, approvedByDispute?.resolved_by].filter(
            (x): x is string => !!x,
          ),
        })
      ).map((u) => [u.id, u.displayName]),
    );
    const decider = decision && { displayName: people[decision.decided_by] };
    const holders = await users.list({ ids: v.content.roles.map((r) => r.userId) });
    const variation = await variations.forSubject('smp', v.id);
    const doc: PlanDocument = {
      title: `Security Management Plan: ${contract.orderReference}`,
      createdAt: new Date(v.updated_at),
      author: 'Custodian',
      cover: {
        rows: [
          { label: 'Contract', value: `${contract.orderReference} – ${contract.title}` },
          { label: 'Version', value: String(v.number) },
          { label: 'Status', value: `${STATUS[v.status][0]}${inForce ? ' (the plan in force)' : ''}` },
          {
            label: 'SHA-256 of this version',
            value: v.content_hash ?? 'Not fixed yet: a draft has no hash until it is submitted',
          },
          { label: 'Submitted', value: v.submitted_at ? formatUkTimeInWords(v.submitted_at) : 'Not yet' },
        ],
      },
      sections: planExportSections(v.content, Object.fromEntries(holders.map((u) => [u.id, u.displayName])), cited),
      documents: cited.flatMap(({ document: d }) => (d ? [{ title: d.title }] : [])),
      approval: decision
        ? {
            rows: [
              ...(approvedByDispute ? disputeApprovalRows(approvedByDispute, v.content_hash ?? '', people) : []),
              {
                label: approvedByDispute ? 'Earlier decision' : 'Decision',
                value: decision.decision === 'approved' ? 'Approved' : 'Not approved',
              },
              { label: 'Bound to SHA-256', value: decision.content_hash },
              { label: 'Decided by', value: decider?.displayName ?? decision.decided_by },
              { label: 'Decided', value: formatUkTimeInWords(decision.decided_at) },
              ...decision.reasons.map((r, i) => ({
                label: `Reason ${i + 1}`,
                value: `${r.text}${r.clause ? ` (clause ${r.clause})` : ''}`,
              })),
              ...(decision.fails42
                ? [
                    {
                      label: 'Grounds',
                      value:
                        'The plan does not meet the requirements of paragraph 4.2 (clause 4.3.3 deems such a refusal reasonable)',
                    },
                  ]
                : []),
              ...(variation ? [{ label: 'Variation (clause 4.4.3)', value: variationRecord(variation) }] : []),
            ],
          }
        : undefined,
    };
    return { doc, name: `smp-${contract.orderReference.replace(/[^A-Za-z0-9._-]+/g, '-')}-v${v.number}` };
  }

  app.get(
    '/contracts/:contractId/smp/versions/:versionId/export.pdf',
    { config: { permission: 'contract:smp:versions' } },
    async (request, reply) => {
      const { doc, name } = await exportable(request);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}.pdf"`)
        .header('cache-control', 'no-store')
        .send(await planToPdf(doc));
    },
  );

  app.get(
    '/contracts/:contractId/smp/versions/:versionId/export.docx',
    { config: { permission: 'contract:smp:versions' } },
    async (request, reply) => {
      const { doc, name } = await exportable(request);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="${name}.docx"`)
        .header('cache-control', 'no-store')
        .send(await planToDocx(doc));
    },
  );

  app.post('/contracts/:contractId/smp/versions/:versionId/submit', edit, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const contractId = contractIdOf(request);
    return submitForm(
      request,
      reply,
      { template: 'security-management-plan/version.njk', context: () => versionPage(request) },
      async () => {
        try {
          const v = await smp.submit(actorOf(request), contractId, versionIdOf(request), {
            title: body.title,
            rationale: body.rationale,
            confirmOpenFindings: body.confirmOpenFindings,
          });
          const variation = await variations.forSubject('smp', v.id);
          return variation
            ? {
                redirect: `/contracts/${contractId}/variations/${variation.id}`,
                flash: `Version ${v.number} was proposed to the Client as Variation ${variation.number}`,
              }
            : {
                redirect: `/contracts/${contractId}/smp/versions/${v.id}`,
                flash: `Version ${v.number} was submitted to the Client for Approval`,
              };
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
          // Not submitted (incomplete, in dispute, already submitted): said as a problem, never as a success.
          return {
            redirect: `/contracts/${contractId}/smp/versions/${versionIdOf(request)}`,
            flash: err.message,
            flashKind: 'problem' as const,
          };
        }
      },
    );
  });

  app.post(
    '/contracts/:contractId/smp/versions/:versionId/decision',
    { config: { permission: 'contract:smp:decide' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      const contractId = contractIdOf(request);
      const { input, rowOf } = decisionFromForm(body);
      return submitForm(
        request,
        reply,
        { template: 'security-management-plan/version.njk', context: () => versionPage(request) },
        async () => {
          const r = await smp
            .decide(actorOf(request), contractId, versionIdOf(request), input)
            .catch((err: unknown) => {
              throw withFormFields(err, rowOf);
            });
          const approvedText = !r.variation
            ? 'You approved the plan: it is now the plan in force'
            : r.variation.fastTrack
              ? `You approved Variation ${r.variation.number}: it is the plan in force now, to be formalised afterwards`
              : `You approved Variation ${r.variation.number}: it takes effect once the signed Variation is recorded`;
          return {
            redirect: `/contracts/${contractId}/smp`,
            flash: r.approved
              ? approvedText
              : r.dispute
                ? 'You did not approve the plan. This is the second refusal: the matter goes to the Dispute Resolution Procedure'
                : 'You did not approve the plan. The Agency has 10 Working Days to amend and resubmit it',
          };
        },
      );
    },
  );

  smpCheckWeb(app, deps, versionPage);
}

/**
 * The export's record of an Approval made by the outcome of the Dispute Resolution Procedure: what
 * was decided, bound to the version's hash, who recorded it and who confirmed it (clause 4.3.2).
 */
function disputeApprovalRows(d: SmpDisputesTable, contentHash: string, people: Record<string, string>) {
  const who = (id: string | null) => (id ? (people[id] ?? 'a former user') : 'not recorded');
  return [
    { label: 'Decision', value: 'Approved by the outcome of the Dispute Resolution Procedure' },
    { label: 'Bound to SHA-256', value: contentHash },
    {
      label: 'Outcome recorded by',
      value: `${who(d.recorded_by)}, ${d.recorded_at ? formatUkTimeInWords(d.recorded_at) : ''}`,
    },
    {
      label: 'Outcome confirmed by',
      value: `${who(d.resolved_by)}, ${d.resolved_at ? formatUkTimeInWords(d.resolved_at) : ''}`,
    },
    { label: 'What the procedure decided', value: d.resolution ?? '' },
  ];
}

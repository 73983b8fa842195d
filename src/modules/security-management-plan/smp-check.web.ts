import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CHECK_ANSWERS_TEMPLATE,
  checkAnswersPage,
  checkAnswersView,
  idParam,
  submitForm,
} from '../../platform/http/index.ts';
import { ConflictError } from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { decisionFromForm, withFormFields } from './decision-form.ts';
import { submitLabel } from './open-findings.ts';
import { decisionInput } from './smp.schemas.ts';
import type { SmpService } from './smp.service.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { VariationsService } from '../variations/index.ts';

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const versionIdOf = (r: FastifyRequest) => idParam(r, 'versionId', 'The plan version');
const bodyOf = (r: FastifyRequest) => (r.body ?? {}) as Record<string, string | undefined>;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "Check your answers" before the two acts that fix a plan's text for good: the Agency's submission
 * (the hash is fixed) and the Client's decision (bound to that hash). Each shows what will happen and
 * posts on to the unchanged submit or decision route, which alone acts.
 */
export function smpCheckWeb(
  app: FastifyInstance,
  deps: { smp: SmpService; contracts: ContractsService; variations: VariationsService },
  versionPage: (request: FastifyRequest) => Promise<Record<string, unknown>>,
): void {
  const { smp, contracts, variations } = deps;

  // "Change" on either check: the version page again, its form filled in with what was carried.
  const changeRoute = (step: 'submit' | 'decision', permission: 'contract:smp:edit' | 'contract:smp:decide') =>
    app.post(
      `/contracts/:contractId/smp/versions/:versionId/${step}/change`,
      { config: { permission } },
      async (request, reply) => {
        const { _csrf: _ignored, ...values } = bodyOf(request);
        return reply.page('security-management-plan/version.njk', { ...(await versionPage(request)), values });
      },
    );
  changeRoute('submit', 'contract:smp:edit');
  changeRoute('decision', 'contract:smp:decide');

  app.post(
    '/contracts/:contractId/smp/versions/:versionId/submit/check',
    { config: { permission: 'contract:smp:edit' } },
    async (request, reply) => {
      const contract = await contracts.get(contractIdOf(request));
      const v = await smp.version(contract.id, versionIdOf(request));
      const versionPath = `/contracts/${contract.id}/smp/versions/${v.id}`;
      const o = await smp.overview(contract.id);
      const health = await smp.health(contract.id, v);
      const advice = health.plainEnglish?.sections.reduce((n, s) => n + s.findings.length, 0);
      const body = bodyOf(request);
      const variation = Boolean(o.inForce);
      const problems = [
        ...(v.status !== 'draft' ? [`Version ${v.number} was already submitted`] : []),
        ...(o.dispute
          ? [
              'The plan is in the Dispute Resolution Procedure: submit again once both parties have recorded its outcome',
            ]
          : []),
      ];
      // Open findings do not stop delivery (clause 4.3.1): they are listed, and the button confirms them.
      const findings = health.completeness.length;
      const written = v.content.sections.filter((s) => s.markdown.trim());
      return checkAnswersPage(reply, {
        caption: `${contract.orderReference}: Security Management Plan`,
        heading: variation
          ? `Check version ${v.number} before you propose it as a Variation`
          : `Check version ${v.number} before you submit it for Approval`,
        intro: [
          `${variation ? 'Proposing' : 'Submitting'} fixes the text of version ${v.number}: the SHA-256 below is what the Client decides on, and the version cannot be edited afterwards.`,
          variation
            ? 'The Client sees what changed against the plan in force and why, and decides within 5 Working Days; both parties aim to finish the approval process within 15 Working Days of its first submission (clauses 4.3.2, 4.3.3 and 4.4.3).'
            : 'The Client decides within 5 Working Days; both parties aim to finish the approval process within 15 Working Days of its first submission (clauses 4.3.2 and 4.3.3).',
        ],
        answers: [
          { key: 'Version', value: `Version ${v.number}` },
          ...(variation
            ? [
                { key: 'Title of the Variation', value: body.title ?? '', changeHref: `${versionPath}#title` },
                {
                  key: 'Why the plan needs to change',
                  value: body.rationale ?? '',
                  changeHref: `${versionPath}#rationale`,
                },
              ]
            : []),
          {
            key: 'Sections',
            value: `${written.length} of ${v.content.sections.length} written:\n${written.map((s) => s.heading).join('\n')}`,
            changeHref: `${versionPath}#tasks`,
          },
          {
            key: 'Roles and third parties',
            value: `${count(v.content.roles.length, 'named role', 'named roles')}, ${count(v.content.thirdParties.length, 'third party', 'third parties')}`,
            changeHref: `${versionPath}/lists`,
          },
          {
            key: 'Open findings',
            value: [
              `${count(findings, 'completeness finding', 'completeness findings')}${findings ? `, delivered as they are for the Client to judge (clause 4.3.3):\n${health.completeness.map((e) => e.message).join('\n')}` : ''}`,
              advice === undefined
                ? 'plain-English advice not available just now'
                : `${count(advice, 'plain-English finding', 'plain-English findings')} (advice: it does not stop submission)`,
            ].join('\n'),
            changeHref: `${versionPath}#plan-health`,
          },
          { key: 'SHA-256 that will be fixed', value: await smp.submissionHash(contract.id, v.content) },
        ],
        problems,
        action: `${versionPath}/submit`,
        button: submitLabel(findings, variation),
        carried: body,
        cancelHref: versionPath,
        changeAction: `${versionPath}/submit/change`,
      });
    },
  );

  app.post(
    '/contracts/:contractId/smp/versions/:versionId/decision/check',
    { config: { permission: 'contract:smp:decide' } },
    async (request, reply) => {
      const body = bodyOf(request);
      const { input, rowOf } = decisionFromForm(body);
      return submitForm(
        request,
        reply,
        { template: 'security-management-plan/version.njk', context: () => versionPage(request) },
        async () => {
          const contract = await contracts.get(contractIdOf(request));
          const v = await smp.version(contract.id, versionIdOf(request));
          const data = (() => {
            try {
              return parseInput(decisionInput, input);
            } catch (err) {
              throw withFormFields(err, rowOf);
            }
          })();
          if (v.status !== 'submitted' || v.content_hash !== data.contentHash)
            throw new ConflictError(
              'smp_stale',
              `Version ${v.number} is not the version awaiting a decision that you read: reload it and read it again`,
            );
          const variation = await variations.forSubject('smp', v.id);
          const versionPath = `/contracts/${contract.id}/smp/versions/${v.id}`;
          const change = `${versionPath}#your-decision`;
          const approved = data.decision === 'approved';
          const check = checkAnswersView({
            caption: `${contract.orderReference}: Security Management Plan`,
            heading: `Check your decision on version ${v.number}`,
            intro: [
              approved
                ? variation
                  ? `Approving agrees Variation ${variation.number}.`
                  : `Approving makes version ${v.number} the plan in force.`
                : 'Not approving sends the plan back to the Agency, who have 10 Working Days to amend and resubmit it (clause 4.3.2). A second refusal takes the matter to the Dispute Resolution Procedure.',
              'Your decision is bound to the SHA-256 below: exactly the text you read.',
            ],
            answers: [
              { key: 'Version', value: `Version ${v.number}` },
              { key: 'Decision', value: approved ? 'Approve' : 'Do not approve', changeHref: change },
              ...(approved
                ? variation
                  ? [
                      {
                        key: 'Implement it now (fast-track, clause 4.4.4)',
                        value: data.fastTrack ? 'Yes: it becomes the plan in force today' : 'No',
                        changeHref: change,
                      },
                      ...(data.fastTrack
                        ? [{ key: 'Why it is needed now', value: data.fastTrackReason ?? '', changeHref: change }]
                        : []),
                    ]
                  : []
                : [
                    {
                      key: 'Reasons',
                      value: data.reasons
                        .map((r, i) => `${i + 1}. ${r.text}${r.clause ? ` (clause ${r.clause})` : ''}`)
                        .join('\n'),
                      changeHref: change,
                    },
                    {
                      key: 'Does not meet paragraph 4.2',
                      value: data.fails42 ? 'Yes (clause 4.3.3 deems such a refusal reasonable)' : 'No',
                      changeHref: change,
                    },
                  ]),
              { key: 'SHA-256 decided on', value: data.contentHash },
            ],
            action: `${versionPath}/decision`,
            button: 'Record decision',
            carried: body,
            cancelHref: versionPath,
            changeAction: `${versionPath}/decision/change`,
          });
          return { show: CHECK_ANSWERS_TEMPLATE, context: check, status: 200 };
        },
      );
    },
  );
}

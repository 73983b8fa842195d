import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { submitForm } from '../../platform/http/index.ts';
import {
  CHECK_KINDS,
  CHECK_LABELS,
  CHECK_OUTCOMES,
  CRIMINAL_RECORD_METHODS,
  CRIMINAL_RECORD_METHOD_LABELS,
  OUTCOME_LABELS,
  type CheckKind,
  type CheckRecord,
} from './checks.schemas.ts';
import { contractIdOf, manage, personIdOf, registerUrl, type PersonnelWebDeps } from './personnel.web.ts';

/** What each check's form asks for "how", in a security manager's words. */
const METHOD_HINTS: Record<Exclude<CheckKind, 'criminal-record'>, string> = {
  identity:
    'For example: original passport seen in person; certified identity service provider (IDSP); identity document validation technology (IDVT)',
  'right-to-work':
    'For example: Home Office online check with a share code; manual check of an original document; IDSP digital check (British or Irish passport)',
  'employment-history':
    'For example: references from employers covering the last 3 years; gaps of more than 6 months explained',
};

const valuesOf = (r: CheckRecord | undefined) => {
  if (!r) return {};
  const [y, m, d] = r.checkedOn.split('-');
  return {
    outcome: r.outcome,
    'checkedOn-day': String(Number(d)),
    'checkedOn-month': String(Number(m)),
    'checkedOn-year': y,
    checkedBy: r.checkedBy,
    method: r.method,
    evidenceRef: r.evidenceRef,
  };
};

/** Recording a person's pre-employment checks (annex 6.1): one page per check, for the Agency security manager. */
export function checksWeb(app: FastifyInstance, { personnel, contracts }: PersonnelWebDeps): void {
  const formPage = async (request: FastifyRequest, kind: CheckKind) => {
    const contract = await contracts.get(contractIdOf(request));
    const person = await personnel.get(contract.id, personIdOf(request));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const record = (await personnel.checks.records(contract.id, person.id)).find((r) => r.kind === kind);
    const chosen = (name: string, fallback: unknown) => (name in body ? body[name] : fallback);
    return {
      pageTitle: `${CHECK_LABELS[kind]} check: ${person.name}`,
      contract,
      person,
      kind,
      label: CHECK_LABELS[kind],
      record,
      methodHint: kind === 'criminal-record' ? undefined : METHOD_HINTS[kind],
      outcomeItems: CHECK_OUTCOMES.map((o) => ({
        value: o,
        text: OUTCOME_LABELS[o],
        checked: o === chosen('outcome', record?.outcome),
      })),
      methodItems:
        kind === 'criminal-record'
          ? CRIMINAL_RECORD_METHODS.map((m) => ({
              value: m,
              text: CRIMINAL_RECORD_METHOD_LABELS[m],
              checked: m === chosen('method', record?.method),
            }))
          : undefined,
      backLink: { href: `${registerUrl(contract.id)}/${person.id}` },
    };
  };

  // One route per kind of check, so every address names a real check and the authorisation test reaches each.
  for (const kind of CHECK_KINDS) {
    const path = `/contracts/:contractId/personnel/:personId/checks/${kind}`;
    app.get(path, manage, async (request, reply) => {
      const page = await formPage(request, kind);
      return reply.page('personnel/check-form.njk', { ...page, values: valuesOf(page.record) });
    });
    app.post(path, manage, async (request, reply) =>
      submitForm(
        request,
        reply,
        { template: 'personnel/check-form.njk', context: () => formPage(request, kind) },
        async () => {
          const { person } = await personnel.checks.record(
            actorOf(request),
            contractIdOf(request),
            personIdOf(request),
            kind,
            request.body,
          );
          return {
            redirect: `${registerUrl(person.contractId)}/${person.id}#checks`,
            flash: `The ${CHECK_LABELS[kind].toLowerCase()} check of ${person.name} was recorded`,
          };
        },
      ),
    );
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { PersonnelService } from '../personnel/index.ts';
import { DEFAULT_RECURRENCE_MONTHS, MAX_RECURRENCE_MONTHS, type Course } from './training.schemas.ts';
import type { TrainingService } from './training.service.ts';
import { DUE_SOON_DAYS, TRAINING_STATUSES, TRAINING_STATUS_LABELS } from './training-status.ts';

export interface TrainingWebDeps {
  training: TrainingService;
  contracts: ContractsService;
  personnel: PersonnelService;
}

export const view = { config: { permission: 'contract:training:view' as const } };
export const manage = { config: { permission: 'contract:training:manage' as const } };
const agree = { config: { permission: 'contract:training:agree' as const } };
export const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');
const courseIdOf = (request: FastifyRequest) => idParam(request, 'courseId', 'The course');
export const trainingUrl = (contractId: string) => `/contracts/${contractId}/training`;

/** A date as GOV.UK date input values (`<name>-day` …). */
export const dateValues = (name: string, date: string | null | undefined) => {
  if (!date) return {};
  const [y, m, d] = date.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};

/** The contract's courses and who is current on each: read by both parties, kept by the Agency security manager. */
export function trainingWeb(app: FastifyInstance, { training, contracts }: TrainingWebDeps): void {
  const coursePage = async (request: FastifyRequest, course?: Course) => {
    const contract = await contracts.get(contractIdOf(request));
    return {
      pageTitle: course ? `Change ${course.name}` : 'Add a course',
      contract,
      course,
      backLink: { href: course ? `${trainingUrl(contract.id)}/${course.id}` : trainingUrl(contract.id) },
    };
  };
  const agreementPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const course = await training.course(contract.id, courseIdOf(request));
    return {
      pageTitle: `Agree another period for ${course.name}`,
      contract,
      course,
      defaultMonths: DEFAULT_RECURRENCE_MONTHS,
      maxMonths: MAX_RECURRENCE_MONTHS,
      backLink: { href: `${trainingUrl(contract.id)}/${course.id}` },
    };
  };

  app.get('/contracts/:contractId/training', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    return reply.page('training/list.njk', {
      pageTitle: `Security training: ${contract.orderReference}`,
      contract,
      courses: await training.summaries(contract.id),
      dueSoonDays: DUE_SOON_DAYS,
      canManage: request.access.can('contract:training:manage'),
      backLink: { href: `/contracts/${contract.id}`, text: 'Back to the contract' },
    });
  });

  app.get('/contracts/:contractId/training/new', manage, async (request, reply) =>
    reply.page('training/course-form.njk', { ...(await coursePage(request)), values: {} }),
  );

  app.post('/contracts/:contractId/training', manage, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'training/course-form.njk', context: () => coursePage(request) },
      async () => {
        const course = await training.createCourse(actorOf(request), contractIdOf(request), request.body);
        return { redirect: `${trainingUrl(course.contractId)}/${course.id}`, flash: `${course.name} was added` };
      },
    ),
  );

  app.get('/contracts/:contractId/training/:courseId', view, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const course = await training.course(contract.id, courseIdOf(request));
    const q = (request.query ?? {}) as Record<string, unknown>;
    const status = TRAINING_STATUSES.find((s) => s === q.status);
    const all = await training.standings(contract.id, course);
    return reply.page('training/course.njk', {
      pageTitle: `${course.name}: ${contract.orderReference}`,
      contract,
      course,
      people: status ? all.filter((s) => s.status === status) : all,
      total: all.length,
      status,
      statusItems: [
        { value: '', text: 'Any status' },
        ...TRAINING_STATUSES.map((s) => ({ value: s, text: TRAINING_STATUS_LABELS[s], selected: s === status })),
      ],
      statusLabels: TRAINING_STATUS_LABELS,
      canManage: request.access.can('contract:training:manage'),
      canAgree: request.access.can('contract:training:agree'),
      backLink: { href: trainingUrl(contract.id), text: 'Back to security training' },
    });
  });

  app.get('/contracts/:contractId/training/:courseId/edit', manage, async (request, reply) => {
    const course = await training.course(contractIdOf(request), courseIdOf(request));
    return reply.page('training/course-form.njk', {
      ...(await coursePage(request, course)),
      values: { name: course.name, code: course.code ?? '', about: course.about },
    });
  });

  app.post('/contracts/:contractId/training/:courseId', manage, async (request, reply) => {
    const course = await training.course(contractIdOf(request), courseIdOf(request));
    return submitForm(
      request,
      reply,
      { template: 'training/course-form.njk', context: () => coursePage(request, course) },
      async () => {
        const updated = await training.updateCourse(actorOf(request), course.contractId, course.id, request.body);
        return { redirect: `${trainingUrl(updated.contractId)}/${updated.id}`, flash: `${updated.name} was changed` };
      },
    );
  });

  app.get('/contracts/:contractId/training/:courseId/recurrence', agree, async (request, reply) => {
    const page = await agreementPage(request);
    const a = page.course.agreement;
    return reply.page('training/agreement-form.njk', {
      ...page,
      values: a
        ? {
            agreedByName: a.agreedByName,
            months: String(a.months),
            reason: a.reason,
            ...dateValues('agreedOn', a.agreedOn),
          }
        : {},
    });
  });

  app.post('/contracts/:contractId/training/:courseId/recurrence', agree, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'training/agreement-form.njk', context: () => agreementPage(request) },
      async () => {
        const course = await training.recordAgreement(
          actorOf(request),
          contractIdOf(request),
          courseIdOf(request),
          request.body,
        );
        return {
          redirect: `${trainingUrl(course.contractId)}/${course.id}`,
          flash: `${course.name} is now due every ${course.recurrenceMonths} Months, as the Client agreed`,
        };
      },
    ),
  );
}

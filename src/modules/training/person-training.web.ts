import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import type { PersonSection } from '../personnel/index.ts';
import { contractIdOf, manage, trainingUrl, type TrainingWebDeps } from './training.web.ts';
import type { TrainingService } from './training.service.ts';
import { TRAINING_STATUS_LABELS } from './training-status.ts';

const PERSON_PAGE = '/contracts/:contractId/personnel/:personId';
const personIdOf = (request: FastifyRequest) => idParam(request, 'personId', 'The person');
const personUrl = (contractId: string, personId: string) => `/contracts/${contractId}/personnel/${personId}`;

/**
 * The person page's training section (views/training/_person-section.njk), registered with the
 * personnel module's person page: for readers of the contract's training; evidence references only
 * to those who may read them.
 */
export function personTrainingSection(training: TrainingService): PersonSection {
  return {
    template: 'training/_person-section.njk',
    order: 20,
    async context(contractId, personId, can) {
      if (!can('contract:training:view')) return undefined;
      const withEvidence = can('contract:training:evidence:view');
      return {
        ...(await training.forPerson(contractId, personId, withEvidence)),
        withEvidence,
        statusLabels: TRAINING_STATUS_LABELS,
        canRecord: can('contract:training:manage'),
        trainingUrl: trainingUrl(contractId),
      };
    },
  };
}

/** Recording a person's completion of a course, from their page: for the Agency security manager. */
export function completionWeb(app: FastifyInstance, { training, contracts, personnel }: TrainingWebDeps): void {
  const formPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const person = await personnel.get(contract.id, personIdOf(request));
    const courses = await training.courses(contract.id);
    const chosen =
      ((request.body ?? {}) as { courseId?: unknown }).courseId ?? (courses.length === 1 ? courses[0]!.id : undefined);
    return {
      pageTitle: `Record training: ${person.name}`,
      contract,
      person,
      courseItems: courses.map((c) => ({ value: c.id, text: c.name, checked: c.id === chosen })),
      backLink: { href: `${personUrl(contract.id, person.id)}#training` },
    };
  };

  app.get(`${PERSON_PAGE}/training`, manage, async (request, reply) =>
    reply.page('training/completion-form.njk', { ...(await formPage(request)), values: {} }),
  );

  app.post(`${PERSON_PAGE}/training`, manage, async (request, reply) =>
    submitForm(
      request,
      reply,
      { template: 'training/completion-form.njk', context: () => formPage(request) },
      async () => {
        const contractId = contractIdOf(request);
        const personId = personIdOf(request);
        const done = await training.recordCompletion(actorOf(request), contractId, personId, request.body);
        const course = await training.course(contractId, done.courseId);
        return {
          redirect: `${personUrl(contractId, personId)}#training`,
          flash: `${course.name} was recorded as completed`,
        };
      },
    ),
  );
}

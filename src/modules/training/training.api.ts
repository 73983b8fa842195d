import { z } from 'zod';
import { actorOf } from '../../platform/auth/index.ts';
import { apiErrorOutput, apiLookupErrors, apiRoutes, dataOf, uuidParam } from '../../platform/http/index.ts';
import type { CompletionsPreview } from './completions-plan.ts';
import { MAX_COMPLETION_CSV_BYTES } from './completions-csv.ts';
import type { TrainingService } from './training.service.ts';
import { TRAINING_STATUSES } from './training-status.ts';

const tags = ['Training'];
const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });
const courseParams = contractParams.extend({ courseId: uuidParam('The course’s id') });
const personParams = contractParams.extend({ personId: uuidParam('The person’s id on the Agency Staff register') });
const importParams = contractParams.extend({ importId: uuidParam('The import’s id, from its preview') });
const status = z
  .enum(TRAINING_STATUSES)
  .describe('`current`, `due-soon` (within 30 days), `overdue` or `not-done` (never completed)');

const courseOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  code: z.string().nullable(),
  about: z.string(),
  recurrenceMonths: z.number().int().describe('12 unless the Client agreed another period in writing'),
  agreement: z
    .object({
      agreedByName: z.string(),
      agreedOn: z.string(),
      months: z.number().int(),
      reason: z.string(),
      recordedBy: z.string().describe('The Client’s Representative who recorded it'),
      recordedAt: z.string(),
    })
    .nullable()
    .describe('The Client’s written agreement to another period (annex 6.4); null while 12 Months apply'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const summaryOutput = courseOutput.extend({
  people: z.number().int().describe('People on the register who have not left'),
  counts: z.object({
    current: z.number().int(),
    'due-soon': z.number().int(),
    overdue: z.number().int(),
    'not-done': z.number().int(),
  }),
});
const standingOutput = z.object({
  personId: z.uuid(),
  name: z.string(),
  jobTitle: z.string(),
  lastCompleted: z.string().nullable(),
  nextDue: z.string().nullable(),
  status,
});
const completionOutput = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  completedOn: z.string(),
  evidenceRef: z
    .string()
    .optional()
    .describe('Where the evidence is held: only for the Agency security manager’s role'),
  source: z.string(),
  recordedAt: z.string(),
});
const personTrainingOutput = z.array(
  z.object({
    course: courseOutput,
    lastCompleted: z.string().nullable(),
    nextDue: z.string().nullable(),
    status,
    completions: z.array(completionOutput),
  }),
);
const writeErrors = {
  ...apiLookupErrors,
  422: apiErrorOutput.describe('A field is missing or wrong: `details.fields` says which'),
};

/** A course as the API gives it: the contract is in the address. */
const courseOut = <T extends { contractId: string }>({ contractId: _, ...rest }: T) => rest;

const previewOf = (id: string, p: CompletionsPreview) => ({
  id,
  fileName: p.fileName,
  canApply: p.fileErrors.length === 0 && p.errors.length === 0,
  fileErrors: p.fileErrors,
  rows: p.rows,
  added: p.added.map(({ line, personId, personName, courseId, courseName, completedOn }) => ({
    line,
    personId,
    personName,
    courseId,
    courseName,
    completedOn,
  })),
  unchanged: p.unchanged,
  errors: p.errors,
});

/** The contract's security training for a token scoped to it. */
export const trainingApi = apiRoutes<{ training: TrainingService }>((api, { training }) => {
  const personCourses = async (contractId: string, personId: string, withEvidence: boolean) =>
    (await training.forPerson(contractId, personId, withEvidence)).courses.map((c) => ({
      ...c,
      course: courseOut(c.course),
      completions: c.completions.map(({ personId: _p, ...x }) => x),
    }));

  api.get(
    '/api/v1/contracts/:contractId/training/courses',
    {
      config: { permission: 'contract:training:view' },
      schema: {
        summary: 'List the training courses with their counts',
        description:
          'Each course with its period and how many people on the register (not left) are current, due soon, overdue or have not completed it.',
        tags,
        params: contractParams,
        response: { 200: dataOf(z.array(summaryOutput), 'The courses'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: (await training.summaries(request.params.contractId)).map(courseOut) }),
  );

  api.post(
    '/api/v1/contracts/:contractId/training/courses',
    {
      config: { permission: 'contract:training:manage' },
      schema: {
        summary: 'Add a training course',
        description:
          'A course of the contract (annex 6.4), repeated every 12 Months until the Client’s Representative records another agreed period. The code is the learning system’s id for it, which imports match first.',
        tags,
        params: contractParams,
        body: z.object({ name: z.string(), code: z.string().optional(), about: z.string().optional() }).partial(),
        response: { 201: dataOf(courseOutput, 'The course added'), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: courseOut(await training.createCourse(actorOf(request), request.params.contractId, request.body)),
      }),
  );

  api.get(
    '/api/v1/contracts/:contractId/training/courses/:courseId/people',
    {
      config: { permission: 'contract:training:view' },
      schema: {
        summary: 'List everyone’s standing on a course',
        description:
          'Everyone the course covers (the register, less people who have left), most urgent first: last completion, next due date, status. No evidence references.',
        tags,
        params: courseParams,
        response: { 200: dataOf(z.array(standingOutput), 'The people'), ...apiLookupErrors },
      },
    },
    async (request) => {
      const course = await training.course(request.params.contractId, request.params.courseId);
      return {
        data: (await training.standings(course.contractId, course)).map(
          ({ personId, name, jobTitle, lastCompleted, nextDue, status: s }) => ({
            personId,
            name,
            jobTitle,
            lastCompleted,
            nextDue,
            status: s,
          }),
        ),
      };
    },
  );

  api.put(
    '/api/v1/contracts/:contractId/training/courses/:courseId/recurrence',
    {
      config: { permission: 'contract:training:agree' },
      schema: {
        summary: 'Record the Client’s written agreement to another period',
        description:
          'For the Client’s Representative only (annex 6.4): who agreed for the Client, the date of the written agreement, the period in Months (1–36) and why.',
        tags,
        params: courseParams,
        body: z
          .object({
            agreedByName: z.string(),
            agreedOn: z.string().describe('YYYY-MM-DD'),
            months: z.number().int(),
            reason: z.string(),
          })
          .partial(),
        response: { 200: dataOf(courseOutput, 'The course with its new period'), ...writeErrors },
      },
    },
    async (request) => ({
      data: courseOut(
        await training.recordAgreement(
          actorOf(request),
          request.params.contractId,
          request.params.courseId,
          request.body,
        ),
      ),
    }),
  );

  api.get(
    '/api/v1/contracts/:contractId/personnel/:personId/training',
    {
      config: { permission: 'contract:training:view' },
      schema: {
        summary: 'Get a person’s training',
        description:
          'Each course with the person’s last completion, next due date, status and completion dates; never where the evidence is held (see the person’s training evidence).',
        tags,
        params: personParams,
        response: { 200: dataOf(personTrainingOutput, 'The person’s courses'), ...apiLookupErrors },
      },
    },
    async (request) => ({ data: await personCourses(request.params.contractId, request.params.personId, false) }),
  );

  api.get(
    '/api/v1/contracts/:contractId/personnel/:personId/training/evidence',
    {
      config: { permission: 'contract:training:evidence:view' },
      schema: {
        summary: 'Get a person’s training with its evidence references',
        description:
          'As the person’s training, with where the evidence of each completion is held: Agency-internal, for the Agency security manager’s role only.',
        tags,
        params: personParams,
        response: {
          200: dataOf(personTrainingOutput, 'The person’s courses, with evidence references'),
          ...apiLookupErrors,
        },
      },
    },
    async (request) => ({ data: await personCourses(request.params.contractId, request.params.personId, true) }),
  );

  api.post(
    '/api/v1/contracts/:contractId/personnel/:personId/training',
    {
      config: { permission: 'contract:training:manage' },
      schema: {
        summary: 'Record a training completion',
        description:
          'The person completed the course on the date given (today or earlier); the evidence reference says where the evidence is held (never the certificate itself). The same person, course and date is recorded once.',
        tags,
        params: personParams,
        body: z
          .object({ courseId: z.string(), completedOn: z.string().describe('YYYY-MM-DD'), evidenceRef: z.string() })
          .partial(),
        response: { 201: dataOf(completionOutput, 'The completion recorded'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { personId: _p, ...done } = await training.recordCompletion(
        actorOf(request),
        request.params.contractId,
        request.params.personId,
        request.body,
        'api',
      );
      return reply.code(201).send({ data: done });
    },
  );

  api.post(
    '/api/v1/contracts/:contractId/training/imports',
    {
      config: { permission: 'contract:training:manage' },
      bodyLimit: MAX_COMPLETION_CSV_BYTES * 2,
      schema: {
        summary: 'Preview a completions CSV import',
        description:
          'Reads a learning system’s export (learner email or employee ID, course name or code, completion date, optionally certificate ID) and says what applying it would record, row by row.',
        tags,
        params: contractParams,
        body: z.object({
          fileName: z.string().max(120).optional(),
          csv: z.string().min(1, 'Send the CSV text').describe('The file’s text, UTF-8'),
        }),
        response: {
          201: dataOf(
            z.object({
              id: z.uuid(),
              fileName: z.string(),
              canApply: z.boolean(),
              fileErrors: z.array(z.string()),
              rows: z.number().int(),
              added: z.array(
                z.object({
                  line: z.number().int(),
                  personId: z.uuid(),
                  personName: z.string(),
                  courseId: z.uuid(),
                  courseName: z.string(),
                  completedOn: z.string(),
                }),
              ),
              unchanged: z.number().int(),
              errors: z.array(z.object({ line: z.number().int(), name: z.string(), messages: z.array(z.string()) })),
            }),
            'What the import would record',
          ),
          ...apiLookupErrors,
        },
      },
    },
    async (request, reply) => {
      const staged = await training.imports.preview(actorOf(request), request.params.contractId, {
        fileName: request.body.fileName || 'completions.csv',
        bytes: Buffer.from(request.body.csv, 'utf8'),
      });
      return reply.code(201).send({ data: previewOf(staged.id, staged.preview) });
    },
  );

  api.post(
    '/api/v1/contracts/:contractId/training/imports/:importId/apply',
    {
      config: { permission: 'contract:training:manage' },
      schema: {
        summary: 'Apply a previewed completions import',
        description: 'Records every completion of the preview in one transaction, or none.',
        tags,
        params: importParams,
        response: {
          201: dataOf(
            z.object({ fileName: z.string(), added: z.number().int(), unchanged: z.number().int() }),
            'What was imported',
          ),
          ...apiLookupErrors,
          409: apiErrorOutput.describe('`training_import_has_errors` or `training_import_clash`: nothing was applied'),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: await training.imports.apply(actorOf(request), request.params.contractId, request.params.importId),
      }),
  );
});

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { acceptFileUploads, uploadedFileName } from '../../platform/http/file-upload.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { ConflictError, ValidationError } from '../../platform/kernel/index.ts';
import { COMPLETION_COLUMNS, COMPLETION_DATES_ACCEPTED, MAX_COMPLETION_CSV_BYTES } from './completions-csv.ts';
import type { CompletionsPreview } from './completions-plan.ts';
import { contractIdOf, manage, trainingUrl, type TrainingWebDeps } from './training.web.ts';

const UPLOAD = 'training/import.njk';
const PREVIEW = 'training/import-preview.njk';
/** How many rows of each kind the preview lists; the counts always cover the whole file. */
const SHOWN = 500;

const columnHelp = () =>
  [
    ['Learner email', COMPLETION_COLUMNS.email],
    ['or Employee ID', COMPLETION_COLUMNS.externalId],
    ['Course name', COMPLETION_COLUMNS.course],
    ['or Course code', COMPLETION_COLUMNS.courseCode],
    ['Completion date', COMPLETION_COLUMNS.completedOn],
    ['Certificate ID (optional)', COMPLETION_COLUMNS.certificate],
  ].map(([field, names]) => ({ field, names: (names as readonly string[]).join(', ') }));

const previewView = (p: CompletionsPreview) => {
  const clean = p.fileErrors.length === 0 && p.errors.length === 0;
  return {
    p,
    clean,
    nothingToDo: clean && p.added.length === 0,
    added: p.added.slice(0, SHOWN),
    errors: p.errors.slice(0, SHOWN),
    shown: SHOWN,
    dateFormats: Object.entries(p.dateFormats).map(([format, count]) => ({ format, count })),
  };
};

/** Importing completions from a learning system's export: upload, preview, apply all or none. */
export async function completionsImportWeb(
  app: FastifyInstance,
  { training, contracts }: TrainingWebDeps,
): Promise<void> {
  const importUrl = (contractId: string) => `${trainingUrl(contractId)}/import`;
  const uploadPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    return {
      pageTitle: 'Import training completions from a CSV file',
      contract,
      courses: await training.courses(contract.id),
      columns: columnHelp(),
      dateFormats: COMPLETION_DATES_ACCEPTED,
      maxMb: MAX_COMPLETION_CSV_BYTES / (1024 * 1024),
      backLink: { href: trainingUrl(contract.id), text: 'Back to security training' },
    };
  };
  const previewPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const staged = await training.imports.find(
      actorOf(request),
      contract.id,
      idParam(request, 'importId', 'The import'),
    );
    return {
      pageTitle: 'Check what the import will record',
      contract,
      staged,
      ...previewView(staged.preview),
      acceptedDates: COMPLETION_DATES_ACCEPTED,
      backLink: { href: importUrl(contract.id), text: 'Upload another file' },
    };
  };

  await app.register(async (scope) => {
    // Multipart is accepted here only; everywhere else it stays a 415.
    await acceptFileUploads(scope, {
      maxFileBytes: MAX_COMPLETION_CSV_BYTES,
      tooLarge: `The file must be ${MAX_COMPLETION_CSV_BYTES / (1024 * 1024)} MB or smaller`,
    });
    scope.get('/contracts/:contractId/training/import', manage, async (request, reply) =>
      reply.page(UPLOAD, await uploadPage(request)),
    );
    scope.post('/contracts/:contractId/training/import', manage, async (request, reply) =>
      submitForm(request, reply, { template: UPLOAD, context: () => uploadPage(request) }, async () => {
        const contractId = contractIdOf(request);
        const file = request.upload?.file;
        if (!file) throw new ValidationError({ file: request.upload?.error ?? 'Select a CSV file to import' });
        const staged = await training.imports.preview(actorOf(request), contractId, {
          fileName: uploadedFileName(file.fileName, 'completions.csv'),
          bytes: file.bytes,
        });
        return { redirect: `${importUrl(contractId)}/${staged.id}` };
      }),
    );
  });

  app.get('/contracts/:contractId/training/import/:importId', manage, async (request, reply) =>
    reply.page(PREVIEW, await previewPage(request)),
  );

  app.post('/contracts/:contractId/training/import/:importId', manage, async (request, reply) => {
    const contractId = contractIdOf(request);
    try {
      const done = await training.imports.apply(
        actorOf(request),
        contractId,
        idParam(request, 'importId', 'The import'),
      );
      reply.flash(
        `${done.fileName} was imported: ${done.added} completion${done.added === 1 ? '' : 's'} recorded, ${done.unchanged} already recorded`,
      );
      return reply.redirect(trainingUrl(contractId), 303);
    } catch (err) {
      // With errors, or recorded meanwhile: the preview again, saying why nothing was applied.
      if (!(err instanceof ConflictError)) throw err;
      return reply.page(PREVIEW, { ...(await previewPage(request)), refused: err.message }, 409);
    }
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { acceptFileUploads, uploadedFileName } from '../../platform/http/file-upload.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { ConflictError, ValidationError } from '../../platform/kernel/index.ts';
import { DATE_FORMATS_ACCEPTED } from './csv-dates.ts';
import { FIELD_LABELS, type ImportPreview } from './import-plan.ts';
import { contractIdOf, manage, registerUrl, type PersonnelWebDeps } from './personnel.web.ts';
import { CSV_COLUMNS, MAX_CSV_BYTES } from './staff-csv.ts';

const UPLOAD = 'personnel/import.njk';
const PREVIEW = 'personnel/import-preview.njk';
/** How many rows of each kind the preview page lists; the counts always cover the whole file. */
const SHOWN = 500;

const cleanFileName = (name: string) => uploadedFileName(name, 'staff.csv');

/** The columns the page lists: each field with the names it is known by. */
const columnHelp = () =>
  [
    ['Full name', [...CSV_COLUMNS.name, 'or first name and last name']],
    ['Work email', CSV_COLUMNS.email],
    ['Job title', CSV_COLUMNS.jobTitle],
    ['Start date', CSV_COLUMNS.startDate],
    ['Employer (optional)', CSV_COLUMNS.employer],
    ['End date (optional)', CSV_COLUMNS.endDate],
    ['Employee ID (optional)', CSV_COLUMNS.externalId],
  ].map(([field, names]) => ({ field, names: (names as readonly string[]).join(', ') }));

/** The preview as the page shows it: counts for the whole file, the first rows of each kind. */
function previewView(p: ImportPreview) {
  const clean = p.fileErrors.length === 0 && p.errors.length === 0;
  return {
    p,
    clean,
    nothingToDo: clean && p.added.length === 0 && p.changed.length === 0,
    added: p.added.slice(0, SHOWN),
    changed: p.changed.slice(0, SHOWN).map((c) => ({
      ...c,
      changes: c.changes.map((x) => ({ ...x, label: FIELD_LABELS[x.field] })),
    })),
    errors: p.errors.slice(0, SHOWN),
    shown: SHOWN,
    columns: p.columns.map((c) => ({ ...c, label: FIELD_LABELS[c.field as keyof typeof FIELD_LABELS] ?? c.field })),
    dateFormats: Object.entries(p.dateFormats).map(([format, count]) => ({ format, count })),
  };
}

/** Importing staff from an HR export: upload, preview what would change, apply all of it or none. */
export async function staffImportWeb(app: FastifyInstance, { personnel, contracts }: PersonnelWebDeps): Promise<void> {
  const importUrl = (contractId: string) => `${registerUrl(contractId)}/import`;
  const uploadPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    return {
      pageTitle: 'Import staff from a CSV file',
      contract,
      agencyName: await personnel.agencyName(contract.id),
      columns: columnHelp(),
      dateFormats: DATE_FORMATS_ACCEPTED,
      maxMb: MAX_CSV_BYTES / (1024 * 1024),
      backLink: { href: registerUrl(contract.id), text: 'Back to Agency Staff' },
    };
  };
  const previewPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const staged = await personnel.imports.find(
      actorOf(request),
      contract.id,
      idParam(request, 'importId', 'The import'),
    );
    return {
      pageTitle: 'Check what the import will change',
      contract,
      staged,
      agencyName: await personnel.agencyName(contract.id),
      ...previewView(staged.preview),
      acceptedDates: DATE_FORMATS_ACCEPTED,
      backLink: { href: importUrl(contract.id), text: 'Upload another file' },
    };
  };

  await app.register(async (scope) => {
    // Multipart is accepted here only; everywhere else it stays a 415.
    await acceptFileUploads(scope, {
      maxFileBytes: MAX_CSV_BYTES,
      tooLarge: `The file must be ${MAX_CSV_BYTES / (1024 * 1024)} MB or smaller`,
    });

    scope.get('/contracts/:contractId/personnel/import', manage, async (request, reply) =>
      reply.page(UPLOAD, await uploadPage(request)),
    );

    scope.post('/contracts/:contractId/personnel/import', manage, async (request, reply) =>
      submitForm(request, reply, { template: UPLOAD, context: () => uploadPage(request) }, async () => {
        const contractId = contractIdOf(request);
        const file = request.upload?.file;
        if (!file) throw new ValidationError({ file: request.upload?.error ?? 'Select a CSV file to import' });
        const staged = await personnel.imports.preview(actorOf(request), contractId, {
          fileName: cleanFileName(file.fileName),
          bytes: file.bytes,
        });
        return { redirect: `${importUrl(contractId)}/${staged.id}` };
      }),
    );
  });

  app.get('/contracts/:contractId/personnel/import/:importId', manage, async (request, reply) =>
    reply.page(PREVIEW, await previewPage(request)),
  );

  app.post('/contracts/:contractId/personnel/import/:importId', manage, async (request, reply) => {
    const contractId = contractIdOf(request);
    const importId = idParam(request, 'importId', 'The import');
    try {
      const done = await personnel.imports.apply(actorOf(request), contractId, importId);
      reply.flash(
        `${done.fileName} was imported: ${done.added} added, ${done.changed} changed, ${done.unchanged} unchanged`,
      );
      return reply.redirect(registerUrl(contractId), 303);
    } catch (err) {
      // Stale or with errors: the preview again, saying why nothing was applied and what to do.
      if (!(err instanceof ConflictError)) throw err;
      return reply.page(PREVIEW, { ...(await previewPage(request)), refused: err.message }, 409);
    }
  });
}

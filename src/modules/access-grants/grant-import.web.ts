import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { acceptFileUploads, uploadedFileName } from '../../platform/http/file-upload.ts';
import { idParam, submitForm } from '../../platform/http/index.ts';
import { ConflictError, ValidationError } from '../../platform/kernel/index.ts';
import { DATE_FORMATS_ACCEPTED, MAX_CSV_BYTES } from '../personnel/index.ts';
import { accessUrl, contractIdOf, labels, manage, type AccessWebDeps } from './access-grants.web.ts';
import { GRANT_COLUMNS } from './grant-csv.ts';

const UPLOAD = 'access-grants/import.njk';
const PREVIEW = 'access-grants/import-preview.njk';
const SHOWN = 500;

/** Importing grants from an IAM export: upload, preview, apply all or none (as the staff import does). */
export async function grantImportWeb(app: FastifyInstance, { accessGrants, contracts }: AccessWebDeps): Promise<void> {
  const importUrl = (contractId: string) => `${accessUrl(contractId)}/import`;
  const uploadPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    return {
      pageTitle: 'Import access grants from a CSV file',
      contract,
      columns: [
        ['Work email or Employee ID', [...GRANT_COLUMNS.email, ...GRANT_COLUMNS.externalId]],
        ['System', GRANT_COLUMNS.system],
        ['Access level (standard, elevated, administrator)', GRANT_COLUMNS.level],
        ['Reason', GRANT_COLUMNS.reason],
        ['Granted date', GRANT_COLUMNS.grantedOn],
      ].map(([field, names]) => ({ field, names: (names as readonly string[]).join(', ') })),
      dateFormats: DATE_FORMATS_ACCEPTED,
      maxMb: MAX_CSV_BYTES / (1024 * 1024),
      backLink: { href: accessUrl(contract.id), text: 'Back to Access' },
    };
  };
  const previewPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    const staged = await accessGrants.imports.find(
      actorOf(request),
      contract.id,
      idParam(request, 'importId', 'The import'),
    );
    const p = staged.preview;
    return {
      pageTitle: 'Check what the import will add',
      contract,
      staged,
      p,
      clean: p.fileErrors.length === 0 && p.errors.length === 0,
      added: p.added.slice(0, SHOWN),
      errors: p.errors.slice(0, SHOWN),
      shown: SHOWN,
      acceptedDates: DATE_FORMATS_ACCEPTED,
      ...labels,
      backLink: { href: importUrl(contract.id), text: 'Upload another file' },
    };
  };

  await app.register(async (scope) => {
    await acceptFileUploads(scope, {
      maxFileBytes: MAX_CSV_BYTES,
      tooLarge: `The file must be ${MAX_CSV_BYTES / (1024 * 1024)} MB or smaller`,
    });
    scope.get('/contracts/:contractId/access/import', manage, async (request, reply) =>
      reply.page(UPLOAD, await uploadPage(request)),
    );
    scope.post('/contracts/:contractId/access/import', manage, async (request, reply) =>
      submitForm(request, reply, { template: UPLOAD, context: () => uploadPage(request) }, async () => {
        const contractId = contractIdOf(request);
        const file = request.upload?.file;
        if (!file) throw new ValidationError({ file: request.upload?.error ?? 'Select a CSV file to import' });
        const staged = await accessGrants.imports.preview(actorOf(request), contractId, {
          fileName: uploadedFileName(file.fileName, 'grants.csv'),
          bytes: file.bytes,
        });
        return { redirect: `${importUrl(contractId)}/${staged.id}` };
      }),
    );
  });

  app.get('/contracts/:contractId/access/import/:importId', manage, async (request, reply) =>
    reply.page(PREVIEW, await previewPage(request)),
  );
  app.post('/contracts/:contractId/access/import/:importId', manage, async (request, reply) => {
    const contractId = contractIdOf(request);
    try {
      const done = await accessGrants.imports.apply(
        actorOf(request),
        contractId,
        idParam(request, 'importId', 'The import'),
      );
      reply.flash(`${done.fileName} was imported: ${done.added} grants added, ${done.unchanged} already recorded`);
      return reply.redirect(accessUrl(contractId), 303);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return reply.page(PREVIEW, { ...(await previewPage(request)), refused: err.message }, 409);
    }
  });
}

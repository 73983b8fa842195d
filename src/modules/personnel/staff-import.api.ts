import { z } from 'zod';
import { actorOf } from '../../platform/auth/index.ts';
import { apiErrorOutput, apiLookupErrors, dataOf, uuidParam, type ApiInstance } from '../../platform/http/index.ts';
import type { ImportPreview } from './import-plan.ts';
import type { PersonnelService } from './personnel.service.ts';
import { MAX_CSV_BYTES } from './staff-csv.ts';

const tags = ['Personnel'];
const contractParams = z.object({ contractId: uuidParam('The contract’s id; it must be the token’s contract') });
const importParams = contractParams.extend({ importId: uuidParam('The import’s id, from its preview') });

const change = z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() });
const previewOutput = z.object({
  id: z.uuid().describe('Apply the import with this id'),
  fileName: z.string(),
  canApply: z
    .boolean()
    .describe('False when the file or any row has errors: nothing can be applied until they are corrected'),
  fileErrors: z.array(z.string()).describe('Problems with the file as a whole, such as missing columns'),
  rows: z.number().int(),
  added: z.array(z.object({ line: z.number().int(), name: z.string(), email: z.string() })),
  changed: z.array(z.object({ line: z.number().int(), id: z.uuid(), name: z.string(), changes: z.array(change) })),
  unchanged: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), name: z.string(), messages: z.array(z.string()) })),
  dateFormats: z
    .record(z.string(), z.number().int())
    .describe('How many dates were read from each format other than YYYY-MM-DD'),
});
const appliedOutput = z.object({
  fileName: z.string(),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
});

const previewOf = (id: string, p: ImportPreview) => ({
  id,
  fileName: p.fileName,
  canApply: p.fileErrors.length === 0 && p.errors.length === 0,
  fileErrors: p.fileErrors,
  rows: p.rows,
  added: p.added.map((a) => ({ line: a.line, name: a.name, email: a.email })),
  changed: p.changed.map(({ line, id: personId, name, changes }) => ({ line, id: personId, name, changes })),
  unchanged: p.unchanged,
  errors: p.errors,
  dateFormats: p.dateFormats as Record<string, number>,
});

/** Importing the register from an HR export's CSV over the API: preview, then apply. */
export function staffImportApi(api: ApiInstance, { personnel }: { personnel: PersonnelService }): void {
  api.post(
    '/api/v1/contracts/:contractId/personnel/imports',
    {
      config: { permission: 'contract:personnel:manage' },
      // The CSV travels as a JSON string: a 50,000-row file is larger than the API's usual limit.
      bodyLimit: MAX_CSV_BYTES * 2,
      schema: {
        summary: 'Preview a staff CSV import',
        description:
          'Reads the CSV (the columns an HR export has: Full name, Work email, Job title, Start date; optionally Employer, End date, Employee ID) and says what applying it would change, row by row. Nothing changes until the import is applied.',
        tags,
        params: contractParams,
        body: z.object({
          fileName: z.string().max(120).optional(),
          csv: z.string().min(1, 'Send the CSV text').describe('The file’s text, UTF-8'),
        }),
        response: { 201: dataOf(previewOutput, 'What the import would do'), ...apiLookupErrors },
      },
    },
    async (request, reply) => {
      const staged = await personnel.imports.preview(actorOf(request), request.params.contractId, {
        fileName: request.body.fileName || 'staff.csv',
        bytes: Buffer.from(request.body.csv, 'utf8'),
      });
      return reply.code(201).send({ data: previewOf(staged.id, staged.preview) });
    },
  );

  api.post(
    '/api/v1/contracts/:contractId/personnel/imports/:importId/apply',
    {
      config: { permission: 'contract:personnel:manage' },
      schema: {
        summary: 'Apply a previewed staff CSV import',
        description:
          'Applies every addition and change of the preview in one transaction, or none. Refused when the file has errors, and when the register changed after the preview (preview again).',
        tags,
        params: importParams,
        response: {
          201: dataOf(appliedOutput, 'What was imported'),
          ...apiLookupErrors,
          409: apiErrorOutput.describe(
            '`personnel_import_has_errors`, `personnel_import_stale` (the register changed since the preview) or `personnel_import_clash`: nothing was applied',
          ),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: await personnel.imports.apply(actorOf(request), request.params.contractId, request.params.importId),
      }),
  );
}

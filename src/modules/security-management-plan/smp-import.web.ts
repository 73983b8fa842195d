import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { DocumentError, readDocxOffThread } from '../../platform/documents/index.ts';
import { acceptFileUploads, uploadedFileName } from '../../platform/http/file-upload.ts';
import { CHECK_ANSWERS_TEMPLATE, checkAnswersView, idParam, submitForm } from '../../platform/http/index.ts';
import { ConflictError, DomainError, ValidationError } from '../../platform/kernel/index.ts';
import { WorkerBusyError, WorkerTimeoutError, type WorkerPool } from '../../platform/workers/index.ts';
import { mappedContent, mappingItems, mappingSummary, previewOf, suggestedChoice } from './import-mapping.ts';
import { MAX_SECTION_BYTES } from './smp-content.ts';
import { IMPORT_HOURS, type PendingImport } from './smp-import.store.ts';
import type { SmpWebDeps } from './smp.web.ts';

const MAX_DOCX_BYTES = 5 * 1024 * 1024;
const UPLOAD = 'security-management-plan/import.njk';
const MAPPING = 'security-management-plan/import-mapping.njk';

/** An import that expired, was used, or is not the reader's: one plain message for all three, so ids reveal nothing. */
class ImportGoneError extends DomainError {
  readonly status = 404;
  constructor() {
    super(
      'smp_import_gone',
      `This import is no longer available: imports are kept for ${IMPORT_HOURS} hours and can be used once. Upload the document again.`,
    );
  }
}

const contractIdOf = (r: FastifyRequest) => idParam(r, 'contractId', 'The contract');
const organisationOf = (r: FastifyRequest) => (r.principal.kind === 'user' ? r.principal.user.organisationId : '');
const cleanFileName = (name: string) => uploadedFileName(name, 'document.docx');
const cleanText = (s: string) => s.replace(/\u0000/g, '');

/**
 * Headed sections of an uploaded .docx, as `custodian smp check` reads them, read on the worker
 * pool; throws ValidationError for the form, also when the pool is busy or the reading was stopped.
 */
async function sectionsOf(workers: WorkerPool, file: { fileName: string; bytes: Buffer }) {
  if (file.bytes.length === 0) throw new ValidationError({ file: 'The selected file is empty' });
  let doc;
  try {
    doc = await readDocxOffThread(workers, file.bytes);
  } catch (err) {
    if (err instanceof DocumentError || err instanceof WorkerBusyError || err instanceof WorkerTimeoutError)
      throw new ValidationError({ file: err.message });
    throw err;
  }
  const headed = doc.sections.filter((s) => s.level > 0);
  const warnings = [...doc.warnings];
  const before = [doc.preamble, ...doc.sections.filter((s) => s.level === 0).map((s) => s.markdown)].join(' ').trim();
  if (headed.length && before)
    warnings.push(
      `The text before the first heading (“${previewOf(before, 8)}”) is not imported: copy it into a section afterwards if the plan needs it.`,
    );
  const raw = headed.length
    ? headed
    : [{ heading: doc.title ?? file.fileName.replace(/\.docx$/i, ''), markdown: doc.preamble }];
  const sections = raw.map((s, i) => ({
    heading: cleanText(s.heading).trim().slice(0, 200) || `Section ${i + 1}`,
    markdown: cleanText(s.markdown),
  }));
  const big = sections.find((s) => Buffer.byteLength(s.markdown) > MAX_SECTION_BYTES);
  if (big)
    throw new ValidationError({
      file: `The section “${big.heading}” is larger than 500 KB: split it under more headings and upload the document again`,
    });
  return { sections, warnings };
}

/**
 * Starting a plan from a Word document: upload (the only multipart form in the app), then the
 * importer confirms which heading goes to which section before the draft changes.
 */
export async function smpImportWeb(app: FastifyInstance, deps: SmpWebDeps): Promise<void> {
  const { smp, contracts } = deps;
  const store = deps.smpImports;
  const edit = { config: { permission: 'contract:smp:edit' as const } };

  /** What the pages say about the draft the import will replace. */
  async function draftState(contractId: string) {
    const latest = (await smp.overview(contractId)).versions[0];
    const written = latest?.status === 'draft' ? latest.content.sections.filter((s) => s.markdown.trim()).length : 0;
    return { latest, written, awaiting: latest?.status === 'submitted' };
  }

  const uploadPage = async (request: FastifyRequest) => {
    const contract = await contracts.get(contractIdOf(request));
    return {
      pageTitle: 'Import a Word document',
      contract,
      ...(await draftState(contract.id)),
      maxMb: MAX_DOCX_BYTES / (1024 * 1024),
      backLink: { href: `/contracts/${contract.id}/smp` },
    };
  };

  const pendingOf = async (request: FastifyRequest, contractId: string): Promise<PendingImport> => {
    const found = await store.find(idParam(request, 'importId', 'The import'), contractId, organisationOf(request));
    if (!found) throw new ImportGoneError();
    return found;
  };

  const mappingPage = async (request: FastifyRequest, values: Record<string, unknown> = {}) => {
    const contract = await contracts.get(contractIdOf(request));
    const pending = await pendingOf(request, contract.id);
    const rows = pending.sections.map((s, i) => ({
      name: `map-${i}`,
      heading: s.heading,
      preview: previewOf(s.markdown),
      items: mappingItems(
        typeof values[`map-${i}`] === 'string' ? String(values[`map-${i}`]) : suggestedChoice(s.heading),
      ),
    }));
    return {
      pageTitle: 'Check where each heading goes',
      contract,
      pending,
      rows,
      ...(await draftState(contract.id)),
      backLink: { href: `/contracts/${contract.id}/smp/import` },
    };
  };

  await app.register(async (scope) => {
    // Multipart is accepted here only; everywhere else it stays a 415.
    await acceptFileUploads(scope, {
      maxFileBytes: MAX_DOCX_BYTES,
      tooLarge: `The file must be ${MAX_DOCX_BYTES / (1024 * 1024)} MB or smaller`,
    });

    scope.get('/contracts/:contractId/smp/import', edit, async (request, reply) =>
      reply.page(UPLOAD, await uploadPage(request)),
    );

    scope.post('/contracts/:contractId/smp/import', edit, async (request, reply) =>
      submitForm(request, reply, { template: UPLOAD, context: () => uploadPage(request) }, async () => {
        const contractId = contractIdOf(request);
        const file = request.upload?.file;
        if (!file)
          throw new ValidationError({ file: request.upload?.error ?? 'Select a Word document (.docx) to import' });
        const fileName = cleanFileName(file.fileName);
        const { sections, warnings } = await sectionsOf(deps.workers, { fileName, bytes: file.bytes });
        const actor = actorOf(request);
        const saved = await store.save({
          contractId,
          createdBy: actor.type === 'user' ? actor.userId : '',
          organisationId: organisationOf(request),
          fileName,
          sections,
          warnings,
        });
        return { redirect: `/contracts/${contractId}/smp/import/${saved.id}` };
      }),
    );

    scope.get('/contracts/:contractId/smp/import/:importId', edit, async (request, reply) =>
      reply.page(MAPPING, await mappingPage(request)),
    );

    // Check your answers: what "Create the draft" will put where, before the draft changes.
    scope.post('/contracts/:contractId/smp/import/:importId/check', edit, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      return submitForm(request, reply, { template: MAPPING, context: () => mappingPage(request, body) }, async () => {
        const contractId = contractIdOf(request);
        const pending = await pendingOf(request, contractId);
        mappedContent(pending.sections, body); // the same checks as creating the draft: a bad choice is shown on the form
        const { required, extra, omitted } = mappingSummary(pending.sections, body);
        const { latest, written, awaiting } = await draftState(contractId);
        const mappingPath = `/contracts/${contractId}/smp/import/${pending.id}`;
        const heading = (hs: string[], none: string) => (hs.length ? hs.map((h) => `“${h}”`).join('\n') : none);
        const contract = await contracts.get(contractId);
        return {
          show: CHECK_ANSWERS_TEMPLATE,
          status: 200,
          context: checkAnswersView({
            caption: `${contract.orderReference}: importing ${pending.fileName}`,
            heading: 'Check the draft before it is created',
            intro: [
              latest?.status === 'draft'
                ? `Creating the draft replaces the text of version ${latest.number}${written ? `, which has text in ${written} ${written === 1 ? 'section' : 'sections'}` : ''}. The named roles and third parties are kept.`
                : 'Creating the draft starts a new version from the document. The named roles and third parties of the latest version are kept.',
            ],
            answers: [
              { key: 'Document', value: pending.fileName },
              ...required.map((r) => ({
                key: `${r.clause} ${r.heading}`,
                value: heading(r.from, 'Stays empty, for you to write'),
                changeHref: mappingPath,
              })),
              { key: 'Extra sections', value: heading(extra, 'None'), changeHref: mappingPath },
              { key: 'Left out', value: heading(omitted, 'Nothing'), changeHref: mappingPath },
            ],
            problems: awaiting
              ? [`Version ${latest!.number} is with the Client for a decision: the import can be made once they decide`]
              : [],
            action: mappingPath,
            button: 'Create the draft',
            carried: body,
            cancelHref: mappingPath,
          }),
        };
      });
    });

    scope.post('/contracts/:contractId/smp/import/:importId', edit, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      return submitForm(request, reply, { template: MAPPING, context: () => mappingPage(request, body) }, async () => {
        const contractId = contractIdOf(request);
        const pending = await pendingOf(request, contractId);
        const { content, joined, used } = mappedContent(pending.sections, body);
        if (!(await store.claim(pending))) throw new ImportGoneError();
        try {
          const actor = actorOf(request);
          const draft = await smp.draft(actor, contractId);
          // The roles and third parties are not in a Word document: the draft's lists are kept.
          await smp.replaceContent(
            actor,
            contractId,
            draft.id,
            { ...content, roles: draft.content.roles, thirdParties: draft.content.thirdParties },
            { imported: pending.fileName, sections: used, joined: joined.length },
          );
          await store.done(pending);
          const note = joined.length
            ? `. Headings given the same section were joined under ${joined.map((h) => `“${h}”`).join(', ')}`
            : '';
          return {
            redirect: `/contracts/${contractId}/smp/versions/${draft.id}`,
            flash: `Imported ${used} ${used === 1 ? 'section' : 'sections'} from ${pending.fileName} into version ${draft.number}${note}`,
          };
        } catch (err) {
          await store.restore(pending);
          // A version awaiting the Client's decision (or submitted meanwhile) cannot take the import: say so on the form.
          if (err instanceof ConflictError) throw new ValidationError({ create: err.message });
          throw err;
        }
      });
    });
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idParam } from '../../platform/http/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { NotFoundError, ValidationError } from '../../platform/kernel/index.ts';
import { formErrors } from '../../platform/views/form-errors.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import { exportFileName, sentFilters } from './audit-web-filters.ts';
import { ProofPendingError } from './audit-read.service.ts';
import { auditExportQuery, auditManifestQuery, auditPageQuery, OUTCOMES } from './audit-read.schemas.ts';
import type { AuditLogPluginOptions } from './audit-read.options.ts';

const permission = { config: { permission: 'contract:audit:view' as const } };
const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');

/** The event number in the path; anything but digits names no event. */
export function seqParam(request: FastifyRequest): number {
  const value = (request.params as { seq?: string }).seq ?? '';
  if (!/^\d{1,15}$/.test(value)) throw new NotFoundError('The audit event');
  return Number(value);
}

const withQuery = (path: string, params: Record<string, string | number>) => {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return qs ? `${path}?${qs}` : path;
};

/** Pages for reading a contract's audit log: the filtered list, one record, its proof, exports. */
export function auditWeb(app: FastifyInstance, opts: AuditLogPluginOptions): void {
  const { auditRead, auditExport, contracts } = opts;
  /** The file name of an export of these filters: the contract's reference and the dates it covers. */
  const fileName = async (contractId: string, q: { from?: string; to?: string }) =>
    exportFileName((await contracts.get(contractId)).orderReference, q, civilDateInLondon(opts.clock.now()));

  app.get('/contracts/:contractId/audit', permission, async (request, reply) => {
    const id = contractIdOf(request);
    const [contract, choices] = await Promise.all([contracts.get(id), auditRead.choices(id)]);
    const { values, dateParts, dateErrors } = sentFilters(request.query);
    const base = `/contracts/${id}/audit`;
    // The downloads cover what the page shows: without page views unless they are asked for.
    const exported = { ...values, pageViews: values.pageViews ?? 'exclude' };
    const select = (selected: string | undefined, prompt: string, options: { value: string; text: string }[]) => [
      { value: '', text: prompt },
      ...options.map((o) => ({ ...o, selected: o.value === selected })),
    ];
    const context = {
      pageTitle: `Audit log: ${contract.orderReference}`,
      contract,
      values: { ...values, ...dateParts },
      base,
      exportJsonl: withQuery(`${base}/export`, { ...exported, format: 'jsonl' }),
      exportCsv: withQuery(`${base}/export`, { ...exported, format: 'csv' }),
      manifest: withQuery(`${base}/export/manifest`, exported),
      userItems: select(values.user, 'Anyone', [
        ...choices.people.map((p) => ({ value: p.id, text: p.displayName })),
        ...choices.tokens.map((t) => ({ value: t.id, text: `API token “${t.name}”` })),
      ]),
      actionItems: select(
        values.action,
        'Any action',
        choices.actions.map((a) => ({ value: a, text: a })),
      ),
      outcomeItems: select(
        values.outcome,
        'Any outcome',
        OUTCOMES.map((o) => ({ value: o, text: o.charAt(0).toUpperCase() + o.slice(1) })),
      ),
      backLink: { href: `/contracts/${id}`, text: 'Back to the contract' },
    };
    try {
      const q = parseInput(auditPageQuery, { ...(request.query as object), from: values.from, to: values.to });
      if (Object.keys(dateErrors).length) throw new ValidationError(dateErrors);
      const page = await auditRead.page(id, q);
      return reply.page('audit-log/list.njk', {
        ...context,
        events: await auditRead.story(id, page.events),
        filtered: Object.keys(values).some((k) => k !== 'pageViews'),
        newerHref: page.newer && withQuery(base, { ...values, ...page.newer }),
        olderHref: page.older && withQuery(base, { ...values, ...page.older }),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrors({ ...err.fields, ...dateErrors });
      return reply.page('audit-log/list.njk', { ...context, events: [], errors }, 422);
    }
  });

  app.get('/contracts/:contractId/audit/export', permission, async (request, reply) => {
    const id = contractIdOf(request);
    const q = parseInput(auditExportQuery, request.query);
    const { body, through } = await auditExport.stream(id, q, q.format, q.through);
    return reply
      .header('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${await fileName(id, q)}.${q.format}"`)
      .header('cache-control', 'no-store')
      .header('x-custodian-through', String(through))
      .send(body);
  });

  app.get('/contracts/:contractId/audit/export/manifest', permission, async (request, reply) => {
    const id = contractIdOf(request);
    const q = parseInput(auditManifestQuery, request.query);
    const name = await fileName(id, q);
    const manifest = await auditExport.manifest(id, q, q.through, name);
    return reply
      .header('content-disposition', `attachment; filename="${name}-manifest.json"`)
      .header('cache-control', 'no-store')
      .type('application/json')
      .send(JSON.stringify(manifest, null, 2));
  });

  app.get('/contracts/:contractId/audit/:seq', permission, async (request, reply) => {
    const id = contractIdOf(request);
    const [contract, event] = await Promise.all([contracts.get(id), auditRead.get(id, seqParam(request))]);
    return reply.page('audit-log/event.njk', {
      pageTitle: `Audit event ${event.seq}`,
      contract,
      event,
      proofSeconds: auditRead.checkpointSeconds,
      eventJson: JSON.stringify(event.event, null, 2),
      backLink: { href: `/contracts/${id}/audit`, text: 'Back to the audit log' },
    });
  });

  app.get('/contracts/:contractId/audit/:seq/proof', permission, async (request, reply) => {
    const id = contractIdOf(request);
    const seq = seqParam(request);
    try {
      const proof = await auditRead.proof(id, seq);
      return reply
        .header('content-disposition', `attachment; filename="audit-event-${seq}-proof.json"`)
        .header('cache-control', 'no-store')
        .type('application/json')
        .send(JSON.stringify(proof, null, 2));
    } catch (err) {
      if (!(err instanceof ProofPendingError)) throw err;
      return proofPending(reply, id, seq, err.seconds);
    }
  });
}

function proofPending(reply: FastifyReply, contractId: string, seq: number, seconds: number) {
  return reply.header('retry-after', String(seconds)).page(
    'audit-log/proof-pending.njk',
    {
      pageTitle: 'The proof is not ready yet',
      seq,
      seconds,
      eventHref: `/contracts/${contractId}/audit/${seq}`,
      proofHref: `/contracts/${contractId}/audit/${seq}/proof`,
    },
    409,
  );
}

import { z } from 'zod';
import type { AuditLog } from '../audit-log/index.ts';
import type { SmpDocumentsTable, SmpTables } from './smp.tables.ts';
import { fromFlag, toFlag, type UnitOfWork } from '../../platform/db/index.ts';
import { optionalText, parseInput, requiredText } from '../../platform/validation/index.ts';
import type { PinnedDocument } from './smp-content.ts';
import { smpRepository } from './smp.repository.ts';
import {
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
  actorId,
} from '../../platform/kernel/index.ts';

export const documentInput = z.object({
  title: requiredText('the document’s title', 200),
  version: requiredText('its version', 50),
  owner: requiredText('who owns it', 200),
  location: requiredText('where it is held', 1000),
  // No default: a person must say whether the Client holds a copy (the page preselects nothing either).
  bothPartiesHold: z
    .enum(['yes', 'no'], { message: 'Select yes if both parties hold a copy' })
    .transform((v) => v === 'yes'),
});

/** The Client's Representative's answer: it holds a copy, or it does not and says why. */
export const holdingAnswerInput = z
  .object({
    holds: z.enum(['yes', 'no'], { message: 'Select yes if the Client holds a copy of this document' }),
    reason: optionalText('the reason', 1000),
  })
  .refine((a) => a.holds === 'yes' || a.reason.length > 0, {
    path: ['reason'],
    message: 'Say why the Client does not hold a copy',
  });

export interface RegisteredDocument extends PinnedDocument {
  clientHoldsReason: string | null;
  clientHoldsBy: string | null;
  clientHoldsAt: string | null;
  createdAt: string;
}
const toDocument = (r: SmpDocumentsTable): RegisteredDocument => ({
  id: r.id,
  title: r.title,
  version: r.version,
  owner: r.owner,
  location: r.location,
  bothPartiesHold: fromFlag(r.both_parties_hold),
  clientHolds: r.client_holds,
  clientHoldsReason: r.client_holds_reason,
  clientHoldsBy: r.client_holds_by,
  clientHoldsAt: r.client_holds_at,
  createdAt: r.created_at,
});

export type DocumentRegister = ReturnType<typeof createDocumentRegister>;

/**
 * The register of documents a contract's plan may reference (clause 4.2.1(g)): title, version,
 * owner, where it is held, whether the Agency says both parties hold it and the Client's answer.
 * Removing one keeps its row (struck off), so versions that referenced it can still be explained.
 */
export function createDocumentRegister(deps: { uow: UnitOfWork; clock: Clock; audit: AuditLog }) {
  const { uow, clock, audit } = deps;
  const repo = smpRepository(uow.tables<SmpTables>());
  return {
    async list(contractId: string): Promise<RegisteredDocument[]> {
      return (await repo.documents(contractId)).map(toDocument);
    },
    /** The register as it stood at a moment (for versions submitted before entries were pinned). */
    async asOf(contractId: string, at: string): Promise<RegisteredDocument[]> {
      return (await repo.documentsAsOf(contractId, at)).map(toDocument);
    },
    async get(contractId: string, id: string): Promise<RegisteredDocument> {
      const row = await repo.document(contractId, id);
      if (!row) throw new NotFoundError('The document');
      return toDocument(row);
    },
    async add(actor: Actor, contractId: string, input: unknown): Promise<RegisteredDocument> {
      const data = parseInput(documentInput, input);
      const existing = await this.list(contractId);
      if (existing.some((d) => d.title.toLowerCase() === data.title.toLowerCase()))
        throw new ValidationError({ title: 'The register already has a document with this title' });
      const row: SmpDocumentsTable = {
        id: newId(),
        contract_id: contractId,
        title: data.title,
        version: data.version,
        owner: data.owner,
        location: data.location,
        both_parties_hold: toFlag(data.bothPartiesHold),
        client_holds: null,
        client_holds_reason: null,
        client_holds_by: null,
        client_holds_at: null,
        created_at: iso(clock.now()),
        created_by: actorId(actor),
        removed_at: null,
      };
      await uow.transaction(async () => {
        await repo.insertDocument(row);
        await audit.record({
          actor,
          action: 'smp-document.create',
          contractId,
          resource: { type: 'smp-document', id: row.id },
          details: { after: toDocument(row) },
        });
      });
      return toDocument(row);
    },
    /**
     * The Client's Representative confirms the Client holds a copy, or disputes it with a reason.
     * A later answer replaces an earlier one (a copy can arrive after a dispute); each is audited.
     */
    async answer(actor: Actor, contractId: string, id: string, input: unknown): Promise<RegisteredDocument> {
      const data = parseInput(holdingAnswerInput, input);
      return uow.transaction(async () => {
        const before = await this.get(contractId, id);
        const set = {
          client_holds: data.holds === 'yes' ? ('confirmed' as const) : ('disputed' as const),
          client_holds_reason: data.holds === 'yes' ? null : data.reason,
          client_holds_by: actorId(actor),
          client_holds_at: iso(clock.now()),
        };
        if (!(await repo.answerDocument(contractId, id, set))) throw new NotFoundError('The document');
        await audit.record({
          actor,
          action: data.holds === 'yes' ? 'smp-document.confirm' : 'smp-document.dispute',
          contractId,
          resource: { type: 'smp-document', id },
          details: {
            title: before.title,
            before: before.clientHolds,
            ...(set.client_holds_reason ? { reason: set.client_holds_reason } : {}),
          },
        });
        return this.get(contractId, id);
      });
    },
    async remove(actor: Actor, contractId: string, id: string): Promise<void> {
      await uow.transaction(async () => {
        if (!(await repo.removeDocument(contractId, id, iso(clock.now())))) throw new NotFoundError('The document');
        await audit.record({
          actor,
          action: 'smp-document.delete',
          contractId,
          resource: { type: 'smp-document', id },
        });
      });
    },
  };
}

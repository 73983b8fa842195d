import { z } from 'zod';
import type { AuditLog } from '../audit-log/index.ts';
import type { SmpDocumentsTable, SmpTables } from './smp.tables.ts';
import { fromFlag, toFlag, type UnitOfWork } from '../../platform/db/index.ts';
import { parseInput, requiredText } from '../../platform/validation/index.ts';
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
  bothPartiesHold: z
    .enum(['yes', 'no'], { message: 'Select yes if both parties hold a copy' })
    .transform((v) => v === 'yes'),
});

export interface RegisteredDocument {
  id: string;
  title: string;
  version: string;
  owner: string;
  location: string;
  bothPartiesHold: boolean;
  createdAt: string;
}
const toDocument = (r: SmpDocumentsTable): RegisteredDocument => ({
  id: r.id,
  title: r.title,
  version: r.version,
  owner: r.owner,
  location: r.location,
  bothPartiesHold: fromFlag(r.both_parties_hold),
  createdAt: r.created_at,
});

export type DocumentRegister = ReturnType<typeof createDocumentRegister>;

/**
 * The register of documents a contract's plan may reference (clause 4.2.1(g)): title, version,
 * owner, where it is held and whether both parties hold it. Removing one keeps its row (struck off),
 * so versions that referenced it can still be explained.
 */
export function createDocumentRegister(deps: { uow: UnitOfWork; clock: Clock; audit: AuditLog }) {
  const { uow, clock, audit } = deps;
  const repo = smpRepository(uow.tables<SmpTables>());
  return {
    async list(contractId: string): Promise<RegisteredDocument[]> {
      return (await repo.documents(contractId)).map(toDocument);
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
    /** What references must resolve to: titles for `[[doc: …]]` markers, locations for links. */
    async resolvable(contractId: string): Promise<{ titles: string[]; locations: string[] }> {
      const docs = await this.list(contractId);
      return { titles: docs.map((d) => d.title), locations: docs.map((d) => d.location) };
    },
  };
}

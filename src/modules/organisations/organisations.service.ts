import type { AuditLog } from '../audit-log/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { uniqueViolation } from '../../platform/db/index.ts';
import { iso, newId, NotFoundError, ValidationError, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/http/index.ts';
import { organisationsRepository as repo, type OrganisationRow } from './organisations.repository.ts';
import { createOrganisationInput, renameOrganisationInput, type Organisation } from './organisations.schemas.ts';

const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const nameKey = (name: string) => name.trim().toLowerCase();
const DUPLICATE = { name: 'An organisation with this name already exists' };

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;

/** Organisations are the parties: agencies, clients and oversight bodies. The kind never changes once set. */
export function createOrganisationsService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;

  async function get(id: string, ex: Executor = db): Promise<Organisation> {
    const row = await repo.findById(ex, id);
    if (!row) throw new NotFoundError('The organisation');
    return toOrganisation(row);
  }

  return {
    get,
    async list(filter: { kind?: Organisation['kind']; ids?: string[] } = {}): Promise<Organisation[]> {
      return (await repo.list(db, filter)).map(toOrganisation);
    },
    /** Creates an organisation; the same transaction can be passed in (first-run setup does). */
    async create(actor: Actor, input: unknown, ex?: Executor): Promise<Organisation> {
      const data = parseInput(createOrganisationInput, input);
      const now = iso(clock.now());
      const row: OrganisationRow = {
        id: newId(),
        name: data.name,
        name_key: nameKey(data.name),
        kind: data.kind,
        created_at: now,
        updated_at: now,
      };
      const write = async (trx: Executor) => {
        await repo.insert(trx, row);
        await audit.record(trx, {
          actor,
          action: 'organisation.create',
          resource: { type: 'organisation', id: row.id },
          details: { after: { name: row.name, kind: row.kind } },
        });
      };
      try {
        if (ex) await write(ex);
        else await db.transaction().execute(write);
      } catch (err) {
        if (uniqueViolation(err)) throw new ValidationError(DUPLICATE);
        throw err;
      }
      return toOrganisation(row);
    },
    async rename(actor: Actor, id: string, input: unknown): Promise<Organisation> {
      const data = parseInput(renameOrganisationInput, input);
      try {
        return await db.transaction().execute(async (trx) => {
          const before = await get(id, trx);
          const updatedAt = iso(clock.now());
          await repo.update(trx, id, { name: data.name, name_key: nameKey(data.name), updated_at: updatedAt });
          await audit.record(trx, {
            actor,
            action: 'organisation.update',
            resource: { type: 'organisation', id },
            details: { before: { name: before.name }, after: { name: data.name } },
          });
          return { ...before, name: data.name, updatedAt };
        });
      } catch (err) {
        if (uniqueViolation(err)) throw new ValidationError(DUPLICATE);
        throw err;
      }
    },
    count: () => repo.count(db),
  };
}

import type { AuditLog } from '../audit-log/index.ts';
import { uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import { iso, newId, NotFoundError, ValidationError, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { organisationsRepository, type OrganisationRow } from './organisations.repository.ts';
import type { OrganisationsTables } from './organisations.tables.ts';
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
export function createOrganisationsService(deps: { uow: UnitOfWork; clock: Clock; audit: AuditLog }) {
  const { uow, clock, audit } = deps;
  const repo = organisationsRepository(uow.tables<OrganisationsTables>());

  async function get(id: string): Promise<Organisation> {
    const row = await repo.findById(id);
    if (!row) throw new NotFoundError('The organisation');
    return toOrganisation(row);
  }

  return {
    get,
    async list(filter: { kind?: Organisation['kind']; ids?: string[] } = {}): Promise<Organisation[]> {
      return (await repo.list(filter)).map(toOrganisation);
    },
    /** Creates an organisation, in the caller's transaction if one is open (first-run setup's). */
    async create(actor: Actor, input: unknown): Promise<Organisation> {
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
      try {
        await uow.transaction(async () => {
          await repo.insert(row);
          await audit.record({
            actor,
            action: 'organisation.create',
            resource: { type: 'organisation', id: row.id },
            details: { after: { name: row.name, kind: row.kind } },
          });
        });
      } catch (err) {
        if (uniqueViolation(err)) throw new ValidationError(DUPLICATE);
        throw err;
      }
      return toOrganisation(row);
    },
    async rename(actor: Actor, id: string, input: unknown): Promise<Organisation> {
      const data = parseInput(renameOrganisationInput, input);
      try {
        return await uow.transaction(async () => {
          const before = await get(id);
          const updatedAt = iso(clock.now());
          await repo.update(id, { name: data.name, name_key: nameKey(data.name), updated_at: updatedAt });
          await audit.record({
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
    count: () => repo.count(),
  };
}

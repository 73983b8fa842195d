import { changedFields, type AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import { toFlag, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import {
  actorId,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { createChecksService } from './checks.service.ts';
import { summarise } from './checks.schemas.ts';
import { type PersonStatus } from './person-status.ts';
import { described, toPerson } from './person-record.ts';
import { personnelRepository, type PeopleFilter, type PersonRow } from './personnel.repository.ts';
import {
  personInput,
  type directoryPersonInput,
  type Person,
  type PersonData,
  type PersonWithChecks,
} from './personnel.schemas.ts';
import { createScimUserStore } from './scim-user-store.ts';
import { createStaffImportService } from './staff-import.service.ts';
import { createPersonSections } from './person-sections.ts';
import { leavingEventOf, type LeavingEvent, type LeavingListener } from './person-leaving.ts';
import type { WorkerPool } from '../../platform/workers/index.ts';

/** A unique email or employee id per contract: a clash becomes a message on the field, on either database. */
function duplicateMessage(err: unknown): Record<string, string> | undefined {
  const clash = uniqueViolation(err);
  if (!clash) return undefined;
  return clash.columns.includes('external_id')
    ? { externalId: 'This contract already lists someone with this employee ID' }
    : { email: 'This contract already lists someone with this work email' };
}

export type PersonnelService = ReturnType<typeof createPersonnelService>;

/** The rules a change is checked against: the form's and the API's, or the identity provider feed's. */
type PersonRules = typeof personInput | typeof directoryPersonInput;

/**
 * The Agency Staff register (annex 6): the people working on a contract for the Agency or its
 * Subcontractors, most of whom never sign in to Custodian, and their pre-employment checks (6.1).
 * Kept by the Agency security manager; the Client, oversight and auditors read names, roles,
 * statuses and whether checks are complete. Every change bumps the register's revision (see the
 * import) and writes its audit event in the same transaction.
 */
export function createPersonnelService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: Pick<ContractsService, 'get' | 'members' | 'parties'>;
  workers: WorkerPool;
}) {
  const { uow, clock, audit, contracts } = deps;
  const repo = personnelRepository(uow);
  const today = () => civilDateInLondon(clock.now());
  const leavingListeners: LeavingListener[] = [];
  /** Tells every listener of leavers, in the caller's transaction. */
  async function leavers(actor: Actor, contractId: string, events: LeavingEvent[]) {
    if (events.length) for (const listener of leavingListeners) await listener(actor, contractId, events);
  }

  /** The Agency's name: how the register names the employer of its own people. */
  async function agencyName(contractId: string): Promise<string> {
    const contract = await contracts.get(contractId);
    const parties = await contracts.parties(contractId);
    return parties.find((o) => o.id === contract.agencyOrganisationId)?.name ?? 'the Agency';
  }

  async function get(contractId: string, id: string): Promise<Person> {
    const row = await repo.find(contractId, id);
    if (!row) throw new NotFoundError('The person');
    return toPerson(row, today());
  }

  /** The Agency's people on the contract who have a Custodian account: whom a person may be linked to. */
  async function linkableAccounts(contractId: string) {
    const contract = await contracts.get(contractId);
    return (await contracts.members(contractId)).filter((u) => u.organisationId === contract.agencyOrganisationId);
  }

  /**
   * The Custodian account must be one of the Agency's people on this contract. A link left as it
   * was is not checked again: the account may have left the contract since, and a leaver must
   * still be markable as leaving.
   */
  async function checkAccount(contractId: string, data: PersonData, was?: string | null) {
    if (!data.userId || data.userId === was) return;
    if (!(await linkableAccounts(contractId)).some((u) => u.id === data.userId))
      throw new ValidationError({ userId: 'Select an account of the Agency’s people on this contract' });
  }

  async function refusingDuplicates<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const fields = duplicateMessage(err);
      if (fields) throw new ValidationError(fields);
      throw err;
    }
  }

  const fieldsOf = (data: PersonData, at: string, by: string) => ({
    name: data.name,
    name_key: data.name.toLowerCase(),
    subcontractor: data.employer === 'subcontractor' ? data.subcontractor : null,
    email: data.email,
    job_title: data.jobTitle,
    start_date: data.startDate,
    end_date: data.endDate,
    leaving: toFlag(data.leaving),
    user_id: data.userId,
    external_id: data.externalId || null,
    updated_at: at,
    updated_by: by,
  });

  const service = {
    get,
    today,
    /** The contract's people by name, each with whether their checks are complete. */
    async list(
      contractId: string,
      filter: { status?: PersonStatus; employer?: string | null } = {},
    ): Promise<PersonWithChecks[]> {
      await contracts.get(contractId); // an unknown contract is not found, not an empty register
      const day = today();
      const f: PeopleFilter = {
        ...(filter.status && { status: { is: filter.status, today: day } }),
        ...(filter.employer !== undefined && { employer: { subcontractor: filter.employer } }),
      };
      const [rows, passed] = await Promise.all([repo.list(contractId, f), repo.passedChecks(contractId)]);
      const byPerson = new Map<string, Set<string>>();
      for (const c of passed)
        (byPerson.get(c.person_id) ?? byPerson.set(c.person_id, new Set()).get(c.person_id)!).add(c.kind);
      return rows.map((r) => ({ ...toPerson(r, day), checks: summarise(byPerson.get(r.id) ?? new Set()) }));
    },
    /** The named Subcontractors on the register, for the employer filter. */
    subcontractors: (contractId: string) => repo.subcontractors(contractId),
    /** Names by id, for the audit page. */
    names: (contractId: string, ids: string[]) => repo.names(contractId, ids),
    /** The people of the contract with these ids (unknown ids are left out), with their status today. */
    async among(contractId: string, ids: string[]): Promise<Person[]> {
      const day = today();
      return (await repo.byIds(contractId, ids)).map((r) => toPerson(r, day));
    },
    /**
     * Calls `listener` whenever people become leavers (marked as leaving, or an end date that has
     * arrived), by a form, the API or a CSV import, in that change's transaction. Access grants start
     * their revocation clocks from it.
     */
    onLeaving(listener: LeavingListener): void {
      leavingListeners.push(listener);
    },
    async create(actor: Actor, contractId: string, input: unknown, rules: PersonRules = personInput): Promise<Person> {
      const data = parseInput(rules, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          await contracts.get(contractId);
          await checkAccount(contractId, data);
          const now = iso(clock.now());
          const by = actorId(actor);
          const row: PersonRow = {
            id: newId(),
            contract_id: contractId,
            ...fieldsOf(data, now, by),
            created_at: now,
            created_by: by,
          };
          await repo.insert(row);
          await repo.touch(contractId);
          const person = toPerson(row, today());
          await audit.record({
            actor,
            action: 'person.create',
            contractId,
            resource: { type: 'person', id: row.id },
            details: { after: described(person) },
          });
          return person;
        }),
      );
    },
    async update(
      actor: Actor,
      contractId: string,
      id: string,
      input: unknown,
      rules: PersonRules = personInput,
    ): Promise<Person> {
      const data = parseInput(rules, input);
      return refusingDuplicates(() =>
        uow.transaction(async () => {
          const before = await get(contractId, id);
          await checkAccount(contractId, data, before.userId);
          const fields = fieldsOf(data, iso(clock.now()), actorId(actor));
          await repo.update(id, fields);
          await repo.touch(contractId);
          const after = toPerson({ ...(await repo.find(contractId, id))! }, today());
          const { changed, before: was, after: now } = changedFields(described(before), described(after));
          if (changed.length)
            await audit.record({
              actor,
              action: 'person.update',
              contractId,
              resource: { type: 'person', id },
              details: { before: was, after: now },
            });
          const left = leavingEventOf(before, after, today());
          if (left) await leavers(actor, contractId, [left]);
          return after;
        }),
      );
    },
    linkableAccounts,
    agencyName,
    checks: createChecksService({ uow, clock, audit, repo, get }),
    /** Other modules' sections of the person page (clearances, training, grants): registered at start-up. */
    personPage: createPersonSections(),
    imports: createStaffImportService({
      uow,
      clock,
      audit,
      repo,
      workers: deps.workers,
      agencyName,
      today,
      leavers,
    }),
  };
  /** The register as the identity provider's SCIM 2.0 directory (docs/scim.md). */
  return { ...service, scim: createScimUserStore({ uow, clock, audit, people: service }) };
}

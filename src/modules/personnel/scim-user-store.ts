import { changedFields, type AuditLog } from '../audit-log/index.ts';
import { fromFlag, toFlag, uniqueViolation, type UnitOfWork } from '../../platform/db/index.ts';
import { iso, newId, type Clock } from '../../platform/kernel/index.ts';
import {
  ScimError,
  type DirectoryUser,
  type DirectoryUserData,
  type ScimTokenCaller,
  type ScimUserStore,
} from '../../platform/scim/index.ts';
import { asPersonInput } from './person-record.ts';
import { directoryPersonInput, type Person } from './personnel.schemas.ts';
import { scimUsersRepository, type ScimUserFields, type ScimUserRow } from './scim-users.repository.ts';

/** What the store needs of the register: people are changed only through the personnel service. */
export interface RegisterPeople {
  get(contractId: string, id: string): Promise<Person>;
  create(
    actor: ScimTokenCaller['actor'],
    contractId: string,
    input: unknown,
    rules: typeof directoryPersonInput,
  ): Promise<Person>;
  update(
    actor: ScimTokenCaller['actor'],
    contractId: string,
    id: string,
    input: unknown,
    rules: typeof directoryPersonInput,
  ): Promise<Person>;
  agencyName(contractId: string): Promise<string>;
  today(): string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

const taken = (what: string) => new ScimError(409, what, 'uniqueness');
const absent = (v: string | null) => v ?? undefined;

/**
 * The checks before a write find clashes with what is committed; two requests racing for the same
 * userName or person meet the unique constraints instead, and the later one is told 409 too.
 */
async function clashing(write: () => Promise<void>) {
  try {
    await write();
  } catch (err) {
    if (uniqueViolation(err))
      throw taken('Another request has just taken this userName or person: read the users again');
    throw err;
  }
}

const toDirectoryUser = (r: ScimUserRow): DirectoryUser => ({
  id: r.id,
  userName: r.user_name,
  externalId: absent(r.external_id),
  displayName: absent(r.display_name),
  givenName: absent(r.given_name),
  familyName: absent(r.family_name),
  formattedName: absent(r.formatted_name),
  email: absent(r.email),
  title: absent(r.title),
  active: fromFlag(r.active),
  employeeNumber: absent(r.employee_number),
  organization: absent(r.organization),
  department: absent(r.department),
  managerId: absent(r.manager_id),
  meta: { created: r.created_at, lastModified: r.updated_at, version: String(r.version) },
});

const fieldsOf = (u: DirectoryUserData, at: string): ScimUserFields => ({
  user_name: u.userName,
  user_name_key: u.userName.toLowerCase(),
  external_id: u.externalId ?? null,
  display_name: u.displayName ?? null,
  given_name: u.givenName ?? null,
  family_name: u.familyName ?? null,
  formatted_name: u.formattedName ?? null,
  email: u.email ?? null,
  title: u.title ?? null,
  active: toFlag(u.active),
  employee_number: u.employeeNumber ?? null,
  organization: u.organization ?? null,
  department: u.department ?? null,
  manager_id: u.managerId ?? null,
  updated_at: at,
});

/** The provider's attributes as an audit event gives them (meta and ids aside). */
const described = ({ id: _id, meta: _meta, ...data }: DirectoryUser) => data;

/** The work email the register keeps: the provider's work email, else a userName that is an address. */
function workEmail(u: DirectoryUserData): string | undefined {
  const email = u.email ?? (EMAIL.test(u.userName) ? u.userName : undefined);
  return email?.trim().toLowerCase();
}

/**
 * The Agency Staff register as a SCIM 2.0 directory (docs/scim.md), for one contract per API token.
 * Each SCIM user feeds one person: a new userName adds a person (or takes over the person already
 * listed with that work email), a change updates them, `active` turning false or a DELETE makes them
 * leaving. People are changed through the personnel service, so the register's revision, its audit
 * events and whatever follows a person leaving happen as for any other change; the SCIM record
 * itself is audited beside it, all in one transaction. A DELETE removes the SCIM record only.
 */
export function createScimUserStore(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  people: RegisterPeople;
}): ScimUserStore<ScimTokenCaller> {
  const { uow, clock, audit, people } = deps;
  const repo = scimUsersRepository(uow);

  /** The register's fields from the provider's; what the provider does not send stays as the register has it. */
  async function personInput(contractId: string, u: DirectoryUserData, before: Person | undefined, leaving: boolean) {
    const email = workEmail(u) ?? before?.email;
    if (!email)
      throw new ScimError(
        400,
        'Custodian needs a work email for everyone on the register: send "emails" (type "work") or a userName that is an email address',
        'invalidValue',
      );
    const joined = [u.givenName, u.familyName].filter(Boolean).join(' ');
    const organization = u.organization?.trim();
    const agency =
      organization !== undefined && organization.toLowerCase() === (await people.agencyName(contractId)).toLowerCase();
    const employer = organization ? (agency ? null : organization) : before ? before.subcontractor : null;
    return {
      name: u.displayName ?? u.formattedName ?? (joined || before?.name || u.userName),
      email,
      employer: employer === null ? 'agency' : 'subcontractor',
      subcontractor: employer ?? '',
      jobTitle: u.title ?? before?.jobTitle ?? '',
      startDate: before?.startDate ?? people.today(),
      endDate: before?.endDate ?? null,
      leaving,
      externalId: u.employeeNumber ?? u.externalId ?? before?.externalId ?? '',
      userId: before?.userId ?? null,
    };
  }

  /** Refuses a userName, work email or employee id that another user or person of the contract holds. */
  async function checkUnique(contractId: string, u: DirectoryUserData, self: { userId?: string; personId?: string }) {
    const holder = await repo.byUserName(contractId, u.userName.toLowerCase());
    if (holder && holder.id !== self.userId) throw taken(`The userName "${u.userName}" is already taken`);
    const email = workEmail(u);
    const byEmail = email ? await repo.personByEmail(contractId, email) : undefined;
    if (byEmail && byEmail.id !== self.personId && (self.personId || (await repo.ofPerson(byEmail.id))))
      throw taken(`Another person on the register has the work email "${email}"`);
    const externalId = u.employeeNumber ?? u.externalId;
    const byId = externalId ? await repo.personByExternalId(contractId, externalId) : undefined;
    if (byId && byId.id !== (self.personId ?? byEmail?.id))
      throw taken(`Another person on the register has the employee ID "${externalId}"`);
    return byEmail?.id;
  }

  return {
    async list({ contractId }, query) {
      const { total, rows } = await repo.page(contractId, query.filter, query.startIndex - 1, query.count);
      return { totalResults: total, resources: rows.map(toDirectoryUser) };
    },

    async get({ contractId }, id) {
      const row = await repo.find(contractId, id);
      return row && toDirectoryUser(row);
    },

    create: ({ contractId, actor }, u) =>
      uow.transaction(async () => {
        // A person already listed with this work email (from a CSV import, say) is taken over, not duplicated.
        const listed = await checkUnique(contractId, u, {});
        const before = listed ? await people.get(contractId, listed) : undefined;
        const leaving = u.active ? (before?.leaving ?? false) : true;
        const input = await personInput(contractId, u, before, leaving);
        const person = before
          ? await people.update(actor, contractId, before.id, input, directoryPersonInput)
          : await people.create(actor, contractId, input, directoryPersonInput);
        const at = iso(clock.now());
        const row: ScimUserRow = {
          id: newId(),
          contract_id: contractId,
          person_id: person.id,
          ...fieldsOf(u, at),
          version: 1,
          created_at: at,
        };
        await clashing(() => repo.insert(row));
        const user = toDirectoryUser(row);
        await audit.record({
          actor,
          action: 'person.directory-link',
          contractId,
          resource: { type: 'person', id: person.id },
          details: { scimUserId: row.id, listed: Boolean(before), after: described(user) },
        });
        return user;
      }),

    replace: ({ contractId, actor }, id, u) =>
      uow.transaction(async () => {
        const row = await repo.find(contractId, id);
        if (!row) return undefined;
        await checkUnique(contractId, u, { userId: id, personId: row.person_id });
        const before = await people.get(contractId, row.person_id);
        // Only a change of `active` moves the register: a profile update that repeats `active: true`
        // does not undo the security manager marking someone as leaving.
        const was = fromFlag(row.active);
        const leaving = was && !u.active ? true : !was && u.active ? false : before.leaving;
        await people.update(
          actor,
          contractId,
          row.person_id,
          await personInput(contractId, u, before, leaving),
          directoryPersonInput,
        );
        const next: ScimUserRow = { ...row, ...fieldsOf(u, iso(clock.now())), version: row.version + 1 };
        await clashing(() => repo.update(id, fieldsOf(u, next.updated_at), next.version));
        const user = toDirectoryUser(next);
        const change = changedFields(described(toDirectoryUser(row)), described(user));
        if (change.changed.length)
          await audit.record({
            actor,
            action: 'person.directory-update',
            contractId,
            resource: { type: 'person', id: row.person_id },
            details: { scimUserId: id, before: change.before, after: change.after },
          });
        return user;
      }),

    delete: ({ contractId, actor }, id) =>
      uow.transaction(async () => {
        const row = await repo.find(contractId, id);
        if (!row) return false;
        // The person is never deleted: the register keeps them, leaving, with their clocks and history.
        const person = await people.get(contractId, row.person_id);
        if (person.status !== 'left' && !person.leaving)
          await people.update(
            actor,
            contractId,
            person.id,
            { ...asPersonInput(person), leaving: true },
            directoryPersonInput,
          );
        await repo.remove(id);
        await audit.record({
          actor,
          action: 'person.directory-unlink',
          contractId,
          resource: { type: 'person', id: row.person_id },
          details: { scimUserId: id, before: described(toDirectoryUser(row)) },
        });
        return true;
      }),
  };
}

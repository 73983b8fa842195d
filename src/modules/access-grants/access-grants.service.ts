import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { DeadlinesService } from '../deadlines/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { Person, PersonnelService } from '../personnel/index.ts';
import type { SystemsService } from '../systems/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import {
  actorId,
  ConflictError,
  iso,
  newId,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { accessGrantsRepository, type GrantRow } from './access-grants.repository.ts';
import { grantInput, PRIVILEGED_LEVELS, revocationInput, type Grant } from './access-grants.schemas.ts';
import { createExceptionsService } from './access-exceptions.service.ts';
import { createReviewService } from './access-review.service.ts';
import { missingWords } from './checks-words.ts';
import { createGrantImportService } from './grant-import.service.ts';
import { createRevocationClocks } from './revocation-clocks.ts';
import { NO_REVOCATION, toGrant } from './grant-record.ts';

export interface AccessGrantsDeps {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: Pick<ContractsService, 'get' | 'memberships'>;
  personnel: PersonnelService;
  systems: SystemsService;
  deadlines: DeadlinesService;
  notifications: NotificationsService;
  workers: import('../../platform/workers/index.ts').WorkerPool;
}

export type AccessGrantsService = ReturnType<typeof createAccessGrantsService>;

/**
 * Access grants (annex 6.5, 5.1, 7.1): person × system × level, why, who recorded it, when. A grant
 * to a person whose pre-employment checks are incomplete is refused with what is missing, unless
 * recorded as an exception the Client sees (6.1). Leavers and access no longer needed start a
 * revocation clock per grant (within one (1) Working Day); the security manager records each
 * revocation, which meets its clock. Every change commits with its audit events.
 */
export function createAccessGrantsService(deps: AccessGrantsDeps) {
  const { uow, clock, audit, personnel, systems } = deps;
  const repo = accessGrantsRepository(uow);
  const clocks = createRevocationClocks({ ...deps, repo });
  const exceptions = createExceptionsService({ ...deps, repo });
  const today = () => personnel.today();

  /** Names for a contract's grants: every person and system, read once. */
  async function namesOf(contractId: string) {
    // One after the other: inside a transaction both run on one connection.
    const people = await personnel.list(contractId);
    const sys = await systems.list(contractId);
    const p = new Map(people.map((x) => [x.id, x.name]));
    const s = new Map(sys.map((x) => [x.id, x.name]));
    return {
      person: (id: string) => p.get(id) ?? 'a person no longer listed',
      system: (id: string) => s.get(id) ?? 'a system no longer listed',
      people,
    };
  }

  async function get(contractId: string, id: string): Promise<Grant> {
    const row = await repo.find(contractId, id);
    if (!row) throw new NotFoundError('The access grant');
    const person = await personnel.get(contractId, row.person_id);
    const system = await systems.get(contractId, row.system_id);
    return toGrant(row, { person: () => person.name, system: () => system.name });
  }

  /** Only people still working on the contract may be given access. */
  const stillHere = (p: Person) =>
    p.status === 'leaving' || p.status === 'left'
      ? `${p.name} is ${p.status === 'left' ? 'no longer on the contract' : 'leaving'}: access cannot be granted`
      : undefined;

  async function grant(actor: Actor, contractId: string, input: unknown, source = 'form'): Promise<Grant> {
    const data = parseInput(grantInput, input);
    if (data.grantedOn > today())
      throw new ValidationError({ grantedOn: 'The date access was granted must be today or in the past' });
    return uow.transaction(async () => {
      const person = await personnel.get(contractId, data.personId).catch(() => {
        throw new ValidationError({ personId: 'Select a person on this contract’s Agency Staff register' });
      });
      const system = await systems.get(contractId, data.systemId).catch(() => {
        throw new ValidationError({ systemId: 'Select a system on this contract’s systems register' });
      });
      const gone = stillHere(person);
      if (gone) throw new ValidationError({ personId: gone });
      if (system.retiredAt) throw new ValidationError({ systemId: `${system.name} is retired` });
      const held = await repo.list(contractId, { personIds: [person.id], systemId: system.id, held: true });
      if (held.length)
        throw new ValidationError({
          systemId: `${person.name} already has ${held[0]!.level} access to ${system.name}: revoke it first to record another level`,
        });
      const checks = await personnel.checks.summary(contractId, person.id);
      if (!checks.complete && !data.exceptionReason)
        throw new ValidationError({
          exceptionReason: `${person.name}’s pre-employment checks are not complete (missing: ${missingWords(checks.missing)}), so access is refused. To grant it anyway, give the reason for an exception: the Client sees it`,
        });
      const at = iso(clock.now());
      const row: GrantRow = {
        id: newId(),
        contract_id: contractId,
        person_id: person.id,
        system_id: system.id,
        level: data.level,
        reason: data.reason,
        granted_on: data.grantedOn,
        granted_by: actorId(actor),
        source,
        created_at: at,
      };
      await repo.insertMany([row]);
      await audit.record({
        actor,
        action: 'access-grant.create',
        contractId,
        resource: { type: 'person', id: person.id },
        details: {
          grant: row.id,
          after: { system: system.name, level: row.level, reason: row.reason, grantedOn: row.granted_on },
        },
      });
      if (!checks.complete)
        await exceptions.raise(actor, {
          contractId,
          person,
          grantId: row.id,
          systemName: system.name,
          kind: 'checks-incomplete',
          reason: data.exceptionReason,
          missing: checks.missing,
        });
      return toGrant({ ...row, ...NO_REVOCATION }, { person: () => person.name, system: () => system.name });
    });
  }

  /** Elevated or administrator access no longer needed: its revocation clock starts today (6.5). */
  async function notNeeded(actor: Actor, contractId: string, id: string): Promise<Grant> {
    return uow.transaction(async () => {
      const g = await get(contractId, id);
      if (g.status !== 'current')
        throw new ConflictError('access_grant_revoking', 'This access is already being revoked or was revoked');
      if (!PRIVILEGED_LEVELS.includes(g.level))
        throw new ConflictError(
          'access_grant_standard',
          'Standard access has no revocation clock of its own: record its revocation when it is done',
        );
      await clocks.start(actor, contractId, [
        {
          grant: { id: g.id, person_id: g.personId, level: g.level },
          personName: g.personName,
          systemName: g.systemName,
          cause: 'not-needed',
          date: today(),
        },
      ]);
      return get(contractId, id);
    });
  }

  /** The security manager records a revocation done: when, by whom, how, and the evidence. It meets the clock. */
  async function recordRevocation(actor: Actor, contractId: string, id: string, input: unknown): Promise<Grant> {
    const data = parseInput(revocationInput, input);
    return uow.transaction(async () => {
      const g = await get(contractId, id);
      if (g.status === 'revoked') throw new ConflictError('access_grant_revoked', 'This access was already revoked');
      if (data.revokedOn > today())
        throw new ValidationError({ revokedOn: 'The date access was revoked must be today or in the past' });
      if (data.revokedOn < g.grantedOn)
        throw new ValidationError({ revokedOn: 'The date access was revoked cannot be before it was granted' });
      const at = iso(clock.now());
      // Standard access removed without a clock: its revocation row is made here, with no deadline.
      if (!g.revocation)
        await repo.insertRevocations([
          {
            grant_id: g.id,
            contract_id: contractId,
            deadline_id: null,
            cause: 'not-needed',
            trigger_date: data.revokedOn,
            requested_at: at,
            requested_by: actorId(actor),
            revoked_on: null,
            revoked_by: null,
            method: null,
            evidence_ref: null,
            recorded_at: null,
            recorded_by: null,
          },
        ]);
      const set = {
        revoked_on: data.revokedOn,
        revoked_by: data.revokedBy,
        method: data.method,
        evidence_ref: data.evidenceRef,
        recorded_at: at,
        recorded_by: actorId(actor),
      };
      if (!(await repo.recordRevoked(g.id, set)))
        throw new ConflictError('access_grant_revoked', 'This access was already revoked');
      const deadlineId = g.revocation?.deadlineId;
      let late = false;
      if (deadlineId) {
        const d = await deps.deadlines.get(deadlineId);
        // A missed clock stays missed, with when it was done late; a closed one is left as it is.
        if ((d.status === 'open' || d.status === 'missed') && !d.metAt)
          late =
            (await deps.deadlines.meet(actor, deadlineId, { note: `Revoked on ${data.revokedOn}` })).status ===
            'missed';
      }
      await exceptions.closeForGrant(g.id, at, 'The access was revoked');
      await audit.record({
        actor,
        action: 'access-grant.revoke',
        contractId,
        resource: { type: 'person', id: g.personId },
        details: {
          grant: g.id,
          system: g.systemName,
          level: g.level,
          after: {
            revokedOn: data.revokedOn,
            revokedBy: data.revokedBy,
            method: data.method,
            evidenceRef: data.evidenceRef,
          },
          late: late || undefined,
        },
      });
      return get(contractId, id);
    });
  }

  // Every path that makes a leaver (form, API, CSV import, SCIM) starts the clocks, in its transaction.
  personnel.onLeaving((actor, contractId, events) =>
    clocks.forLeavers(actor, contractId, events).then(() => undefined),
  );
  // End dates arriving, and missed revocations told to both parties, with every reminder pass.
  deps.deadlines.onSweep(async () => ({
    started: await clocks.endDatesArrived(),
    notices: await clocks.missedNotices(),
  }));

  return {
    get,
    grant,
    notNeeded,
    recordRevocation,
    /** A contract's grants (all, or those of one person or system), with names. */
    async list(contractId: string, f: { personId?: string; systemId?: string } = {}): Promise<Grant[]> {
      const names = await namesOf(contractId);
      const rows = await repo.list(contractId, {
        ...(f.personId && { personIds: [f.personId] }),
        ...(f.systemId && { systemId: f.systemId }),
      });
      return rows.map((r) => toGrant(r, names));
    },
    exceptions,
    reviews: createReviewService({ ...deps, repo, clocks, names: namesOf }),
    imports: createGrantImportService({ ...deps, repo }),
    /** The sweep by hand (tests, the command line): what the reminder pass runs. */
    sweep: async () => ({ started: await clocks.endDatesArrived(), notices: await clocks.missedNotices() }),
  };
}

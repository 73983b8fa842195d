import type { AuditLog } from '../audit-log/index.ts';
import { partyLeads, type ContractsService } from '../contracts/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { Person, PersonnelService } from '../personnel/index.ts';
import { fromJson, toJson, type UnitOfWork } from '../../platform/db/index.ts';
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
import type { AccessGrantsRepository, ExceptionRow } from './access-grants.repository.ts';
import {
  agreementInput,
  EXCEPTION_KIND_LABELS,
  type AccessException,
  type ExceptionKind,
} from './access-grants.schemas.ts';

const toException = (r: ExceptionRow, personName: string): AccessException => ({
  id: r.id,
  contractId: r.contract_id,
  personId: r.person_id,
  personName,
  grantId: r.grant_id,
  kind: r.kind,
  reason: r.reason,
  missing: fromJson<string[]>(r.missing),
  status: r.status,
  raisedAt: r.raised_at,
  agreedBy: r.agreed_by,
  agreedAt: r.agreed_at,
  agreedUntil: r.agreed_until,
  agreedWhy: r.agreed_why,
  closedAt: r.closed_at,
  closedReason: r.closed_reason,
});

/**
 * Exceptions to the personnel rules for one grant (annex 6.1, 6.3): open when raised, agreed when
 * the Client's Representative records the written agreement (who, when, until when, why), closed
 * when the grant is revoked. 'checks-incomplete' is raised here by a grant; 'clearance-missing' is
 * raised by the clearance gate through `raise`. Agreement works the same for every kind.
 */
export function createExceptionsService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: AccessGrantsRepository;
  contracts: Pick<ContractsService, 'get' | 'memberships'>;
  personnel: Pick<PersonnelService, 'list' | 'among' | 'today'>;
  notifications: Pick<NotificationsService, 'enqueueMany'>;
}) {
  const { uow, clock, audit, repo } = deps;

  /** Tells both parties' leads: the security manager, and the Client who may agree it. */
  async function tell(contractId: string, key: string, subject: string, text: string) {
    // One after the other: inside a transaction both run on one connection.
    const contract = await deps.contracts.get(contractId);
    const members = await deps.contracts.memberships(contractId);
    const people = new Set([...partyLeads(contract, members, 'agency'), ...partyLeads(contract, members, 'client')]);
    await deps.notifications.enqueueMany(
      [...people].map((userId) => ({
        userId,
        contractId,
        kind: 'access.exception',
        key: `${key}:${userId}`,
        subject: `${subject} (${contract.orderReference})`,
        text,
        link: `/contracts/${contractId}/access/exceptions`,
      })),
    );
  }

  async function get(contractId: string, id: string): Promise<AccessException> {
    const row = await repo.exceptions.find(contractId, id);
    if (!row) throw new NotFoundError('The exception');
    const [person] = await deps.personnel.among(contractId, [row.person_id]);
    return toException(row, person?.name ?? 'a person no longer listed');
  }

  return {
    /** Records an open exception for a grant, in the caller's transaction, and tells both parties. */
    async raise(
      actor: Actor,
      e: {
        contractId: string;
        person: Pick<Person, 'id' | 'name'>;
        grantId: string;
        systemName: string;
        kind: ExceptionKind;
        reason: string;
        missing: readonly string[];
      },
    ): Promise<string> {
      const row: ExceptionRow = {
        id: newId(),
        contract_id: e.contractId,
        person_id: e.person.id,
        grant_id: e.grantId,
        kind: e.kind,
        reason: e.reason,
        missing: toJson(e.missing),
        status: 'open',
        raised_at: iso(clock.now()),
        raised_by: actorId(actor),
        agreed_by: null,
        agreed_at: null,
        agreed_until: null,
        agreed_why: null,
        closed_at: null,
        closed_reason: null,
      };
      await repo.exceptions.insert(row);
      await audit.record({
        actor,
        action: 'access-exception.raise',
        contractId: e.contractId,
        resource: { type: 'person', id: e.person.id },
        details: { exception: row.id, grant: e.grantId, kind: e.kind, system: e.systemName, reason: e.reason },
      });
      await tell(
        e.contractId,
        `access-exception:${row.id}:raised`,
        `Exception raised: ${e.person.name} on ${e.systemName}`,
        `${EXCEPTION_KIND_LABELS[e.kind]}: ${e.person.name} on ${e.systemName}.\n\nReason given: ${e.reason}`,
      );
      return row.id;
    },
    async list(contractId: string, f: { personId?: string } = {}): Promise<AccessException[]> {
      const names = new Map((await deps.personnel.list(contractId)).map((p) => [p.id, p.name]));
      return (await repo.exceptions.list(contractId, f)).map((r) =>
        toException(r, names.get(r.person_id) ?? 'a person no longer listed'),
      );
    },
    get,
    /** The Client's written agreement, for any kind of exception: who (the actor), when (now), until when, why. */
    async agree(actor: Actor, contractId: string, id: string, input: unknown): Promise<AccessException> {
      const data = parseInput(agreementInput, input);
      if (data.until < deps.personnel.today())
        throw new ValidationError({ until: 'The date the agreement lasts until must be today or in the future' });
      return uow.transaction(async () => {
        const before = await get(contractId, id);
        if (before.status !== 'open')
          throw new ConflictError('access_exception_not_open', `This exception is already ${before.status}`);
        const at = iso(clock.now());
        if (
          !(await repo.exceptions.agree(id, {
            agreed_by: actorId(actor),
            agreed_at: at,
            agreed_until: data.until,
            agreed_why: data.why,
          }))
        )
          throw new ConflictError('access_exception_not_open', 'This exception was agreed or closed by someone else');
        await audit.record({
          actor,
          action: 'access-exception.agree',
          contractId,
          resource: { type: 'person', id: before.personId },
          details: { exception: id, kind: before.kind, after: { until: data.until, why: data.why } },
        });
        await tell(
          contractId,
          `access-exception:${id}:agreed`,
          `Exception agreed: ${before.personName}`,
          `The Client agreed in writing the exception for ${before.personName} until ${data.until}.\n\nWhy: ${data.why}`,
        );
        return get(contractId, id);
      });
    },
    /** The grant's access has gone: its exceptions close (in the caller's transaction). */
    closeForGrant: (grantId: string, at: string, reason: string) => repo.exceptions.closeForGrant(grantId, at, reason),
  };
}
export type ExceptionsService = ReturnType<typeof createExceptionsService>;

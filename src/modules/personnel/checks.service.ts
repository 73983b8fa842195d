import type { AuditLog } from '../audit-log/index.ts';
import { civilDateInLondon } from '../../platform/calendar/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { actorId, iso, newId, ValidationError, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { withDateInput, parseInput } from '../../platform/validation/index.ts';
import {
  CHECK_KINDS,
  checkInput,
  summarise,
  type CheckKind,
  type CheckOutcome,
  type CheckRecord,
  type CheckSummary,
} from './checks.schemas.ts';
import type { PersonnelRepository } from './personnel.repository.ts';
import type { Person } from './personnel.schemas.ts';

const toRecord = (r: Awaited<ReturnType<PersonnelRepository['checksOf']>>[number]): CheckRecord => ({
  kind: r.kind as CheckKind,
  outcome: r.outcome as CheckOutcome,
  checkedOn: r.checked_on,
  checkedBy: r.checked_by,
  method: r.method,
  evidenceRef: r.evidence_ref,
  recordedAt: r.recorded_at,
});

/**
 * A person's pre-employment checks (annex 6.1). The records — criminal-record outcomes among them —
 * are for the Agency security manager (the adapters give them only to the holder of
 * contract:personnel:checks:view); everyone else reads the summary: complete, or what is missing.
 * The audit events name the check, never its outcome, because the Client reads the audit log.
 */
export function createChecksService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: PersonnelRepository;
  get: (contractId: string, id: string) => Promise<Person>;
}) {
  const { uow, clock, audit, repo, get } = deps;
  return {
    /** The person's check records by kind, in the order of annex 6.1. */
    async records(contractId: string, personId: string): Promise<CheckRecord[]> {
      await get(contractId, personId);
      const rows = (await repo.checksOf(contractId, personId)).map(toRecord);
      return CHECK_KINDS.flatMap((k) => rows.filter((r) => r.kind === k));
    },
    async summary(contractId: string, personId: string): Promise<CheckSummary> {
      const rows = await repo.checksOf(contractId, personId);
      return summarise(new Set(rows.filter((r) => r.outcome === 'passed').map((r) => r.kind)));
    },
    /** Records (or replaces) one check; the date may come as a GOV.UK date input (`checkedOn-day` …). */
    async record(actor: Actor, contractId: string, personId: string, kind: CheckKind, input: unknown) {
      const body = (input ?? {}) as Record<string, unknown>;
      const hasParts = ['day', 'month', 'year'].some((p) => `checkedOn-${p}` in body);
      const data = hasParts
        ? await withDateInput(body, 'checkedOn', 'the date of the check', async (i) => parseInput(checkInput(kind), i))
        : parseInput(checkInput(kind), body);
      if (data.checkedOn > civilDateInLondon(clock.now()))
        throw new ValidationError({ checkedOn: 'The date of the check must be today or in the past' });
      return uow.transaction(async () => {
        const person = await get(contractId, personId);
        const before = (await repo.checksOf(contractId, personId)).find((r) => r.kind === kind);
        const at = iso(clock.now());
        await repo.putCheck({
          id: before?.id ?? newId(),
          contract_id: contractId,
          person_id: personId,
          kind,
          outcome: data.outcome,
          checked_on: data.checkedOn,
          checked_by: data.checkedBy,
          method: data.method,
          evidence_ref: data.evidenceRef,
          recorded_at: at,
          recorded_by: actorId(actor),
        });
        await audit.record({
          actor,
          action: 'person-check.record',
          contractId,
          resource: { type: 'person', id: personId },
          details: { check: kind, replaced: Boolean(before) },
        });
        return { person, record: { kind, ...data, recordedAt: at } satisfies CheckRecord };
      });
    },
  };
}

import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { actorId, iso, NotFoundError, type Actor, type Clock } from '../../platform/kernel/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { isLevel, LEVELS, type Level } from './clearance-levels.ts';
import type { ClearancesRepository, PeriodRow } from './clearances.repository.ts';
import { periodInput } from './clearances.schemas.ts';
import { DEFAULT_PERIODS, type PeriodInForce } from './validity-periods.ts';

const inForceOf = (level: Level, row: PeriodRow | undefined): PeriodInForce =>
  row
    ? {
        level,
        years: row.years,
        from: 'contract',
        source: row.basis,
        default: DEFAULT_PERIODS[level],
        setAt: row.set_at,
      }
    : {
        level,
        years: DEFAULT_PERIODS[level].years,
        from: 'default',
        source: DEFAULT_PERIODS[level].source,
        default: DEFAULT_PERIODS[level],
        setAt: null,
      };

/**
 * The review or expiry period each level gets on a contract: Custodian's default (with where it comes
 * from) unless the contract sets its own, with the basis for it. Set by the Agency security manager.
 */
export function createPeriods(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  repo: ClearancesRepository;
  contracts: Pick<ContractsService, 'get'>;
}) {
  const { uow, clock, audit, repo } = deps;
  const levelOf = (level: string): Level => {
    if (!isLevel(level)) throw new NotFoundError('The clearance level');
    return level;
  };
  const inForce = async (contractId: string, level: Level): Promise<PeriodInForce> =>
    inForceOf(
      level,
      (await repo.periods(contractId)).find((r) => r.level === level),
    );
  return {
    async list(contractId: string): Promise<PeriodInForce[]> {
      await deps.contracts.get(contractId);
      const rows = await repo.periods(contractId);
      return LEVELS.map((l) =>
        inForceOf(
          l,
          rows.find((r) => r.level === l),
        ),
      );
    },
    inForce,
    levelOf,
    /** Sets the contract's own period for a level. */
    async set(actor: Actor, contractId: string, level: string, input: unknown): Promise<PeriodInForce> {
      const l = levelOf(level);
      const data = parseInput(periodInput, input);
      return uow.transaction(async () => {
        await deps.contracts.get(contractId);
        const before = await inForce(contractId, l);
        const row: PeriodRow = {
          contract_id: contractId,
          level: l,
          years: data.years,
          basis: data.basis,
          set_at: iso(clock.now()),
          set_by: actorId(actor),
        };
        await repo.putPeriod(row);
        await audit.record({
          actor,
          action: 'clearance-period.set',
          contractId,
          resource: { type: 'contract', id: contractId },
          details: {
            level: l,
            before: { years: before.years, from: before.from },
            after: { years: data.years, from: 'contract', basis: data.basis },
          },
        });
        return inForceOf(l, row);
      });
    },
    /** Goes back to Custodian's default for a level. */
    async reset(actor: Actor, contractId: string, level: string): Promise<PeriodInForce> {
      const l = levelOf(level);
      return uow.transaction(async () => {
        await deps.contracts.get(contractId);
        const before = await inForce(contractId, l);
        if (before.from === 'default') return before;
        await repo.deletePeriod(contractId, l);
        await audit.record({
          actor,
          action: 'clearance-period.reset',
          contractId,
          resource: { type: 'contract', id: contractId },
          details: { level: l, before: { years: before.years, from: 'contract' }, after: { from: 'default' } },
        });
        return inForceOf(l, undefined);
      });
    },
  };
}

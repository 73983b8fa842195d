import type { AuditLog } from '../audit-log/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import type { ContractChange } from '../contracts/index.ts';
import { DIVISION_LABELS, formatLong, joinList, type Division } from '../../platform/calendar/index.ts';
import { toFlag } from '../../platform/db/index.ts';
import type { Clock } from '../../platform/kernel/index.ts';
import { iso } from '../../platform/kernel/index.ts';
import { clockOf } from './deadline-clock.ts';
import type { deadlinesRepository, DeadlineRow } from './deadlines.repository.ts';

const divisionWords = (d: string) => DIVISION_LABELS[d as Division] ?? d;
/** A deadline's clock as its audit event records it, before and after a move. */
const state = (r: Pick<DeadlineRow, 'trigger_date' | 'division' | 'due_at' | 'status' | 'explanation'>) => ({
  triggerDate: r.trigger_date,
  division: r.division,
  dueAt: r.due_at,
  status: r.status,
  explanation: r.explanation,
});

/**
 * Open clocks follow their contract. When a contract's Start Date or Working Day division changes,
 * every outstanding deadline counted from them (open, or missed and not yet done) is counted again
 * in the contract change's own transaction, says on itself why it moved and is recorded. Met,
 * waived and superseded deadlines keep the dates they were judged by.
 */
export function createContractFollower(deps: {
  repo: ReturnType<typeof deadlinesRepository>;
  audit: AuditLog;
  calendar: CalendarService;
  clock: Clock;
}) {
  const { repo, audit, calendar, clock } = deps;
  // Kinds whose clock starts at the contract's Start Date (the plan's delivery, A4.3.1), named by the modules that own them.
  const fromStartDate = new Set<string>();

  /** What changes for one deadline, and the words for why; undefined when the change does not touch it. */
  function plan(row: DeadlineRow, { before, after }: ContractChange) {
    const causes: string[] = [];
    let trigger = row.trigger_date;
    if (fromStartDate.has(row.kind) && before.startDate !== after.startDate && row.trigger_date !== after.startDate) {
      trigger = after.startDate;
      causes.push(`the Start Date changed from ${formatLong(before.startDate)} to ${formatLong(after.startDate)}`);
    }
    // A deadline counted in another division than its contract's (set so by its module) keeps it.
    const follows = row.division === before.workingDayDivision;
    const division = follows ? after.workingDayDivision : row.division;
    const reason = follows ? after.workingDayDivisionReason : row.division_reason;
    if (division !== row.division)
      causes.push(
        `the contract’s Working Days changed from ${divisionWords(row.division)} to ${divisionWords(division)}`,
      );
    if (trigger === row.trigger_date && division === row.division && reason === row.division_reason) return undefined;
    const why = causes.length
      ? joinList(causes)
      : `the contract’s reason for counting Working Days in ${divisionWords(division)} changed`;
    return { trigger, division, reason, causes, why };
  }

  return {
    /** A module says its deadlines of `kind` are counted from the contract's Start Date, so they move with it. */
    followStartDate(kind: string): void {
      fromStartDate.add(kind);
    },

    /** Contract listener: moves the outstanding deadlines the change touches. Returns how many changed. */
    async contractChanged(change: ContractChange): Promise<number> {
      const rows = (await repo.outstandingOf(change.after.id)).filter((r) => plan(r, change));
      if (rows.length === 0) return 0;
      const cal = await calendar.current();
      const at = iso(clock.now());
      for (const row of rows) {
        const p = plan(row, change)!;
        const next = { ...row, trigger_date: p.trigger, division: p.division, division_reason: p.reason };
        const due = clockOf(cal, { ...next, move_note: null });
        const moveNote = !p.causes.length
          ? row.move_note
          : due.dueAt === row.due_at
            ? `Due date unchanged when ${p.why}`
            : `Moved from ${formatLong(row.due_date)} because ${p.why}`;
        const explanation = clockOf(cal, { ...next, move_note: moveNote }).explanation;
        // A missed clock that the correction puts back in the future is open again.
        const status = row.status === 'missed' && due.dueAt > at ? 'open' : row.status;
        await repo.move(row.id, {
          trigger_date: p.trigger,
          division: p.division,
          division_reason: p.reason,
          move_note: moveNote,
          status,
          due_date: due.dueDate,
          due_at: due.dueAt,
          explanation,
          provisional: toFlag(due.provisional),
          calendar_version: Number(due.calendarVersion),
          updated_at: at,
        });
        await audit.record({
          actor: change.actor,
          action: 'deadline.move',
          contractId: row.contract_id,
          resource: { type: 'deadline', id: row.id },
          details: {
            before: state(row),
            after: state({ ...next, due_at: due.dueAt, status, explanation }),
            reason: p.why,
          },
        });
      }
      return rows.length;
    },
  };
}

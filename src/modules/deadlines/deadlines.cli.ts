import type { Command } from 'commander';
import type { ModuleCliContext } from '../../platform/modules/index.ts';
import { formatLong } from '../../platform/calendar/index.ts';
import { ValidationError } from '../../platform/kernel/index.ts';
import { DEADLINE_STATUSES, STATUS_LABELS } from './deadlines.schemas.ts';
import type { DeadlineStatus } from './deadlines.tables.ts';

/** `custodian deadlines list --contract REF [--status open] [--json]`. */
export function deadlinesCli(program: Command, ctx: ModuleCliContext<'contracts' | 'deadlines'>): void {
  const { io } = ctx;
  const deadlines = program.command('deadlines').description('the contract clocks Custodian keeps');
  deadlines
    .command('list')
    .description("list a contract's deadlines, overdue first")
    .requiredOption('--contract <ref>', 'the contract’s order reference')
    .option('--status <status>', `only deadlines in this state: ${DEADLINE_STATUSES.join(', ')}`)
    .option('--json', 'print JSON')
    .action(async (opts: { contract: string; status?: string; json?: boolean }) => {
      if (opts.status !== undefined && !(DEADLINE_STATUSES as readonly string[]).includes(opts.status)) {
        throw new ValidationError({
          status: `--status must be one of ${DEADLINE_STATUSES.join(', ')} (not "${opts.status.slice(0, 40)}")`,
        });
      }
      const { contracts, deadlines: service } = await ctx.services();
      const contract = await contracts.getByReference(opts.contract);
      const list = await service.listForContract(
        contract.id,
        opts.status ? [opts.status as DeadlineStatus] : undefined,
      );
      if (opts.json) {
        io.out(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        io.out(`${contract.orderReference} has no ${opts.status ? `${opts.status} ` : ''}deadlines.\n`);
        return;
      }
      for (const d of list) {
        const state = d.overdue ? 'OVERDUE' : STATUS_LABELS[d.status].toUpperCase();
        io.out(
          `${d.dueDate}  ${state.padEnd(10)} ${d.clause.padEnd(8)} ${d.title} (${d.ownerParty === 'both' ? 'both parties' : d.ownerParty})\n`,
        );
        io.out(`            ${d.explanation}${d.provisional ? ' (provisional)' : ''}\n`);
      }
      io.out(
        `${list.length} deadline${list.length === 1 ? '' : 's'} on ${contract.orderReference}; due dates are the end of that day, UK time (${formatLong(list[0]!.dueDate)} first).\n`,
      );
    });
}

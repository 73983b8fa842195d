import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import type { CliIo } from '../platform/modules/index.ts';

/** `custodian db migrate` and `custodian db status`. */
export function dbCli(program: Command, ctx: CliContext, io: CliIo): void {
  const db = program.command('db').description('database migrations');
  db.command('migrate')
    .description('apply every pending migration')
    .action(async () => {
      const result = await ctx.db().migrations.toLatest();
      const applied = result.results ?? [];
      io.out(
        applied.length
          ? applied.map((r) => `applied  ${r.migrationName}\n`).join('')
          : 'Nothing to apply: the database is up to date.\n',
      );
      io.out(`${ctx.db().describe}\n`);
    });
  db.command('status')
    .description('list applied and pending migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = await ctx.db().migrations.status();
      if (opts.json) {
        io.out(
          `${JSON.stringify(
            all.map((m) => ({ name: m.name, appliedAt: m.executedAt?.toISOString() ?? null })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const m of all)
        io.out(
          `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}\n`,
        );
      const pending = all.filter((m) => !m.executedAt).length;
      io.out(`${all.length - pending} applied, ${pending} pending (${ctx.db().describe})\n`);
    });
}

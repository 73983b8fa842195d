import type { Command } from 'commander';
import type { ModuleCliContext } from '../../platform/modules/index.ts';
import { systemActor } from '../../platform/kernel/index.ts';

// Whoever can run the CLI can already read the database and its secrets: these commands are the
// recovery path when no administrator can sign in. Each is recorded as system:cli.
const cli = systemActor('cli');

/** `custodian setup-link` and `custodian users …`. */
export function accountsCli(program: Command, ctx: ModuleCliContext<'links' | 'users'>): void {
  const { io } = ctx;
  program
    .command('setup-link')
    .description('print a new first-run setup link (only while there are no users)')
    .action(async () => {
      const { links } = await ctx.services();
      const url = await links.setupLinkIfNeeded();
      if (!url) throw new Error('Custodian already has users: sign in, or use `custodian users password-link EMAIL`.');
      io.out(`${url}\n`);
    });

  const users = program.command('users').description('named user accounts');
  users
    .command('list')
    .description('list every user')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { users } = await ctx.services();
      const list = await users.list();
      if (opts.json) return io.out(`${JSON.stringify(list, null, 2)}\n`);
      for (const u of list)
        io.out(`${u.status.padEnd(8)} ${u.isSystemAdmin ? 'admin ' : '      '} ${u.email}  ${u.displayName}\n`);
      io.out(`${list.length} users\n`);
    });
  users
    .command('password-link')
    .argument('<email>', 'the user’s email address')
    .description('print a one-time activation or password reset link for a user')
    .action(async (email: string) => {
      const s = await ctx.services();
      const user = await s.users.getByEmail(email);
      const link = await s.users.issuePasswordReset(cli, user.id);
      // The link alone on standard output, so a script can take it; the words for the person running it on standard error.
      io.out(`${link.url}\n`);
      io.err(`${link.validity} ${link.handOver}\n`);
    });
  users
    .command('reset-mfa')
    .argument('<email>', 'the user’s email address')
    .description('clear a user’s authenticator app; they enrol again at next sign-in')
    .action(async (email: string) => {
      const s = await ctx.services();
      const user = await s.users.resetMfa(cli, (await s.users.getByEmail(email)).id);
      io.out(`${user.displayName} will set up a new authenticator app at next sign-in.\n`);
    });
}

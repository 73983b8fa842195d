import type { Command } from 'commander';
import { ENVIRONMENT } from '../config/index.ts';
import type { CliContext } from './context.ts';
import type { CliIo } from '../platform/modules/index.ts';

/** `custodian config`: the effective settings (secrets hidden) and every variable that can set them. */
export function configCli(program: Command, ctx: CliContext, io: CliIo): void {
  program
    .command('config')
    .description('show the effective configuration (secrets hidden) and the environment variables')
    .action(() => {
      const c = ctx.config();
      const shown = {
        ...c,
        cookieSecret: c.cookieSecret ? '(set)' : '(generated in the data directory)',
        databaseUrl: c.databaseUrl?.replace(/\/\/[^@/]*@/, '//***@') ?? '(SQLite in the data directory)',
        mail: {
          ...c.mail,
          smtp: c.mail.smtp
            ? { ...c.mail.smtp, password: c.mail.smtp.password ? '(set)' : '(none)' }
            : '(not set: email off)',
        },
      };
      io.out(`${JSON.stringify(shown, null, 2)}\n\nEnvironment variables:\n`);
      for (const [name, v] of Object.entries(ENVIRONMENT))
        io.out(`  ${name.padEnd(34)} ${v.about} (default ${v.default})\n`);
    });
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { DomainError, ValidationError } from '../platform/kernel/index.ts';
import { accountsCli } from '../modules/accounts/index.ts';
import { auditCli } from '../modules/audit-log/index.ts';
import { deadlinesCli } from '../modules/deadlines/index.ts';
import { smpCli } from '../modules/security-management-plan/index.ts';
import { calendarCli } from '../modules/calendar/index.ts';
import { secretsCli } from '../modules/notifications/index.ts';
import { configCli } from './config.cli.ts';
import type { CliContext } from './context.ts';
import { dbCli } from './db.cli.ts';

/** Output goes through these so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Builds the `custodian` command tree; each module contributes its own sub-commands. */
export function buildProgram(ctx: CliContext, io: CliIo): Command {
  const program = new Command('custodian')
    .description('Custodian: run the security schedule of a UK government contract')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .exitOverride();
  program
    .command('start')
    .description('start the web server (the same as npm start)')
    .action(async () => {
      await import('../main.ts');
      await new Promise(() => {}); // main.ts owns the process from here
    });
  dbCli(program, ctx, io);
  configCli(program, ctx, io);
  accountsCli(program, ctx, io);
  auditCli(program, ctx, io);
  deadlinesCli(program, ctx, io);
  smpCli(program, ctx, io);
  calendarCli(program, ctx, io);
  secretsCli(program, ctx, io);
  program.addHelpText(
    'after',
    () =>
      `\nEvery command:\n${leafCommands(program).join('\n')}\n\nConfiguration comes from environment variables: see \`custodian config\`.\n`,
  );
  return program;
}

/** "  custodian db status [options]   list applied and pending migrations", for every runnable command. */
function leafCommands(cmd: Command, prefix = 'custodian'): string[] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) => {
      const path = `${prefix} ${c.name()}`;
      if (c.commands.length) return leafCommands(c, path);
      const args = c.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
      const usage = `${path}${args ? ` ${args}` : ''}${c.options.length ? ' [options]' : ''}`;
      return [`  ${usage.padEnd(44)} ${c.description()}`];
    });
}

/** Runs a command line; returns the exit code instead of exiting, and never prints a stack trace for known errors. */
export async function runCli(argv: string[], ctx: CliContext, io: CliIo): Promise<number> {
  const program = buildProgram(ctx, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // A command that has already said what went wrong (a failed verification) just sets the exit code.
    if (err instanceof Error && (err as { quiet?: boolean }).quiet) return (err as { exitCode?: number }).exitCode ?? 1;
    if (err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return 78;
    }
    if (err instanceof ValidationError) {
      io.err(`${Object.values(err.fields).join('\n')}\n`);
      return 2;
    }
    if (err instanceof DomainError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    io.err(`custodian: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { DomainError, ValidationError } from '../platform/kernel/index.ts';
import { MODULES } from '../modules.ts';
import type { AnyModule, CliIo, ModuleCliContext, ServiceName } from '../platform/modules/index.ts';
import { configCli } from './config.cli.ts';
import type { CliContext } from './context.ts';
import { dbCli } from './db.cli.ts';

export type { CliIo } from '../platform/modules/index.ts';

/** What one module's commands may reach: configuration, the services it declared, output. */
function moduleContext(m: AnyModule, ctx: CliContext, io: CliIo): ModuleCliContext<ServiceName> {
  const uses = (m.cli?.uses ?? []) as readonly ServiceName[];
  return {
    config: () => ctx.config(),
    io,
    async services() {
      const all = await ctx.services();
      return Object.fromEntries(uses.map((name) => [name, all[name]])) as never;
    },
  };
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
  // Each module's commands, given only the services the module declared it uses.
  for (const m of MODULES as readonly AnyModule[]) m.cli?.register(program, moduleContext(m, ctx, io));
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

import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { ModuleCliContext } from '../../platform/modules/index.ts';
import { checkProofDocument } from './proof-check.ts';
import { readVerifierKeyArgument, VKEY_FORM } from './verifier-key-argument.ts';

const index = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(v);
};

/** Exit codes: 0 verified, 1 tampering found or proof invalid, 2 bad arguments, 3 (verify-proof) not signed by the key given. */
export function auditCli(
  program: Command,
  ctx: ModuleCliContext<'auditTree' | 'auditRetention' | 'auditVerifier'>,
): void {
  const { io } = ctx;
  const audit = program.command('audit').description('the tamper-evident audit log');
  const json = (v: unknown) => io.out(`${JSON.stringify(v, null, 2)}\n`);

  audit
    .command('public-key')
    .description('print the verifier key of the audit log (C2SP vkey format)')
    .action(async () => {
      const { auditTree } = await ctx.services();
      io.out(`${await auditTree.verifierKey()}\n`);
    });

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the tree now, and print the latest')
    .action(async () => {
      const s = await ctx.services();
      await s.auditTree.checkpoint();
      const latest = await s.auditTree.latestCheckpoint();
      io.out(latest ? latest.note : 'The audit log is empty: there is nothing to sign yet.\n');
    });

  audit
    .command('verify')
    .description('recompute every leaf, the tree and each signed checkpoint; name the first bad index')
    .option('--from <index>', 'first event index to check', index('--from'))
    .option('--to <index>', 'last event index to check', index('--to'))
    .option('--json', 'print the report as JSON')
    .action(async (opts: { from?: number; to?: number; json?: boolean }) => {
      const { auditVerifier } = await ctx.services();
      const report = await auditVerifier.verify(opts);
      if (opts.json) json(report);
      else if (report.ok)
        io.out(
          `OK: ${report.eventsChecked} events, ${report.leavesChecked} leaves and ${report.checkpointsChecked} signed checkpoints verified.\n`,
        );
      else
        io.err(
          `TAMPERED${report.firstBadIndex === undefined ? '' : ` at index ${report.firstBadIndex}`}: ${report.problem}\n`,
        );
      if (!report.ok) throw Object.assign(new Error(''), { exitCode: 1, quiet: true });
    });

  audit
    .command('prove')
    .argument('<event-index>', 'the event’s index in the log', index('EVENT_INDEX'))
    .option('--size <n>', 'tree size of a signed checkpoint (default: the latest)', index('--size'))
    .description('print a JSON inclusion proof of one event against a signed checkpoint')
    .action(async (eventIndex: number, opts: { size?: number }) => {
      const { auditTree } = await ctx.services();
      json(await auditTree.prove(eventIndex, opts.size));
    });

  audit
    .command('consistency')
    .argument('<old-size>', 'the earlier tree size', index('OLD_SIZE'))
    .argument('[new-size]', 'a later signed tree size (default: the latest)', index('NEW_SIZE'))
    .description('print a JSON consistency proof between two tree sizes')
    .action(async (oldSize: number, newSize?: number) => {
      const { auditTree } = await ctx.services();
      json(await auditTree.consistency(oldSize, newSize));
    });

  audit
    .command('verify-proof')
    .argument('<file>', 'a proof printed by `audit prove` or `audit consistency`')
    .requiredOption(
      '--key <key-or-file>',
      `the log’s verifier key as \`custodian audit public-key\` prints it, one line ${VKEY_FORM}; or the path of a file holding that line`,
    )
    .description('check a proof offline, with nothing but the file and the key')
    .addHelpText(
      'after',
      `\nFor example: custodian audit public-key > audit.vkey, then\n  custodian audit verify-proof proof.json --key audit.vkey\n\nExit codes: 0 the proof verifies; 1 INVALID, the proof or its checkpoint fails (the log or the file was changed); 2 the --key given is not a verifier key, or the proof file cannot be read; 3 NOT CHECKED, the checkpoint is not signed by this key (another log's key).\n`,
    )
    .action((file: string, opts: { key: string }) => {
      const usage = (message: string) => {
        io.err(`custodian audit verify-proof: ${message}\n`);
        throw Object.assign(new Error(''), { exitCode: 2, quiet: true });
      };
      const key = readVerifierKeyArgument(opts.key);
      if ('problem' in key) return usage(key.problem);
      let json: string;
      try {
        json = fs.readFileSync(file, 'utf8');
      } catch (err) {
        return usage(`cannot read the proof file ${file}: ${(err as Error).message}`);
      }
      const result = checkProofDocument(json, key.vkey);
      if (result.ok) return io.out(`OK: ${result.message}\n`);
      if (result.keyProblem === 'malformed') return usage(result.message);
      const notSigner = result.keyProblem === 'not-signer';
      io.err(`${notSigner ? 'NOT CHECKED' : 'INVALID'}: ${result.message}\n`);
      throw Object.assign(new Error(''), { exitCode: notSigner ? 3 : 1, quiet: true });
    });

  const cli = { type: 'system' as const, name: 'cli' };
  audit
    .command('purge')
    .description('purge event content older than the retention period now (it also runs daily)')
    .action(async () => {
      const s = await ctx.services();
      await s.auditTree.checkpoint();
      const purged = await s.auditRetention.purge(cli);
      io.out(
        purged
          ? `Purged the content of events ${purged.from} to ${purged.to - 1}; their leaf hashes stay in the tree.\n`
          : 'Nothing to purge.\n',
      );
    });
  audit
    .command('hold')
    .description('put a range of events under legal hold: the purge never removes them')
    .requiredOption('--from <index>', 'first event index', index('--from'))
    .requiredOption('--to <index>', 'last event index', index('--to'))
    .requiredOption('--reason <text>', 'why (shown in the audit log)')
    .action(async (opts: { from: number; to: number; reason: string }) => {
      const { auditRetention } = await ctx.services();
      io.out(`${await auditRetention.hold(cli, opts)}\n`);
    });
  audit
    .command('holds')
    .description('list legal holds')
    .action(async () => {
      const { auditRetention } = await ctx.services();
      for (const h of await auditRetention.holds())
        io.out(
          `${h.id}  ${h.from_seq}..${h.to_seq}  ${h.released_at ? `released ${h.released_at}` : 'active'}  ${h.reason}\n`,
        );
    });
  audit
    .command('release')
    .argument('<hold-id>', 'the legal hold to release')
    .description('release a legal hold')
    .action(async (id: string) => {
      const { auditRetention } = await ctx.services();
      await auditRetention.release(cli, id);
      io.out('Released.\n');
    });
}

import type { Command } from 'commander';
import type { ModuleCliContext } from '../../platform/modules/index.ts';
import { systemActor } from '../../platform/kernel/index.ts';
import { pruneKeyFile, rotateKeyFile } from '../../platform/secret-box/index.ts';

/**
 * `custodian secrets rotate` and `custodian secrets prune`: the key ring that seals the webhook
 * signing secrets stored in the database (CUSTODIAN_SECRETS_KEY_FILE). Running servers follow the
 * file: they read it again when it has been replaced, so neither command needs a restart.
 */
export function secretsCli(program: Command, ctx: ModuleCliContext<'webhooks'>): void {
  const { io } = ctx;
  const secrets = program
    .command('secrets')
    .description(
      'the key ring sealing the webhook signing secrets stored in the database (CUSTODIAN_SECRETS_KEY_FILE)',
    );
  secrets
    .command('rotate')
    .description('add a new key, which seals from now on, and seal every stored secret again under it')
    .action(async () => {
      const file = ctx.config().secretsKeyFile;
      const added = await rotateKeyFile(file);
      const { webhooks } = await ctx.services();
      const { sealed, unopenable } = await webhooks.sealStoredSecrets(systemActor('cli'));
      io.out(
        `New key ${added} in ${file}: ${sealed} webhook signing ${sealed === 1 ? 'secret' : 'secrets'} sealed again under it.\n`,
      );
      if (unopenable.length)
        io.err(
          `These webhooks' secrets do not open with any key in the ring, so their deliveries fail until they are added again: ${unopenable.join(', ')}\n`,
        );
      io.out('Older keys stay in the ring until `custodian secrets prune` drops those no stored secret needs.\n');
    });
  secrets
    .command('prune')
    .description('drop from the ring every key no stored secret is sealed under (never the current key)')
    .action(async () => {
      const file = ctx.config().secretsKeyFile;
      const { webhooks } = await ctx.services();
      const dropped = await pruneKeyFile(file, await webhooks.secretKeyIdsInUse());
      io.out(
        dropped.length
          ? `Dropped ${dropped.length === 1 ? 'key' : 'keys'} ${dropped.join(', ')} from ${file}.\n`
          : `Every key in ${file} is still needed.\n`,
      );
    });
}

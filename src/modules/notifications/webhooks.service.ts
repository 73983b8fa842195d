import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import type { OutboundGuard } from '../../platform/net/index.ts';
import { sealedKeyId, SecretBoxError, type SecretBox } from '../../platform/secret-box/index.ts';
import {
  ConflictError,
  ForbiddenError,
  iso,
  newId,
  newSecret,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
  actorId,
} from '../../platform/kernel/index.ts';
import { deliveriesRepository } from './deliveries.repository.ts';
import { toSubscription, urlOrigin } from './mappers.ts';
import { PARTIES, webhookInput, type Party, type WebhookSubscription } from './notifications.schemas.ts';
import type { NotificationsTables } from './notifications.tables.ts';
import { internalTarget } from './webhook-outbound.ts';
import { webhooksRepository, type WebhookSubscriptionRow } from './webhooks.repository.ts';

// A recognisable prefix lets secret scanners find a leaked signing secret; the rest is 256 random bits.
const SECRET_PREFIX = 'whsec_';

/** What a subscription's sealed secret is bound to: it opens for this row and no other. */
export const webhookSecretContext = (subscriptionId: string) => `webhook_subscriptions.secret:${subscriptionId}`;

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/**
 * Webhook subscriptions of a contract, per party. Each side manages its own: the Agency security
 * manager the Agency's, the Client's Representative the Client's; system administrators both.
 */
export function createWebhooksService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: ContractsService;
  secrets: SecretBox;
  allowHttp: boolean;
  /** Refuses internal destinations (SSRF); the delivery worker checks again at every connection. */
  outbound: OutboundGuard;
}) {
  const { uow, clock, audit, contracts, secrets } = deps;
  const repo = webhooksRepository(uow.tables<NotificationsTables>());
  const deliveries = deliveriesRepository(uow);

  async function manageableParties(actor: Actor, contractId: string): Promise<Party[]> {
    if (actor.type === 'system' || (actor.type === 'user' && actor.privileged)) return [...PARTIES];
    const roles =
      actor.type === 'user'
        ? await contracts.rolesOn(actor.userId, contractId)
        : actor.type === 'token' && actor.contractId === contractId
          ? [actor.role]
          : [];
    return PARTIES.filter((p) => roles.includes(p === 'agency' ? 'agency-security-manager' : 'client-representative'));
  }

  return {
    manageableParties,
    /**
     * Seals every signing secret not sealed under the current key: those stored in clear before
     * sealing existed, and (after `custodian secrets rotate`) those sealed under an older key. Each
     * in the transaction that records it. Run at start, before the delivery worker. A secret that
     * does not open (altered, or under a key the ring lost) is left as it is and named in
     * `unopenable`: its deliveries fail and say why, and the rest are not held up by it.
     */
    async sealStoredSecrets(actor: Actor): Promise<{ sealed: number; unopenable: string[] }> {
      const current = await secrets.currentKeyId();
      let sealed = 0;
      const unopenable: string[] = [];
      for (const row of await repo.secrets()) {
        const was = sealedKeyId(row.secret);
        if (was === current) continue;
        const context = webhookSecretContext(row.id);
        let plain = row.secret;
        if (was) {
          try {
            plain = await secrets.open(row.secret, context);
          } catch (err) {
            if (!(err instanceof SecretBoxError)) throw err;
            unopenable.push(row.id);
            continue;
          }
        }
        const secret = await secrets.seal(plain, context);
        await uow.transaction(async () => {
          if (!(await repo.replaceSecret(row.id, row.secret, secret))) return; // sealed meanwhile by another process
          await audit.record({
            actor,
            action: 'webhook.secret-seal',
            contractId: row.contract_id,
            resource: { type: 'webhook-subscription', id: row.id },
            details: { before: { key: was ?? 'none (in clear)' }, after: { key: current } },
          });
          sealed++;
        });
      }
      return { sealed, unopenable };
    },
    /** The ids of the keys the stored secrets are sealed under: the ones a key ring must keep. */
    async secretKeyIdsInUse(): Promise<Set<string>> {
      return new Set((await repo.secrets()).flatMap((r) => sealedKeyId(r.secret) ?? []));
    },
    /** The subscriptions of the parties the actor manages, newest first. */
    async list(actor: Actor, contractId: string): Promise<WebhookSubscription[]> {
      await contracts.get(contractId);
      return (await repo.list(contractId, await manageableParties(actor, contractId))).map(toSubscription);
    },
    /** Returns the subscription and its signing secret; the secret is never shown again. */
    async create(
      actor: Actor,
      contractId: string,
      input: unknown,
    ): Promise<{ subscription: WebhookSubscription; secret: string }> {
      // Resolved before the transaction: a slow DNS answer must not hold the database.
      const inside = await internalTarget(deps.outbound, (input as { url?: unknown } | null)?.url);
      return uow.transaction(async () => {
        const contract = await contracts.get(contractId);
        const parties = await manageableParties(actor, contractId);
        if (parties.length === 0) throw new ForbiddenError();
        const data = parseInput(webhookInput(deps.allowHttp), input);
        const party = parties.length === 1 ? parties[0]! : data.party;
        if (!party) throw new ValidationError({ party: 'Select whose webhook this is' });
        if (!parties.includes(party))
          throw new ValidationError({ party: 'You can only add webhooks for your own side of the contract' });
        if (inside) throw new ValidationError({ url: inside });
        const secret = `${SECRET_PREFIX}${newSecret()}`;
        const id = newId();
        const row: WebhookSubscriptionRow = {
          id,
          contract_id: contract.id,
          party,
          url: data.url,
          description: data.description,
          secret: await secrets.seal(secret, webhookSecretContext(id)),
          created_by: actorId(actor),
          created_at: iso(clock.now()),
          disabled_at: null,
          disabled_by: null,
        };
        await repo.insert(row);
        await audit.record({
          actor,
          action: 'webhook.create',
          contractId: contract.id,
          resource: { type: 'webhook-subscription', id: row.id },
          details: { after: { party, url: urlOrigin(row.url), description: row.description } },
        });
        return { subscription: toSubscription(row), secret };
      });
    },
    /** Stops a subscription: nothing more is sent to it, and deliveries still waiting are cancelled. */
    async disable(actor: Actor, contractId: string, id: string): Promise<WebhookSubscription> {
      return uow.transaction(async () => {
        const parties = await manageableParties(actor, contractId);
        const row = await repo.find(contractId, id);
        // The other side's subscriptions are not this actor's business: not found, rather than forbidden.
        if (!row || !parties.includes(row.party as Party)) throw new NotFoundError('The webhook');
        const at = iso(clock.now());
        if (!(await repo.disable(id, at, actorId(actor))))
          throw new ConflictError('already_disabled', 'This webhook has already been turned off');
        await deliveries.cancelForSubscription(id, at);
        await audit.record({
          actor,
          action: 'webhook.disable',
          contractId,
          resource: { type: 'webhook-subscription', id },
          details: { before: { party: row.party, url: urlOrigin(row.url), description: row.description } },
        });
        return toSubscription({ ...row, disabled_at: at, disabled_by: actorId(actor) });
      });
    },
  };
}

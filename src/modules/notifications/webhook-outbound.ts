import type { ModuleContext } from '../../platform/modules/index.ts';
import { createOutboundGuard, type OutboundGuard } from '../../platform/net/index.ts';

/** How a refused destination begins, when saved and when sent. */
export const INSIDE_THE_NETWORK = 'The webhook URL points inside the network: ';

/**
 * Where webhooks may go: public addresses, and what CUSTODIAN_WEBHOOK_ALLOW_HOSTS names. One guard
 * for saving a subscription and for every connection the delivery worker opens.
 */
export const webhookOutbound = (ctx: Pick<ModuleContext, 'config' | 'resolveHost'>): OutboundGuard =>
  createOutboundGuard({ allow: ctx.config.webhooks.allowHosts, resolve: ctx.resolveHost });

/** Why a subscription's URL is refused as internal, resolving its host now; undefined if it is not, or is no URL. */
export async function internalTarget(outbound: OutboundGuard, url: unknown): Promise<string | undefined> {
  if (typeof url !== 'string') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined; // the form's own validation says what is wrong with it
  }
  const problem = await outbound.check(parsed);
  return problem && `${INSIDE_THE_NETWORK}${problem}`;
}

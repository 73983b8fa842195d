import http from 'node:http';
import https from 'node:https';
import { OutboundRefusedError, type OutboundGuard } from '../../platform/net/index.ts';
import type { WorkItem } from './deliveries.repository.ts';
import { DeliveryFailure } from './delivery-errors.ts';
import { urlProblem } from './notifications.schemas.ts';
import { INSIDE_THE_NETWORK } from './webhook-outbound.ts';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.ts';

/** The JSON a webhook receives: the notification, whom it was for and which contract; never other people's data. */
export function webhookBody(item: WorkItem, deliveryId: string, publicUrl: string): string {
  return JSON.stringify({
    type: 'notification',
    id: item.notificationId,
    deliveryId,
    idempotencyKey: item.key,
    kind: item.kind,
    subject: item.subject,
    text: item.text,
    link: item.link ? `${publicUrl}${item.link}` : null,
    createdAt: item.createdAt,
    contract: item.contractId ? { id: item.contractId, orderReference: item.contractReference } : null,
    party: item.webhookParty,
    recipient: { id: item.recipientId, displayName: item.recipientName },
  });
}

/**
 * POSTs a body and resolves with the status; the response body is discarded. Through node:http so
 * the connection uses `lookup`, which judges the very addresses it connects to. A fresh connection
 * each time (no pooled socket to reuse), and no redirect is ever followed.
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  lookup: OutboundGuard['lookup'],
  signal: AbortSignal,
) {
  return new Promise<number>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers, signal, lookup, agent: false },
      (res) => {
        res.on('error', () => {}).resume();
        resolve(res.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * POSTs one signed delivery. Success is any 2xx; redirects are not followed (a 3xx fails), so a
 * subscription cannot be bounced to an address nobody approved. An internal destination (SSRF),
 * whether written as an address or reached through what a name resolves to now, fails for good.
 */
export async function postWebhook(opts: {
  url: string;
  secret: string;
  body: string;
  key: string;
  deliveryId: string;
  unixSeconds: number;
  allowHttp: boolean;
  outbound: OutboundGuard;
  signal: AbortSignal;
}): Promise<void> {
  const problem = urlProblem(opts.url, opts.allowHttp);
  if (problem) throw new DeliveryFailure(problem, true);
  const url = new URL(opts.url);
  // An address in the URL is connected to without a lookup: judged here instead.
  const refused = opts.outbound.hostRefusal(url);
  if (refused) throw new DeliveryFailure(`${INSIDE_THE_NETWORK}${refused}`, true);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Custodian-Webhooks/1',
    [SIGNATURE_HEADER]: signWebhook(opts.secret, opts.body, opts.unixSeconds),
    'Idempotency-Key': opts.key,
    'Custodian-Delivery-Id': opts.deliveryId,
  };
  const status = await post(url, headers, opts.body, opts.outbound.lookup, opts.signal).catch((err: unknown) => {
    if (err instanceof OutboundRefusedError) throw new DeliveryFailure(`${INSIDE_THE_NETWORK}${err.message}`, true);
    throw err;
  });
  if (status < 200 || status > 299) throw new DeliveryFailure(`The webhook answered HTTP ${status}`);
}

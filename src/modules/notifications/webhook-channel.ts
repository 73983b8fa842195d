import type { WorkItem } from './deliveries.repository.ts';
import { DeliveryFailure } from './delivery-errors.ts';
import { urlProblem } from './notifications.schemas.ts';
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
 * POSTs one signed delivery. Success is any 2xx; redirects are not followed (a 3xx fails), so a
 * subscription cannot be bounced to an address nobody approved. The response body is discarded.
 */
export async function postWebhook(opts: {
  url: string;
  secret: string;
  body: string;
  key: string;
  deliveryId: string;
  unixSeconds: number;
  allowHttp: boolean;
  signal: AbortSignal;
}): Promise<void> {
  const problem = urlProblem(opts.url, opts.allowHttp);
  if (problem) throw new DeliveryFailure(problem, true);
  const res = await fetch(opts.url, {
    method: 'POST',
    redirect: 'manual',
    signal: opts.signal,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Custodian-Webhooks/1',
      [SIGNATURE_HEADER]: signWebhook(opts.secret, opts.body, opts.unixSeconds),
      'Idempotency-Key': opts.key,
      'Custodian-Delivery-Id': opts.deliveryId,
    },
    body: opts.body,
  });
  await res.body?.cancel().catch(() => {});
  if (res.status < 200 || res.status > 299) throw new DeliveryFailure(`The webhook answered HTTP ${res.status}`);
}

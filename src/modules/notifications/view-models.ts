import type { FastifyRequest } from 'fastify';
import { DomainError, ForbiddenError } from '../../platform/kernel/index.ts';
import type { Delivery } from './notifications.schemas.ts';

export const CHANNEL_LABELS: Record<Delivery['channel'], string> = {
  'in-app': 'In Custodian',
  email: 'Email',
  webhook: 'Webhook',
};

/** How a delivery's state reads to a person: words, a tag colour and the time that matters. */
export function deliveryState(d: Delivery): { text: string; tag: string; at: string | null; detail: string | null } {
  if (d.status === 'delivered') return { text: 'Delivered', tag: 'govuk-tag--green', at: d.deliveredAt, detail: null };
  if (d.status === 'failed') return { text: 'Failed', tag: 'govuk-tag--red', at: d.lastAttemptAt, detail: d.lastError };
  if (d.status === 'skipped') return { text: 'Not sent', tag: 'govuk-tag--grey', at: null, detail: d.lastError };
  if (d.status === 'cancelled') return { text: 'Cancelled', tag: 'govuk-tag--grey', at: null, detail: d.lastError };
  if (d.sending) return { text: 'Sending', tag: 'govuk-tag--blue', at: d.lastAttemptAt, detail: null };
  if (d.lastError) return { text: 'Retrying', tag: 'govuk-tag--yellow', at: d.nextAttemptAt, detail: d.lastError };
  return { text: 'Waiting to send', tag: 'govuk-tag--blue', at: null, detail: null };
}

/** A bad page number is a clear 400 naming the problem, not a 500 and not silently page 1. */
class BadPageError extends DomainError {
  readonly status = 400;
  constructor() {
    super('bad_page', 'The page number must be a whole number from 1 to 9999');
  }
}

/** `?page=N` (1 when absent or empty). */
export function pageQuery(request: FastifyRequest): number {
  const value = (request.query as Record<string, unknown> | undefined)?.page;
  if (value === undefined || value === '') return 1;
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value) || Number(value) < 1) throw new BadPageError();
  return Number(value);
}

/** Previous/next links for govukPagination. */
export const pagination = (base: string, page: number, hasNext: boolean) => ({
  previous: page > 1 ? { href: page === 2 ? base : `${base}?page=${page - 1}` } : undefined,
  next: hasNext ? { href: `${base}?page=${page + 1}` } : undefined,
});

/** The signed-in user's id on a `signed-in` route. */
export function userIdOf(request: FastifyRequest): string {
  const p = request.principal;
  if (p.kind !== 'user') throw new ForbiddenError();
  return p.user.id;
}

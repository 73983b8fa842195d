import { z } from 'zod';
import { requiredText } from '../../platform/validation/index.ts';
import type { DeliveryChannel, DeliveryStatus } from './notifications.tables.ts';

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * One message to one person, as a caller (the deadlines scheduler, a service) enqueues it. The key
 * is unique per message: it becomes the email Message-ID and the webhook Idempotency-Key, so it is
 * limited to characters that are safe in a header.
 */
export const notificationMessage = z.object({
  userId: z.uuid('userId must be a user id'),
  contractId: z.uuid('contractId must be a contract id').nullish(),
  kind: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/, 'kind must be dotted lower-case words, like deadline.reminder'),
  subject: z
    .string()
    .trim()
    .min(1, 'Enter a subject')
    .max(300, 'The subject must be 300 characters or fewer')
    .refine((s) => !CONTROL.test(s), 'The subject must be one line of text'),
  text: z
    .string()
    .min(1, 'Enter the text')
    .max(20_000, 'The text must be 20,000 characters or fewer')
    .refine((s) => !s.includes('\u0000'), 'The text must not contain NUL'),
  // A path inside Custodian: "/x", never "//host" or "/\host", which browsers read as another site.
  link: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[\x21-\x7e]*$/, 'link must be a path inside Custodian, like /contracts/…')
    .nullish(),
  key: z.string().regex(/^[A-Za-z0-9._:@/+=-]{1,200}$/, 'key must be 1 to 200 letters, digits or . _ : @ / + = -'),
});
export type NotificationMessage = z.input<typeof notificationMessage>;

export const PARTIES = ['agency', 'client'] as const;
export type Party = (typeof PARTIES)[number];
export const PARTY_LABELS: Record<Party, string> = { agency: 'Agency', client: 'Client' };

const webhookUrl = (allowHttp: boolean) =>
  z
    .string({ message: 'Enter the webhook URL' })
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, 'Enter the webhook URL')
        .max(2000, 'The webhook URL must be 2000 characters or fewer')
        .superRefine((value, ctx) => {
          const problem = urlProblem(value, allowHttp);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    );

/** Why a webhook URL is refused, or undefined. Also checked again before each send. */
export function urlProblem(value: string, allowHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter the webhook URL in the correct format, like https://chat.example.com/hooks/custodian';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
    return 'The webhook URL must start with https://';
  if (url.username || url.password) return 'The webhook URL must not contain a user name or password';
  if (url.hash) return 'The webhook URL must not contain a # fragment';
  return undefined;
}

export const webhookInput = (allowHttp: boolean) =>
  z.object({
    url: webhookUrl(allowHttp),
    description: requiredText('a name for the webhook', 100),
    party: z.enum(PARTIES, { message: 'Select whose webhook this is' }).optional(),
  });

export interface Notification {
  id: string;
  key: string;
  recipientUserId: string;
  contractId: string | null;
  kind: string;
  subject: string;
  text: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface Delivery {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  subscriptionId: string | null;
  destination: string | null;
  status: DeliveryStatus;
  /** Shown rather than stored: a pending delivery some worker holds a live lease on. */
  sending: boolean;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface WebhookSubscription {
  id: string;
  contractId: string;
  party: Party;
  url: string;
  description: string;
  createdBy: string;
  createdAt: string;
  disabledAt: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  hasNext: boolean;
}

import { createHash } from 'node:crypto';
import type { OutgoingEmail } from '../../platform/mail/index.ts';
import type { WorkItem } from './deliveries.repository.ts';

/**
 * The Message-ID of a notification's email: the SHA-256 of its idempotency key at the installation's
 * host. The same key always gives the same id, so a message sent twice (see the delivery worker's
 * note on the window after the server's 250) is recognisably one message to the receiving system.
 * The key is hashed because Message-IDs allow fewer characters than keys do.
 */
export const messageIdFor = (key: string, host: string): string =>
  `<${createHash('sha256').update(key, 'utf8').digest('hex')}@${host}>`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text to HTML: escaped, paragraphs at blank lines, line breaks kept. No markup from the caller reaches it. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The email for one delivery: text and HTML alike, the link made absolute, and a footer saying why it came. */
export function composeEmail(item: WorkItem, to: string, opts: { publicUrl: string; date: Date }): OutgoingEmail {
  const host = new URL(opts.publicUrl).hostname;
  const link = item.link ? `${opts.publicUrl}${item.link}` : undefined;
  const footer = `You get this because you have an account on Custodian at ${opts.publicUrl}. Everything sent to you is listed at ${opts.publicUrl}/notifications/deliveries`;
  const text = [item.text.trim(), link && `Open it in Custodian: ${link}`, '--', footer].filter(Boolean).join('\n\n');
  const html = [
    textToHtml(item.text.trim()),
    link ? `<p><a href="${escapeHtml(link)}">Open it in Custodian</a></p>` : '',
    `<hr><p style="color:#505a5f;font-size:14px">${escapeHtml(footer)}</p>`,
  ].join('\n');
  return {
    to,
    subject: item.subject,
    text,
    html,
    messageId: messageIdFor(item.key, host),
    date: opts.date,
    headers: {
      'X-Custodian-Idempotency-Key': item.key,
      'X-Custodian-Kind': item.kind,
      // RFC 3834: an automatic message, so vacation responders do not answer it.
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** A failed attempt, with a message fit to store and show (no message content, no secrets). */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    /** Retrying cannot help (a recipient the mail server refuses): fail at once. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

const clean = (s: string) =>
  s
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 500);

/**
 * Turns whatever a send threw into a DeliveryFailure. nodemailer's errors carry the SMTP reply and
 * the command it answered; a 5xx to RCPT TO refuses the recipient for good, while other errors (a
 * refused login, a dropped connection, a 4xx) may pass, so those are retried.
 */
export function toDeliveryFailure(err: unknown): DeliveryFailure {
  if (err instanceof DeliveryFailure) return err;
  const e = (err ?? {}) as {
    message?: string;
    code?: string;
    responseCode?: number;
    response?: string;
    command?: string;
    cause?: { code?: string; message?: string };
  };
  if (typeof e.responseCode === 'number') {
    const permanent = e.responseCode >= 500 && /^RCPT/i.test(e.command ?? '');
    return new DeliveryFailure(
      clean(`The mail server answered ${e.command ? `${e.command} ` : ''}with ${e.response ?? e.responseCode}`),
      permanent,
    );
  }
  if (e.cause?.code) return new DeliveryFailure(clean(`Could not connect: ${e.cause.code}`));
  if (e.code) return new DeliveryFailure(clean(`${e.code}: ${e.message ?? ''}`));
  return new DeliveryFailure(clean(e.message ?? String(err)) || 'Unknown error');
}

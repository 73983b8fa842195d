import nodemailer from 'nodemailer';

/** One message, already composed: the mailer adds only the From address. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** `<…@…>`; set by the caller so that a re-sent message carries the same id. */
  messageId: string;
  date: Date;
  headers?: Record<string, string>;
}

/**
 * Sends email. `send` resolves once the server has accepted the message (its 250 reply to DATA)
 * and rejects otherwise; the error keeps nodemailer's `responseCode` and `command` so callers can
 * tell a refused recipient (permanent) from a passing failure.
 */
export interface Mailer {
  send(email: OutgoingEmail, signal?: AbortSignal): Promise<{ response: string }>;
  /** "SMTP host:port", never credentials: safe to log. */
  readonly describe: string;
  close(): void;
}

export interface SmtpMailerSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465). */
  secure: boolean;
  /** Refuse to send unless the server upgrades the connection with STARTTLS. */
  requireTls: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  /** Connection, greeting and idle-socket limit; a send that takes longer fails and is retried. */
  timeoutMs?: number;
}

/**
 * A mailer over nodemailer's SMTP transport: one connection per message (no pool), so aborting a
 * send never leaves a half-used connection behind for the next message.
 */
export function createSmtpMailer(settings: SmtpMailerSettings): Mailer {
  const timeout = settings.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    // Without requireTLS an offered STARTTLS is still used; a plain server on loopback is accepted.
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer's own logger stays off: it would write addresses and server replies to stdout.
    logger: false,
  });
  return {
    describe: `SMTP ${settings.host}:${settings.port}`,
    async send(email, signal) {
      const info = await transport.sendMail({
        from: settings.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        messageId: email.messageId,
        date: email.date,
        headers: email.headers ?? {},
        ...(signal ? { signal } : {}),
      });
      return { response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

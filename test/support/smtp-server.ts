import type net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer, type Mailer } from '../../src/platform/mail/index.ts';

/** What the server does with the n-th message it is sent (counting every DATA, 1-based). */
export type SmtpBehaviour = 'accept' | 'stall' | 'drop' | 'defer';

export interface TestSmtpServer {
  port: number;
  /** Messages the server accepted (answered 250 to), parsed, in order. */
  accepted: ParsedMail[];
  /** Every DATA the server was sent, whatever it did with it. */
  readonly attempts: number;
  /** Messages held without an answer right now. */
  readonly stalled: number;
  /** Decides per message; `accept` unless set. */
  behaviour: (n: number) => SmtpBehaviour;
  /** Recipients refused for good (550 to RCPT TO). */
  refuse: Set<string>;
  /** Drops every connection holding a stalled message: its sender sees the connection close. */
  dropStalled(): void;
  /** Resolves once `check` holds, polling; fails after `timeoutMs`. */
  until(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** A mailer pointed at this server. */
  mailer(opts?: { user?: string; password?: string; timeoutMs?: number }): Mailer;
  close(): Promise<void>;
}

/** Behaviours for the next messages in turn, then `accept` for the rest. */
export function inTurn(...next: SmtpBehaviour[]): (n: number) => SmtpBehaviour {
  return () => next.shift() ?? 'accept';
}

/**
 * A real SMTP server on loopback (smtp-server), plain text, for tests that need mail to arrive. It
 * can stall a message (no reply to DATA), drop the connection, or defer (451), to interrupt
 * delivery at a chosen message. With `users`, it requires AUTH PLAIN/LOGIN with those credentials.
 */
export async function startTestSmtpServer(opts: { users?: Record<string, string> } = {}): Promise<TestSmtpServer> {
  const sockets = new Map<number, net.Socket>();
  const stalledPorts = new Set<number>();
  let attempts = 0;
  const state = {
    behaviour: (() => 'accept') as (n: number) => SmtpBehaviour,
    refuse: new Set<string>(),
    accepted: [] as ParsedMail[],
  };

  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: !opts.users,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (opts.users && opts.users[auth.username ?? ''] === auth.password)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (state.refuse.has(address.address))
        return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const n = ++attempts;
        const what = state.behaviour(n);
        const port = session.remotePort;
        if (what === 'stall') return void stalledPorts.add(port);
        if (what === 'drop') return void sockets.get(port)?.destroy();
        if (what === 'defer') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            state.accepted.push(mail);
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  // smtp-server does not hand out its sockets: keep them by the client's port to stall or drop one.
  server.server.on('connection', (socket: net.Socket) => {
    const port = socket.remotePort!;
    sockets.set(port, socket);
    socket.on('close', () => {
      sockets.delete(port);
      stalledPorts.delete(port);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as net.AddressInfo).port;

  return {
    port,
    accepted: state.accepted,
    get attempts() {
      return attempts;
    },
    get stalled() {
      return stalledPorts.size;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(fn) {
      state.behaviour = fn;
    },
    refuse: state.refuse,
    dropStalled() {
      for (const p of [...stalledPorts]) sockets.get(p)?.destroy();
    },
    async until(check, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > end) throw new Error('timed out waiting for the SMTP server');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    mailer: (m = {}) =>
      createSmtpMailer({
        host: '127.0.0.1',
        port,
        secure: false,
        requireTls: false,
        user: m.user,
        password: m.password,
        from: 'Custodian <custodian@custodian.test>',
        timeoutMs: m.timeoutMs ?? 5_000,
      }),
    async close() {
      for (const s of sockets.values()) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

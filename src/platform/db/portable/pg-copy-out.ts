import type { Socket } from 'node:net';

// Message codes of PostgreSQL's frontend/backend protocol met during COPY TO STDOUT
// (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-COPY): each message is a
// code byte, a 32-bit big-endian length that counts itself, and the body.
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const COPY_OUT_RESPONSE = 0x48; // 'H'
// Asynchronous messages the server may send at any time; they mean nothing to the copy.
const PASSED_OVER = new Set([0x4e /* 'N' notice */, 0x53 /* 'S' parameter status */, 0x41 /* 'A' notification */]);

/** The part of pg's Connection a submitted query is given. */
interface PgConnection {
  stream: Socket;
  query(text: string): void;
}

/**
 * `COPY (…) TO STDOUT` as a pg "submittable" query that returns the copy's whole output as one
 * Buffer. While the copy runs it reads the socket itself, as pg-copy-streams does, because pg's own
 * parser (and pg-copy-streams' stream after it) builds a Buffer per CopyData message, and the
 * server sends one message a row: measured on 1 KB audit events, those objects, their copies and
 * the collections they caused were about half the client's time reading a window. Here each socket
 * chunk is appended to one growing buffer and its CopyData bodies are moved down over their
 * headers in place (`copyWithin`, which allocates nothing), so the result is the bare COPY output.
 * Everything after CopyDone, and everything from the first message that is not part of a copy (an
 * ErrorResponse, a length that cannot be right), is handed back to pg's parser, which then
 * completes (or fails) the query as for any statement.
 */
export class CopyOutQuery {
  /** The output, and the buffer it lies at the start of (to be reused once the output is read). */
  readonly result: Promise<{ data: Buffer; buffer: Buffer; rowCount: number }>;
  #resolve!: (r: { data: Buffer; buffer: Buffer; rowCount: number }) => void;
  #reject!: (e: unknown) => void;
  #connection: PgConnection | undefined;
  #pgListener: ((chunk: Buffer) => void) | undefined;
  #buf: Buffer;
  #len = 0; // bytes held: the output [0, #out), then unread messages [#pos, #len)
  #pos = 0;
  #out = 0;
  #rowCount = 0;
  #onData = (chunk: Buffer) => this.#receive(chunk);

  /** `buffer`: where to put the output, replaced by a bigger one if it does not fit. */
  constructor(
    readonly text: string,
    buffer: Buffer,
  ) {
    this.#buf = buffer;
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  submit(connection: PgConnection): void {
    const listeners = connection.stream.listeners('data');
    if (listeners.length !== 1)
      throw new Error(`pg's connection has ${listeners.length} data listeners, expected its parser's one`);
    this.#connection = connection;
    this.#pgListener = listeners[0] as (chunk: Buffer) => void;
    connection.stream.removeListener('data', this.#pgListener);
    connection.stream.on('data', this.#onData);
    connection.query(this.text);
  }

  #receive(chunk: Buffer): void {
    if (this.#len + chunk.length > this.#buf.length) this.#grow(chunk.length);
    chunk.copy(this.#buf, this.#len);
    this.#len += chunk.length;
    const buf = this.#buf;
    let pos = this.#pos;
    let out = this.#out;
    while (this.#len - pos >= 5) {
      const code = buf[pos]!;
      const length = buf.readUInt32BE(pos + 1);
      if (length < 4) return this.#handBack(pos, out); // not the protocol: pg's parser reports it
      const end = pos + 1 + length;
      if (end > this.#len) break; // the rest of this message is still on its way
      if (code === COPY_DATA) {
        buf.copyWithin(out, pos + 5, end);
        out += end - pos - 5;
      } else if (code === COPY_DONE) {
        return this.#handBack(end, out);
      } else if (code !== COPY_OUT_RESPONSE && !PASSED_OVER.has(code)) {
        return this.#handBack(pos, out); // an ErrorResponse, or not a copy after all: pg reports it
      }
      pos = end;
    }
    this.#pos = pos;
    this.#out = out;
  }

  /** Makes room for `more` bytes, first by dropping the consumed headers, then by doubling. */
  #grow(more: number): void {
    this.#buf.copyWithin(this.#out, this.#pos, this.#len);
    this.#len -= this.#pos - this.#out;
    this.#pos = this.#out;
    if (this.#len + more <= this.#buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + more));
    this.#buf.copy(bigger, 0, 0, this.#len);
    this.#buf = bigger;
  }

  /** Gives pg back the socket, and the bytes from `from` on (CommandComplete, or an error). */
  #handBack(from: number, out: number): void {
    const connection = this.#connection!;
    this.#out = out;
    this.#pos = this.#len;
    connection.stream.removeListener('data', this.#onData);
    connection.stream.on('data', this.#pgListener!);
    if (from < this.#len) this.#pgListener!(Buffer.from(this.#buf.subarray(from, this.#len)));
  }

  // pg calls these as the messages after the copy arrive.
  handleCommandComplete(msg: { text?: string }): void {
    this.#rowCount = Number(/^COPY (\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.#resolve({ data: this.#buf.subarray(0, this.#out), buffer: this.#buf, rowCount: this.#rowCount });
  }

  handleError(err: unknown): void {
    // The socket may have closed mid-copy: make sure pg hears what follows.
    const stream = this.#connection?.stream;
    if (stream && stream.listeners('data').includes(this.#onData)) {
      stream.removeListener('data', this.#onData);
      stream.on('data', this.#pgListener!);
    }
    this.#reject(err);
  }

  // Messages that cannot come in reply to COPY TO; pg may still call these on a confused server.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CopyOutQuery } from './pg-copy-out.ts';

// The protocol framing alone, byte by byte; raw-select.test.ts runs the same code against PostgreSQL.
const message = (code: string, body: Buffer | string) => {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Buffer.alloc(5);
  head.write(code, 0, 'latin1');
  head.writeUInt32BE(b.length + 4, 1);
  return Buffer.concat([head, b]);
};

/** A pg connection whose socket is an EventEmitter: pg's parser is the one 'data' listener, recording what it is given. */
function fakeConnection() {
  const stream = new EventEmitter();
  const seenByPg: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => seenByPg.push(Buffer.from(chunk)));
  const sent: string[] = [];
  return {
    connection: { stream: stream as unknown as Socket, query: (text: string) => sent.push(text) },
    stream,
    seenByPg,
    sent,
  };
}

const rows = ['first row', 'a longer second row ✓', '', 'x'.repeat(300)].map((r) => Buffer.from(r));
const output = Buffer.concat(rows);
const after = Buffer.concat([message('C', 'COPY 4\0'), message('Z', 'I')]);
const reply = Buffer.concat([
  message('H', Buffer.from([1, 0, 1, 0, 1])),
  message('d', rows[0]!),
  message('N', 'a notice\0'),
  message('d', rows[1]!),
  message('S', 'application_name\0x\0'),
  message('d', rows[2]!),
  message('d', rows[3]!),
  message('c', ''),
  after,
]);

describe('CopyOutQuery', () => {
  it('joins the CopyData bodies however the socket splits them, and hands pg the rest', async () => {
    for (const size of [1, 2, 3, 5, 7, 64, 333, reply.length]) {
      const { connection, stream, seenByPg, sent } = fakeConnection();
      const copy = new CopyOutQuery('COPY (select 1) TO STDOUT (FORMAT binary)', Buffer.allocUnsafe(16)); // too small: it must grow
      copy.submit(connection);
      expect(sent).toEqual(['COPY (select 1) TO STDOUT (FORMAT binary)']);
      for (let i = 0; i < reply.length; i += size) stream.emit('data', reply.subarray(i, i + size));
      expect(Buffer.concat(seenByPg), `chunks of ${size}`).toEqual(after);
      expect(stream.listenerCount('data')).toBe(1);
      copy.handleCommandComplete({ text: 'COPY 4' });
      copy.handleReadyForQuery();
      const result = await copy.result;
      expect(result.data.equals(output), `chunks of ${size}`).toBe(true);
      expect(result.rowCount).toBe(4);
    }
  });

  it('hands pg an error from its first byte, and fails with what pg makes of it', async () => {
    const error = message('E', 'SERROR\0Mdivision by zero\0\0');
    const failing = Buffer.concat([
      message('H', Buffer.from([1, 0, 0])),
      message('d', rows[0]!),
      error,
      message('Z', 'E'),
    ]);
    for (const size of [1, 4, 9, failing.length]) {
      const { connection, stream, seenByPg } = fakeConnection();
      const copy = new CopyOutQuery('COPY (select 1) TO STDOUT (FORMAT binary)', Buffer.allocUnsafe(1024));
      copy.submit(connection);
      for (let i = 0; i < failing.length; i += size) stream.emit('data', failing.subarray(i, i + size));
      expect(Buffer.concat(seenByPg), `chunks of ${size}`).toEqual(failing.subarray(failing.indexOf(error)));
      copy.handleError(new Error('division by zero'));
      await expect(copy.result).rejects.toThrow('division by zero');
    }
  });

  it('hands pg a message whose length cannot be right, rather than read past it', () => {
    const broken = Buffer.from([0x64, 0, 0, 0, 2, 0x41, 0x42]);
    const { connection, stream, seenByPg } = fakeConnection();
    new CopyOutQuery('COPY (select 1) TO STDOUT (FORMAT binary)', Buffer.allocUnsafe(64)).submit(connection);
    stream.emit('data', Buffer.concat([message('d', rows[0]!), broken]));
    expect(Buffer.concat(seenByPg)).toEqual(broken);
  });

  it('gives the socket back to pg when the connection fails mid-copy', async () => {
    const { connection, stream, seenByPg } = fakeConnection();
    const copy = new CopyOutQuery('COPY (select 1) TO STDOUT (FORMAT binary)', Buffer.allocUnsafe(1024));
    copy.submit(connection);
    stream.emit('data', reply.subarray(0, 20));
    copy.handleError(new Error('Connection terminated unexpectedly'));
    await expect(copy.result).rejects.toThrow('terminated');
    stream.emit('data', Buffer.from('later'));
    expect(Buffer.concat(seenByPg).toString()).toBe('later');
  });

  it('refuses a connection whose socket it does not understand', () => {
    const { connection, stream } = fakeConnection();
    stream.on('data', () => {});
    expect(() =>
      new CopyOutQuery('COPY (select 1) TO STDOUT (FORMAT binary)', Buffer.allocUnsafe(16)).submit(connection),
    ).toThrow(/data listeners/);
  });
});

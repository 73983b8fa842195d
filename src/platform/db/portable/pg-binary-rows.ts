import type { RawRows } from './raw-rows.ts';

// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary
// Format"): an 11-byte signature, a 32-bit flags field, a header extension of the length given
// after it; then per row a 16-bit field count and each field as a 32-bit length (−1 for NULL) and
// that many bytes; then a field count of −1. Integers are big-endian.
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const OIDS_INCLUDED = 1 << 16;

/** Thrown for bytes that are not binary COPY output as described above. */
export class BinaryCopyFormatError extends Error {}

/**
 * The rows of one binary COPY output, read in place: a field is an offset range into the data, so
 * a pass over them builds no object per row or field.
 */
export class BinaryCopyRows implements RawRows {
  readonly #data: Buffer;
  #release: (() => void) | undefined;
  #pos: number;
  #starts = new Int32Array(8);
  #ends = new Int32Array(8);
  #fields = 0;

  /** `release`: called once the last row has been passed, when the data is no longer read. */
  constructor(data: Buffer, release?: () => void) {
    if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE))
      throw new BinaryCopyFormatError('not binary COPY output: the signature is missing');
    const flags = data.readUInt32BE(SIGNATURE.length);
    if (flags & OIDS_INCLUDED) throw new BinaryCopyFormatError('binary COPY output with OIDs is not supported');
    this.#data = data;
    this.#release = release;
    this.#pos = SIGNATURE.length + 8 + data.readUInt32BE(SIGNATURE.length + 4);
  }

  next(): boolean {
    if (this.#pos < 0) return false;
    const data = this.#data;
    let pos = this.#pos;
    if (pos + 2 > data.length) throw new BinaryCopyFormatError('binary COPY output ends without its trailer');
    const count = data.readInt16BE(pos);
    pos += 2;
    if (count === -1) {
      this.#pos = -1; // next() keeps answering false, without reading data that is no longer ours
      this.#fields = 0;
      this.#release?.();
      this.#release = undefined;
      return false;
    }
    if (count < 0) throw new BinaryCopyFormatError(`binary COPY row with ${count} fields`);
    if (count > this.#starts.length) {
      this.#starts = new Int32Array(count);
      this.#ends = new Int32Array(count);
    }
    for (let i = 0; i < count; i++) {
      if (pos + 4 > data.length) throw new BinaryCopyFormatError('binary COPY row cut short');
      const length = data.readInt32BE(pos);
      pos += 4;
      if (length === -1) {
        this.#starts[i] = -1;
        this.#ends[i] = -1;
        continue;
      }
      if (length < 0 || pos + length > data.length) throw new BinaryCopyFormatError('binary COPY field cut short');
      this.#starts[i] = pos;
      this.#ends[i] = pos += length;
    }
    this.#fields = count;
    this.#pos = pos;
    return true;
  }

  integer(column: number): number | null {
    const start = this.#start(column);
    if (start < 0) return null;
    switch (this.#ends[column]! - start) {
      case 8: {
        // As two 32-bit halves: readBigInt64BE would make a BigInt for every value read. The sum
        // is exact while it is a safe integer, and rounds to an unsafe one when it is not.
        const n = this.#data.readInt32BE(start) * 4_294_967_296 + this.#data.readUInt32BE(start + 4);
        if (!Number.isSafeInteger(n)) throw new RangeError(`column ${column} holds an integer beyond a safe one`);
        return n;
      }
      case 4:
        return this.#data.readInt32BE(start);
      case 2:
        return this.#data.readInt16BE(start);
      default:
        throw new TypeError(`column ${column} is not an integer column`);
    }
  }

  text(column: number): string | null {
    const start = this.#start(column);
    return start < 0 ? null : this.#data.toString('utf8', start, this.#ends[column]);
  }

  maxUtf8Length(column: number): number {
    const start = this.#start(column);
    return start < 0 ? -1 : this.#ends[column]! - start;
  }

  utf8Into(column: number, target: Buffer, offset: number): number {
    const start = this.#start(column);
    if (start < 0) return -1;
    return this.#data.copy(target, offset, start, this.#ends[column]);
  }

  #start(column: number): number {
    if (!(column >= 0 && column < this.#fields)) throw new RangeError(`no column ${column} in the current row`);
    return this.#starts[column]!;
  }
}

/**
 * A select's result read one row at a time in place, for a pass over very many rows (the audit
 * log's verification): no object is built per row or field, and text can be had as UTF-8 bytes
 * without becoming a string. Columns are numbered in the select's order.
 */
export interface RawRows {
  /** Moves to the next row (the first, on the first call); false once there is none. */
  next(): boolean;
  /** An integer column of the current row, or null for NULL. */
  integer(column: number): number | null;
  /** A text column of the current row as a string, or null for NULL. */
  text(column: number): string | null;
  /** At least the number of bytes utf8Into writes for this column (−1 for NULL). */
  maxUtf8Length(column: number): number;
  /** Writes a text column's UTF-8 bytes at `offset` (room for maxUtf8Length needed); the count written, −1 for NULL. */
  utf8Into(column: number, target: Buffer, offset: number): number;
}

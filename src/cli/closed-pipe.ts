/**
 * A writer for stdout or stderr that treats a closed pipe (EPIPE: `custodian deadlines list | head`) as
 * the reader having seen enough: further output is dropped, with no stack trace, and the command runs to
 * its end and exits with its usual status, so nothing it writes to the database is left half-done.
 * Any other write error still ends the process as before.
 */
export function closedPipeQuiet(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

import { createCliContext } from './context.ts';
import { runCli } from './program.ts';

const code = await runCli(process.argv.slice(2), createCliContext(), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
process.exitCode = code;

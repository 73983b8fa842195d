import { closedPipeQuiet } from './closed-pipe.ts';
import { createCliContext } from './context.ts';
import { runCli } from './program.ts';

const code = await runCli(process.argv.slice(2), createCliContext(), {
  out: closedPipeQuiet(process.stdout),
  err: closedPipeQuiet(process.stderr),
});
process.exitCode = code;

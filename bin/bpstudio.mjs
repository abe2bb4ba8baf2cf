#!/usr/bin/env node
// The `bpstudio` command line. Runs the TypeScript sources through tsx, so the
// command line uses exactly the code the tests use, with no build step.
import { register } from 'tsx/esm/api';

// `bpstudio run big.bpgraph --json | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('../core/cli/main.ts');
// exitCode rather than exit(): lets stdout drain when it is a pipe.
process.exitCode = await main(process.argv.slice(2));

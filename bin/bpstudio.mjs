#!/usr/bin/env node
// The `bpstudio` command line. Runs the build of core/ (dist/cli, made by `npm run build:cli`,
// which `npm install` and `npm ci` run through `prepare`) when no source is newer than it: it
// starts in a fraction of the time. Otherwise, in a checkout being edited, it runs the
// TypeScript sources through tsx (a devDependency), so the command line is never stale.
// BPSTUDIO_FROM_SOURCE=1 runs the sources even when the build is fresh.
import { freshBuild, loadBundle } from './cli-bundle.mjs';

// `bpstudio run big.bpgraph --json | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const args = process.argv.slice(2);
// As main() reads it: a --debug before any `--`.
const end = args.indexOf('--');
const debug = (end < 0 ? args : args.slice(0, end)).includes('--debug');
const build = process.env.BPSTUDIO_FROM_SOURCE ? undefined : freshBuild();
const { main } = build ? loadBundle(build, { debug }) : await fromSources();
// exitCode rather than exit(): lets stdout drain when it is a pipe.
process.exitCode = await main(args);

async function fromSources() {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('bpstudio: internal error: the command line is not built and tsx is not installed to run its sources (run npm run build:cli)\n');
    process.exit(2);
  }
  register();
  // The sources import the WebAssembly kernels' generated modules; assemble any that are stale.
  const { buildWasmKernels } = await import('./wasm-kernels.mjs');
  await buildWasmKernels({ log: () => {} });
  return import('../core/cli/main.ts');
}

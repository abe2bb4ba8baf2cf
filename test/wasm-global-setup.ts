/**
 * vitest globalSetup: assembles the CPU backend's WebAssembly kernels when a .wat is newer than
 * its generated module (or the module is missing), so tests always run the kernels as written.
 */
import { buildWasmKernels } from '../bin/wasm-kernels.mjs';

export default async function setup(): Promise<void> {
  await buildWasmKernels();
}

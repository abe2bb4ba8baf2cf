#!/usr/bin/env node
// `npm run build:wasm`: assembles the CPU backend's WebAssembly kernels (see bin/wasm-kernels.mjs)
// when their sources are newer than the generated modules; --force rebuilds them all.
import { buildWasmKernels } from './wasm-kernels.mjs';

await buildWasmKernels({ force: process.argv.includes('--force') });

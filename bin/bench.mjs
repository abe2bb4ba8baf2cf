#!/usr/bin/env node
// Runs the TypeScript benchmarks (bench/main.ts) through tsx, so that they use
// the same sources as the tests without a build step.
import { register } from 'tsx/esm/api';
import { buildWasmKernels } from './wasm-kernels.mjs';

// The benchmarks time the WebAssembly kernels as their .wat sources stand.
await buildWasmKernels();
register();
await import('../bench/main.ts');

/**
 * tfjs-backend-wasm as a benchmark peer in Node: its .wasm files are read from the package's
 * dist/ folder. In Node it runs single-threaded (tfjs 4.22 turns threads off there), with SIMD.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The folder of tfjs-backend-wasm's .wasm binaries (its package's dist/). */
export function tfjsWasmDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
}

/** Registers and initialises the 'wasm' backend (it stays registered; switch with tf.setBackend). */
export async function initTfjsWasm(): Promise<void> {
  setWasmPaths(`${tfjsWasmDir()}${path.sep}`);
  await tf.setBackend('wasm');
  await tf.ready();
}

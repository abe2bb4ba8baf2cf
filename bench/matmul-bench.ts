/**
 * Square float32 matmul in GFLOP/s, ours against TensorFlow.js, in two pairs timed in
 * alternation: our TypeScript kernel (the CPU backend with kernels: 'js') against
 * tfjs-backend-cpu, and our WebAssembly SIMD kernel (the CPU backend's default) against
 * tfjs-backend-wasm (single-threaded, SIMD). Ours goes through the backend's kernel call,
 * allocation included; tfjs's through tf.matMul and dataSync. No Node imports: the Chromium
 * benchmark's worker times the same pairs (bench/chromium-cpu/worker.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { type CpuBackendOptions, type CpuKernelPath, createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Rng } from '../core/tensor/random.js';
import { measurePair, type MeasureOptions } from './measure.js';

/** One printed row of the matmul table. */
export interface MatmulRow {
  readonly size: number;
  readonly tsGflops: number;
  readonly tfjsCpuGflops: number;
  /** NaN where this engine has no WebAssembly SIMD (the backend then runs TypeScript). */
  readonly wasmGflops: number;
  readonly tfjsWasmGflops: number;
  readonly reps: number;
  /** Largest |ours - tfjs| over the result, each of our kernels against its peer. */
  readonly maxDiff: number;
}

function randomData(n: number, rng: Rng): Float32Array {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.uniform(-1, 1);
  return d;
}

/** One pair timed: GFLOP/s of ours and of tfjs, and which kernels ours ran. */
export interface MatmulPair {
  readonly gflops: readonly [number, number];
  readonly reps: number;
  readonly maxDiff: number;
  readonly kernels: CpuKernelPath;
}

/**
 * Times our CPU backend (`ours`, float32) against tfjs on `tfBackend`, which must be registered,
 * for C = A·B with A, B square of `size`, random in [-1, 1) from a seed of `size`.
 */
export async function matmulPair(size: number, ours: CpuBackendOptions, tfBackend: string): Promise<MatmulPair> {
  const rng = new Rng(size);
  const aData = randomData(size * size, rng);
  const bData = randomData(size * size, rng);
  // The slow sizes get fewer repetitions so that a full run stays short; the TypeScript kernels
  // (ours and tfjs-cpu's) fewer still.
  const big = size >= 1024;
  const opts: MeasureOptions = ours.kernels === 'js'
    ? { warmup: big ? 1 : 3, minReps: big ? 3 : 5, maxReps: 25, budgetMs: big ? 6000 : 2000 }
    : { warmup: 3, minReps: big ? 7 : 11, maxReps: 51, budgetMs: big ? 4000 : 2000 };
  await tf.setBackend(tfBackend);
  const backend = createCpuBackend({ ...ours, precision: 'float32' });
  const a = backend.upload([size, size], aData);
  const b = backend.upload([size, size], bData);
  const oursRun = () => backend.release(backend.run({ kind: 'matmul', a, b, transA: false, transB: false }));

  const ta = tf.tensor2d(aData, [size, size]);
  const tb = tf.tensor2d(bData, [size, size]);
  const peer = () => {
    const c = tf.matMul(ta, tb);
    c.dataSync();
    c.dispose();
  };
  const t = measurePair(oursRun, peer, opts);

  const c = backend.run({ kind: 'matmul', a, b, transA: false, transB: false });
  const oursC = backend.readSync(c);
  const pc = tf.matMul(ta, tb);
  const peerC = pc.dataSync();
  pc.dispose();
  let maxDiff = 0;
  for (let i = 0; i < oursC.length; i++) maxDiff = Math.max(maxDiff, Math.abs(oursC[i] - peerC[i]));
  backend.release(c);
  tf.dispose([ta, tb]);
  backend.dispose();
  const gflop = (2 * size * size * size) / 1e9;
  return { gflops: [gflop / (t.oursMs / 1e3), gflop / (t.peerMs / 1e3)], reps: t.reps, maxDiff, kernels: backend.kernels };
}

/**
 * Benchmarks C = A·B for square A, B of `size`. Needs tfjs's 'cpu' and 'wasm' backends
 * registered (see ./tfjs-wasm.ts); leaves tfjs on 'cpu'.
 */
export async function benchMatmul(size: number): Promise<MatmulRow> {
  const js = await matmulPair(size, { kernels: 'js' }, 'cpu');
  const wasm = await matmulPair(size, { kernels: 'auto' }, 'wasm');
  await tf.setBackend('cpu');
  return {
    size,
    tsGflops: js.gflops[0],
    tfjsCpuGflops: js.gflops[1],
    wasmGflops: wasm.kernels === 'wasm-simd' ? wasm.gflops[0] : Number.NaN,
    tfjsWasmGflops: wasm.gflops[1],
    reps: Math.min(js.reps, wasm.reps),
    maxDiff: Math.max(js.maxDiff, wasm.maxDiff),
  };
}

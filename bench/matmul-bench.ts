/**
 * Float32 matmul in GFLOP/s, ours against TensorFlow.js, in two pairs timed in
 * alternation: our TypeScript kernel (the CPU backend with kernels: 'js') against
 * tfjs-backend-cpu, and the CPU backend's default kernels (WebAssembly SIMD where the
 * engine has it) against tfjs-backend-wasm (single-threaded, SIMD). Ours goes through the
 * backend's kernel call, allocation included; tfjs's through tf.matMul and dataSync.
 * Square products, and the transposed products of a backward pass (an operand read
 * transposed, as the gradient of a dense layer reads it), both sides told of the
 * transpose (transA/transB, tf.matMul's transposeA/transposeB) rather than given a copy. No
 * Node imports: the Chromium benchmark's worker times the same pairs (bench/chromium-cpu/worker.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { type CpuBackendOptions, createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Rng } from '../core/tensor/random.js';
import { measurePair, type MeasureOptions } from './measure.js';

/** One product to time: C = op(A)·op(B) with A and B stored as `a` and `b`, op transposing where asked. */
export interface MatmulCase {
  /** How the tables name it, e.g. `256×256` or `dW = xᵀ·dy`. */
  readonly label: string;
  readonly a: readonly [number, number];
  readonly b: readonly [number, number];
  readonly transA: boolean;
  readonly transB: boolean;
}

/** C = A·B with A and B square of `size`. */
export function squareCase(size: number): MatmulCase {
  return { label: `${size}×${size}`, a: [size, size], b: [size, size], transA: false, transB: false };
}

/**
 * The two transposed products of the backward pass of the MLP's first layer, x [128, 784] times
 * W [784, 256] giving dy [128, 256]: the weight gradient xᵀ·dy and the input gradient dy·Wᵀ.
 */
export const BACKWARD_CASES: readonly MatmulCase[] = [
  { label: 'dW = xᵀ·dy', a: [128, 784], b: [128, 256], transA: true, transB: false },
  { label: 'dx = dy·Wᵀ', a: [128, 256], b: [784, 256], transA: false, transB: true },
];

/** One printed row of the matmul table. */
export interface MatmulRow {
  readonly label: string;
  /** The product's sizes: op(A) is [m, k], op(B) [k, n]. */
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly tsGflops: number;
  readonly tfjsCpuGflops: number;
  /** NaN where this engine has no WebAssembly SIMD (the backend then runs TypeScript). */
  readonly wasmGflops: number;
  readonly tfjsWasmGflops: number;
  /** Our WebAssembly kernel on `threads` threads (timed against tfjs-wasm, single-threaded, again); absent on one processor. */
  readonly threaded?: { readonly threads: number; readonly gflops: number; readonly tfjsWasmGflops: number };
  readonly reps: number;
  /** Largest |ours - tfjs| over the result, each of our kernels against its peer. */
  readonly maxDiff: number;
}

function randomData(n: number, rng: Rng): Float32Array {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.uniform(-1, 1);
  return d;
}

interface Pair {
  readonly ms: readonly [number, number];
  readonly reps: number;
  readonly maxDiff: number;
}

/** Times our CPU backend (made with `ours`, float32) against tfjs on `tfBackend` for `c`. */
async function pair(c: MatmulCase, aData: Float32Array, bData: Float32Array, ours: CpuBackendOptions, tfBackend: string, opts: MeasureOptions): Promise<Pair> {
  await tf.setBackend(tfBackend);
  const backend = createCpuBackend({ ...ours, precision: 'float32' });
  const a = backend.upload([...c.a], aData);
  const b = backend.upload([...c.b], bData);
  const call = { kind: 'matmul', a, b, transA: c.transA, transB: c.transB } as const;
  const oursRun = () => backend.release(backend.run(call));

  const ta = tf.tensor2d(aData, [...c.a]);
  const tb = tf.tensor2d(bData, [...c.b]);
  const peer = () => {
    const pc = tf.matMul(ta, tb, c.transA, c.transB);
    pc.dataSync();
    pc.dispose();
  };
  const t = measurePair(oursRun, peer, opts);

  const oc = backend.run(call);
  const oursC = backend.readSync(oc);
  const pc = tf.matMul(ta, tb, c.transA, c.transB);
  const peerC = pc.dataSync();
  pc.dispose();
  if (oursC.length !== peerC.length) throw new Error(`${c.label}: ours has ${oursC.length} values, tfjs ${peerC.length}`);
  let maxDiff = 0;
  for (let i = 0; i < oursC.length; i++) maxDiff = Math.max(maxDiff, Math.abs(oursC[i] - peerC[i]));
  backend.release(oc);
  tf.dispose([ta, tb]);
  backend.dispose();
  return { ms: [t.oursMs, t.peerMs], reps: t.reps, maxDiff };
}

/** The options each pair is timed with (the TypeScript kernels get fewer repetitions: they are slow). */
function measureOptions(c: MatmulCase, slowKernels: boolean): MeasureOptions {
  const [m, k] = c.transA ? [c.a[1], c.a[0]] : c.a;
  const n = c.transB ? c.b[0] : c.b[1];
  // The slow products (1024 cubed) get fewer repetitions so that a full run stays short.
  const big = m * k * n >= 1 << 30;
  return slowKernels ? { warmup: big ? 1 : 3, minReps: big ? 3 : 5, maxReps: 25, budgetMs: big ? 6000 : 2000 } : { warmup: 3, minReps: big ? 7 : 11, maxReps: 51, budgetMs: big ? 4000 : 2000 };
}

/** One pair timed: GFLOP/s of ours and of tfjs, and the largest difference of their products. */
export interface MatmulPair {
  readonly gflops: readonly [number, number];
  readonly reps: number;
  readonly maxDiff: number;
}

/**
 * Our CPU backend made with `ours` against tfjs on `tfBackend` (registered, and current
 * afterwards) for a square product of `size`: what the Chromium benchmark's worker times
 * (bench/chromium-cpu/worker.ts), pairing by pairing.
 */
export async function matmulPair(size: number, ours: CpuBackendOptions, tfBackend: string): Promise<MatmulPair> {
  const c = squareCase(size);
  const rng = new Rng(size * 11);
  const aData = randomData(size * size, rng);
  const bData = randomData(size * size, rng);
  const p = await pair(c, aData, bData, ours, tfBackend, measureOptions(c, ours.kernels === 'js'));
  const gflop = (2 * size ** 3) / 1e9;
  return { gflops: [gflop / (p.ms[0] / 1e3), gflop / (p.ms[1] / 1e3)], reps: p.reps, maxDiff: p.maxDiff };
}

/**
 * Benchmarks the product `c`. Needs tfjs's 'cpu' and 'wasm' backends registered (see
 * ./tfjs-wasm.ts); leaves tfjs on 'cpu'.
 */
export async function benchMatmul(c: MatmulCase, workers = 0): Promise<MatmulRow> {
  const [m, k] = c.transA ? [c.a[1], c.a[0]] : c.a;
  const n = c.transB ? c.b[0] : c.b[1];
  if ((c.transB ? c.b[1] : c.b[0]) !== k) throw new Error(`${c.label}: inner sizes differ`);
  const rng = new Rng(m * 7 + k * 3 + n);
  const aData = randomData(c.a[0] * c.a[1], rng);
  const bData = randomData(c.b[0] * c.b[1], rng);
  const slow = measureOptions(c, true);
  const fast = measureOptions(c, false);
  const js = await pair(c, aData, bData, { kernels: 'js' }, 'cpu', slow);
  const hasWasm = createCpuBackend({ precision: 'float32' }).kernels === 'wasm-simd';
  // Single-threaded, as tfjs-wasm is in Node; then (on a machine with processors to spare) on threads.
  const wasm = await pair(c, aData, bData, { threads: 0 }, 'wasm', fast);
  const threads = workers > 0 ? await pair(c, aData, bData, { threads: workers }, 'wasm', fast) : undefined;
  await tf.setBackend('cpu');
  const gflop = (2 * m * k * n) / 1e9;
  const gflops = (ms: number) => gflop / (ms / 1e3);
  return {
    label: c.label,
    m,
    k,
    n,
    transA: c.transA,
    transB: c.transB,
    tsGflops: gflops(js.ms[0]),
    tfjsCpuGflops: gflops(js.ms[1]),
    wasmGflops: hasWasm ? gflops(wasm.ms[0]) : Number.NaN,
    tfjsWasmGflops: gflops(wasm.ms[1]),
    ...(threads && hasWasm && { threaded: { threads: workers + 1, gflops: gflops(threads.ms[0]), tfjsWasmGflops: gflops(threads.ms[1]) } }),
    reps: Math.min(js.reps, wasm.reps),
    maxDiff: Math.max(js.maxDiff, wasm.maxDiff, threads?.maxDiff ?? 0),
  };
}

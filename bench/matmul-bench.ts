/**
 * Square float32 matmul, ours (the CPU backend's kernel call, allocation
 * included) against tfjs-backend-cpu's `tf.matMul`, in GFLOP/s.
 */
import * as tf from '@tensorflow/tfjs';
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Rng } from '../core/tensor/random.js';
import { measurePair } from './measure.js';

/** One printed row of the matmul table. */
export interface MatmulRow {
  readonly size: number;
  readonly oursGflops: number;
  readonly peerGflops: number;
  readonly reps: number;
  /** Largest |ours - tfjs| over the result, as a check that both computed the same product. */
  readonly maxDiff: number;
}

function randomData(n: number, rng: Rng): Float32Array {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.uniform(-1, 1);
  return d;
}

/** Benchmarks C = A·B for square A, B of `size` (tfjs must already be on its 'cpu' backend). */
export function benchMatmul(size: number): MatmulRow {
  const rng = new Rng(size);
  const aData = randomData(size * size, rng);
  const bData = randomData(size * size, rng);

  const backend = createCpuBackend({ precision: 'float32' });
  const a = backend.upload([size, size], aData);
  const b = backend.upload([size, size], bData);
  const ours = () => backend.release(backend.run({ kind: 'matmul', a, b, transA: false, transB: false }));

  const ta = tf.tensor2d(aData, [size, size]);
  const tb = tf.tensor2d(bData, [size, size]);
  const peer = () => {
    const c = tf.matMul(ta, tb);
    c.dataSync();
    c.dispose();
  };

  // The slow sizes get fewer repetitions so that a full run stays short.
  const big = size >= 1024;
  const t = measurePair(ours, peer, { warmup: big ? 1 : 3, minReps: big ? 3 : 5, maxReps: 25, budgetMs: big ? 6000 : 2000 });

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
  return { size, oursGflops: gflop / (t.oursMs / 1e3), peerGflops: gflop / (t.peerMs / 1e3), reps: t.reps, maxDiff };
}

/**
 * The WebAssembly matmul and convolutions split across worker threads
 * (core/backend/cpu/wasm/threads.ts): with 1, 2 and 4 workers a product has the single-threaded
 * product's bits, for each transpose and for row counts that do not divide evenly, and so do
 * the convolution and its two gradients on an uneven number of images; a training run gives the same losses and weights
 * bit for bit; and a backend asked for no threads has no pool.
 */
import { describe, expect, it } from 'vitest';
import type { SyncBackend } from '../../core/backend/backend.js';
import { createCpuBackend, type CpuPath } from '../../core/backend/cpu/cpu-backend.js';
import { Session } from '../../core/engine/executor.js';
import { Optimizer } from '../../core/train/optimizer.js';
import { wasmTensorHeap } from '../../core/backend/cpu/wasm/matmul.js';
import { Rng } from '../../core/tensor/random.js';
import { mlpDoc } from '../../bench/mlp-graph.js';

type Cpu = SyncBackend & CpuPath;

function random(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** A backend with `workers` threads, once they have all started. */
async function threaded(workers: number): Promise<Cpu> {
  const b = createCpuBackend({ precision: 'float32', threads: workers });
  if (!(await b.threadPool?.started())) throw new Error(`${workers} workers did not start: ${b.threadPool?.error ?? 'timed out'}`);
  expect(b.threads).toBe(workers + 1);
  return b;
}

function product(b: Cpu, aShape: number[], a: Float32Array, bShape: number[], bData: Float32Array, transA: boolean, transB: boolean): Float32Array {
  return Float32Array.from(b.readSync(b.run({ kind: 'matmul', a: b.upload(aShape, a), b: b.upload(bShape, bData), transA, transB })));
}

const SHAPES: [number, number, number][] = [
  // n x k x m: rows that split unevenly into bands of 4-row tiles, a k over two blocks, m over a panel's edge.
  [301, 257, 131],
  [130, 784, 256],
  [1001, 33, 40],
];

describe.skipIf(wasmTensorHeap() === null)('the threaded WebAssembly matmul', () => {
  it('has no pool when asked for no threads', () => {
    const b = createCpuBackend({ precision: 'float32', threads: 0 });
    expect(b.threadPool).toBeNull();
    expect(b.threads).toBe(1);
  });

  for (const workers of [1, 2, 4]) {
    it(`gives the single-threaded bits with ${workers} worker${workers > 1 ? 's' : ''}`, async () => {
      const one = createCpuBackend({ precision: 'float32', threads: 0 });
      const many = await threaded(workers);
      const jobs = many.threadPool!.jobs;
      let products = 0;
      for (const [n, k, m] of SHAPES) {
        for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          const aShape = transA ? [k, n] : [n, k];
          const bShape = transB ? [m, k] : [k, m];
          const a = random(n * k, n + k);
          const bData = random(k * m, k + m);
          const want = product(one, aShape, a, bShape, bData, transA, transB);
          const got = product(many, aShape, a, bShape, bData, transA, transB);
          expect(got.every((v, i) => Object.is(v, want[i])), `${n}x${k}x${m} transA=${transA} transB=${transB}`).toBe(true);
          products++;
        }
      }
      // Every product was big enough to split: the pool ran each one.
      expect(many.threadPool!.jobs - jobs).toBe(products);
    }, 60_000);
  }

  for (const workers of [1, 2, 4]) {
    it(`shares convolutions among ${workers + 1} threads with the single-threaded bits`, async () => {
      const one = createCpuBackend({ precision: 'float32', threads: 0 });
      const many = await threaded(workers);
      // 13 images (uneven shares), 3 channels in, 8 out: each kernel well past the threshold.
      const xs = [13, 3, 28, 28];
      const ws = [8, 3, 5, 5];
      const window = { kernel: [5, 5] as const, stride: [1, 1] as const, padding: [2, 2] as const };
      const x = random(13 * 3 * 28 * 28, 1);
      const w = random(8 * 3 * 25, 2);
      const dy = random(13 * 8 * 28 * 28, 3);
      const calls = (b: Cpu) => [
        b.run({ kind: 'conv2d', x: b.upload(xs, x), w: b.upload(ws, w), window }),
        b.run({ kind: 'conv2d_grad_x', dy: b.upload([13, 8, 28, 28], dy), w: b.upload(ws, w), xShape: xs, window }),
        b.run({ kind: 'conv2d_grad_w', dy: b.upload([13, 8, 28, 28], dy), x: b.upload(xs, x), wShape: ws, window }),
      ].map((t) => Float32Array.from(b.readSync(t)));
      const jobs = many.threadPool!.jobs;
      const want = calls(one);
      const got = calls(many);
      expect(many.threadPool!.jobs - jobs).toBe(3);
      for (let i = 0; i < 3; i++) expect(got[i].every((v, j) => Object.is(v, want[i][j])), ['conv2d', 'grad x', 'grad w'][i]).toBe(true);
    }, 60_000);
  }

  it('trains to the same bits with threads as without, replayed steps too', async () => {
    // A batch of 128 through 784 -> 256 -> 10: the first layer's products are split.
    const run = (backend: Cpu, reuse: boolean) => {
      const session = new Session(mlpDoc(128, 784, 256, 10), backend, { seed: 3 });
      const opt = new Optimizer(backend, { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0 });
      const rng = new Rng(9);
      const x = Float32Array.from({ length: 128 * 784 }, () => rng.next());
      const labels = Float32Array.from({ length: 128 }, () => rng.int(10));
      const losses: number[] = [];
      const jobs: number[] = [];
      // With reuse, steps 3 to 5 are replays (core/engine/replay.ts): their matmuls are prepared ones.
      for (let step = 0; step < 5; step++) {
        const r = session.run({ mode: 'train', feeds: { x: { shape: [128, 784], data: x }, labels: { shape: [128], data: labels } }, reuse });
        opt.step(session.paramIds.map((id) => ({ id, param: session.param(id), grad: r.grad(id)! })), 0.05);
        losses.push(backend.readSync(r.output)[0]);
        r.release();
        jobs.push(backend.threadPool?.jobs ?? 0);
      }
      return { losses, jobs, w1: Float32Array.from(backend.readSync(session.param('W1'))) };
    };
    const a = run(createCpuBackend({ precision: 'float32', threads: 0 }), false);
    for (const reuse of [false, true]) {
      const b = run(await threaded(2), reuse);
      // Every step, the last three too, shared work with the workers.
      for (let step = 1; step < 5; step++) expect(b.jobs[step]).toBeGreaterThan(b.jobs[step - 1]);
      expect(b.losses).toEqual(a.losses);
      expect(b.w1.every((v, i) => Object.is(v, a.w1[i]))).toBe(true);
    }
  }, 60_000);
});

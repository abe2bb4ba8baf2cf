/**
 * Memory over a long run: 1,000 SGD steps of a two-layer classifier through the engine (Session,
 * Optimizer, the CPU backend), with the process's typed-array storage (`arrayBuffers`), the
 * WebAssembly heap that float32 tensors live in, JS heap and resident size read after the
 * warm-up and at the end. Steps run with `reuse`, as the trainer's do: from the third on they
 * are replayed into the tensors of the recorded one (core/engine/replay.ts), so storage must not
 * grow after the warm-up.
 */
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Session } from '../core/engine/executor.js';
import { Optimizer } from '../core/train/optimizer.js';
import { wasmHeapBytes } from '../core/backend/cpu/wasm/heap.js';
import { mlpGraph, type StepShape } from './mlp-step.js';

export interface MemoryRow {
  readonly steps: number;
  /** Growth from the end of the warm-up to the last step, in MB. */
  readonly arrayBuffersMb: number;
  readonly heapMb: number;
  readonly rssMb: number;
  /** Typed-array storage at the end, in MB. */
  readonly arrayBuffersEndMb: number;
  /** Growth of the WebAssembly heap that float32 tensors live in (where it is shared), and its size at the end, in MB. */
  readonly wasmHeapMb: number;
  readonly wasmHeapEndMb: number;
}

const MB = 1024 * 1024;

/**
 * The process's memory once garbage is gone: collected (with --expose-gc, which `npm run bench`
 * passes) and the freed typed arrays' storage released, which V8 does after the collection, on a
 * background thread: what earlier benchmarks left would otherwise be counted as this one's.
 */
async function settledUsage(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

export async function benchMemory(n: StepShape, steps = 1000, warmup = 100): Promise<MemoryRow> {
  const backend = createCpuBackend({ precision: 'float32' });
  const session = new Session(mlpGraph(n), backend, { seed: 1 });
  const opt = new Optimizer(backend, { type: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0 });
  const x = new Float32Array(n.batch * n.inputs).map((_, i) => (i % 7) / 7);
  const labels = new Float32Array(n.batch).map((_, i) => i % n.classes);
  const step = () => {
    const r = session.run({ mode: 'train', feeds: { x: { shape: [n.batch, n.inputs], data: x }, labels: { shape: [n.batch], data: labels } }, only: [], grads: 'params', reuse: true });
    opt.step(
      session.paramIds.map((id) => {
        const grad = r.grad(id);
        if (!grad) throw new Error(`no gradient for "${id}"`);
        return { id, param: session.param(id), grad };
      }),
      0.05,
    );
    backend.readSync(r.output);
    r.release();
  };
  for (let i = 0; i < warmup; i++) step();
  const a = await settledUsage();
  const heapA = wasmHeapBytes();
  for (let i = warmup; i < steps; i++) step();
  const b = await settledUsage();
  const heapB = wasmHeapBytes();
  opt.dispose();
  session.dispose();
  return { steps, arrayBuffersMb: (b.arrayBuffers - a.arrayBuffers) / MB, heapMb: (b.heapUsed - a.heapUsed) / MB, rssMb: (b.rss - a.rss) / MB, arrayBuffersEndMb: b.arrayBuffers / MB, wasmHeapMb: (heapB - heapA) / MB, wasmHeapEndMb: heapB / MB };
}

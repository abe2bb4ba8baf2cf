/**
 * What a steady-state training step allocates in the JS heap, and what it costs, with the
 * session's replayed steps (core/engine/replay.ts) against the same engine running its ops one
 * by one (the backend's replay methods hidden): steps through Trainer.step, as the editor and
 * `bpstudio train` take them, on the spiral net and on a deeper MLP (three times the kernels).
 * The peer is the same backend seen without its replay methods (test/engine/backend-view.ts).
 * Bytes are the young generation's growth over one step (a step during which a collection ran
 * is left out), medians; a step that allocated per op would grow with the number of kernels. The
 * engine's part alone (the session's replayed run and the optimiser's update) is measured too.
 */
import v8 from 'node:v8';
import type { Backend, DeviceTensor, SyncBackend } from '../core/backend/backend.js';
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import type { GraphDoc } from '../core/graph/types.js';
import { gatherBatch } from '../core/train/batches.js';
import { Optimizer, type ParamGrad } from '../core/train/optimizer.js';
import { createTrainer, type Trainer } from '../core/train/trainer.js';
import { backendView } from '../test/engine/backend-view.js';
import { mlp } from '../test/train/graphs.js';
import { median } from './stats.js';

export interface AllocationRow {
  readonly workload: string;
  /** Kernel calls in one step (forward, backward and the updates). */
  readonly kernels: number;
  /** The engine's part of a replayed step alone (Session.run with reuse, Optimizer.step), without the trainer's bookkeeping. */
  readonly engineBytes: number;
  readonly replayedBytes: number;
  readonly opByOpBytes: number;
  readonly replayedMs: number;
  readonly opByOpMs: number;
}

const WORKLOADS: readonly { readonly name: string; readonly doc: GraphDoc }[] = [
  { name: 'spiral 2-100-3, 300 points', doc: mlp({ sizes: [2, 100, 3], training: { dataset: { name: 'spiral' }, epochs: 1_000_000, optimizer: { lr: 1 } } }) },
  {
    name: 'MLP 2-64-64-64-64-64-3, batch 64, dropout, adam',
    doc: mlp({ sizes: [2, 64, 64, 64, 64, 64, 3], dropout: 0.1, training: { dataset: { name: 'spiral' }, batchSize: 64, epochs: 1_000_000, optimizer: { type: 'adam', lr: 0.001 } } }),
  },
];

function youngBytes(): number {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space?.space_used_size ?? NaN;
}

/** Median young-generation growth over one step, less what reading the statistics allocates. */
async function bytesPerStep(step: () => unknown, steps: number): Promise<number> {
  const idle: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < steps; i++) {
    let a = youngBytes();
    let b = youngBytes();
    if (b >= a) idle.push(b - a);
    a = youngBytes();
    await step();
    b = youngBytes();
    if (b >= a) busy.push(b - a);
  }
  return Math.max(0, median(busy) - median(idle));
}

/**
 * The engine's part of a trainer's step, on the trainer's own session: a run with reuse and the
 * optimiser's update, synchronous (the trainer adds its promises, the loss read back and its
 * reports). The same batch each step, gathered once.
 */
function engineStep(t: Trainer, backend: SyncBackend): () => void {
  const s = t.session;
  const rows = Uint32Array.from({ length: t.batchSize }, (_, i) => i);
  const { feeds } = gatherBatch(t.bindings, t.train, rows);
  const opt = new Optimizer(backend, t.config.optimizer);
  let grads: ParamGrad[] | undefined;
  return () => {
    const r = s.run({ mode: 'train', feeds, only: [], grads: 'params', reuse: true });
    // The replay hands back the same gradient tensors each step: the list is made once, as the trainer does.
    grads ??= s.paramIds.map((id) => ({ id, param: s.param(id), grad: r.grad(id) as DeviceTensor }));
    opt.step(grads, 0.001);
    backend.readSync(r.output);
    r.release();
  };
}

async function msPerStep(t: Trainer, steps: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < steps; i++) await t.step();
  return (performance.now() - start) / steps;
}

/** Each workload with and without replays, in one process, alternating blocks of steps. */
export async function benchAllocation(): Promise<AllocationRow[]> {
  const rows: AllocationRow[] = [];
  for (const { name, doc } of WORKLOADS) {
    // Single-threaded, as the other step rows.
    const backends = { replayed: createCpuBackend({ threads: 0 }), opByOp: backendView(createCpuBackend({ threads: 0 }), { sync: true }) };
    const counted = countKernels(createCpuBackend({ threads: 0 }));
    const probe = createTrainer(doc, counted.backend);
    await probe.step();
    counted.reset();
    await probe.step();
    const kernels = counted.count();
    probe.dispose();
    const replayed = createTrainer(doc, backends.replayed);
    const plain = createTrainer(doc, backends.opByOp);
    // Warm-up: the replay is recorded at the second step; the optimising compiler settles in the hundreds.
    for (let i = 0; i < 500; i++) {
      await replayed.step();
      await plain.step();
    }
    const ms = { replayed: [] as number[], opByOp: [] as number[] };
    for (let r = 0; r < 7; r++) {
      ms.replayed.push(await msPerStep(replayed, 100));
      ms.opByOp.push(await msPerStep(plain, 100));
    }
    const engine = engineStep(replayed, backends.replayed);
    for (let i = 0; i < 500; i++) engine();
    rows.push({
      workload: name,
      kernels,
      engineBytes: await bytesPerStep(engine, 400),
      replayedBytes: await bytesPerStep(() => replayed.step(), 400),
      opByOpBytes: await bytesPerStep(() => plain.step(), 400),
      replayedMs: median(ms.replayed),
      opByOpMs: median(ms.opByOp),
    });
    replayed.dispose();
    plain.dispose();
  }
  return rows;
}

/** Counts the kernel calls a step makes, run op by op (a replay makes the same ones). */
function countKernels(b: SyncBackend): { backend: Backend; reset: () => void; count: () => number } {
  let n = 0;
  const inner = backendView(b, { sync: true });
  return {
    backend: { ...inner, run: (call) => (n++, inner.run(call)) },
    reset: () => void (n = 0),
    count: () => n,
  };
}

/**
 * The trainer's overhead: one step of the MLP 784-256-10 (batch 128, sgd) through
 * Trainer.run, as `bpstudio train` takes it, against the same step through the engine
 * alone (Session + Optimizer, as bench/mlp-step.ts times it) on the same batches.
 * Both sides run in this process, alternating, and print ms per step and their ratio.
 */
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { loadMnistRaw } from '../core/cli/digits-loader.js';
import { Session } from '../core/engine/executor.js';
import type { GraphDoc } from '../core/graph/types.js';
import { gatherBatch } from '../core/train/batches.js';
import { Optimizer } from '../core/train/optimizer.js';
import { createTrainer } from '../core/train/trainer.js';
import { median } from './stats.js';
import { mlpGraph } from './mlp-step.js';

const BATCH = 128;
const LR = 0.05;
const SGD = { type: 'sgd', lr: LR, momentum: 0, nesterov: false, weightDecay: 0 } as const;

/** The benchmark's MLP with its inputs bound to 28x28 digits and a training block: what `bpstudio train` would read. */
export function mlpTrainingGraph(epochs: number): GraphDoc {
  const doc = mlpGraph();
  const nodes = doc.nodes.map((n) => {
    if (n.id === 'x') return { ...n, attrs: { bind: 'features' } };
    if (n.id === 'labels') return { ...n, attrs: { bind: 'labels' } };
    return n;
  });
  const training = { dataset: { name: 'digits', size: 28, seed: 0 }, batchSize: BATCH, epochs, seed: 1, optimizer: SGD };
  return { ...doc, nodes, training };
}

export interface TrainStepRow {
  readonly trainerMs: number;
  readonly engineMs: number;
  readonly steps: number;
  /** One epoch-end measurement (Trainer.evaluate of the training split, as each epoch's record takes it). */
  readonly measureMs: number;
  readonly trainRows: number;
  readonly stepsPerEpoch: number;
}

/** `steps` steps of each side, alternating, after 10 untimed; medians of ms per step. */
export async function benchTrainStep(steps = 60): Promise<TrainStepRow> {
  const digitsRaw = await loadMnistRaw();
  // Single-threaded: the peer, tfjs-wasm in Node, has no threads.
  const backend = createCpuBackend({ threads: 0 });
  const doc = mlpTrainingGraph(1_000_000);
  const trainer = createTrainer(doc, backend, { digitsRaw });
  // The engine alone: the same graph, session seed and batches (the trainer's first, in order).
  const session = new Session(doc, backend, { seed: 1, feedShapes: { x: [BATCH, 784], labels: [BATCH] } });
  const opt = new Optimizer(backend, SGD);
  const batches = Array.from({ length: 8 }, (_, b) => gatherBatch(trainer.bindings, trainer.train, Array.from({ length: BATCH }, (_, i) => b * BATCH + i)).feeds);
  let k = 0;
  const engineSteps = (n: number) => {
    for (let s = 0; s < n; s++) {
      const r = session.run({ mode: 'train', feeds: batches[k++ % batches.length], only: [], grads: 'params', reuse: true });
      const grads = session.paramIds.map((id) => {
        const grad = r.grad(id);
        if (!grad) throw new Error(`no gradient for param "${id}"`);
        return { id, param: session.param(id), grad };
      });
      backend.readSync(r.output);
      opt.step(grads, LR);
      r.release();
    }
  };
  // Trainer.run drives; after each of its steps the engine takes one, so both alternate and load
  // falls on both alike. A trainer step is the time from the end of the engine's step to the
  // trainer's next report (medians leave out the steps that end an epoch and measure it).
  const t: number[] = [];
  const e: number[] = [];
  const warmup = 10;
  let mark = performance.now();
  await trainer.run({
    steps: warmup + steps,
    onProgress: (p) => {
      if (p.type !== 'step') return;
      const t0 = performance.now();
      engineSteps(1);
      const t1 = performance.now();
      if (p.report.step > warmup) {
        t.push(t0 - mark);
        e.push(t1 - t0);
      }
      mark = performance.now();
    },
  });
  const t0 = performance.now();
  await trainer.evaluate('train');
  const measureMs = performance.now() - t0;
  const trainRows = trainer.train.labels.length;
  trainer.dispose();
  opt.dispose();
  session.dispose();
  return { trainerMs: median(t), engineMs: median(e), steps, measureMs, trainRows, stepsPerEpoch: Math.ceil(trainRows / BATCH) };
}

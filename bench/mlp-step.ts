/**
 * One SGD training step of a two-layer classifier (relu hidden layer, softmax
 * cross-entropy averaged over the batch): the MLP 784-256-10 at batch 128, the
 * spiral net 2-100-3 on its 300 points, or other sizes and SGD settings (the
 * digits example's, as the peer of `bpstudio train`, ./cli-train.ts): ours
 * through the real engine (a GraphDoc built in code, run by a Session on the
 * CPU backend, the params updated by core/train's Optimizer) against tfjs on
 * its current backend, cpu or wasm (tf.variable weights, tf.variableGrads and
 * the optimizer's applyGradients; see ./engine-step.ts). Each step takes a
 * fresh host batch on both sides and reads the loss back, as a training loop
 * would. No Node imports: the Chromium benchmark's worker times the same steps
 * (bench/chromium-cpu/worker.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { CpuBackendOptions } from '../core/backend/cpu/cpu-backend.js';
import type { GraphDoc } from '../core/graph/types.js';
import { mlpDoc } from './mlp-graph.js';
import { Rng } from '../core/tensor/random.js';
import { engineStepper, type Sgd, type Stepper, tfjsOptimizer, tfjsSgdStep } from './engine-step.js';
import { measurePair } from './measure.js';

/** Plain SGD, the tables' MLP and spiral rows. */
const SGD: Sgd = { lr: 0.05, momentum: 0, weightDecay: 0 };

/** The network's sizes and batch. */
export interface StepShape {
  readonly batch: number;
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
}

/** The MLP of the table: 784-256-10 at batch 128. */
export const MLP: StepShape = { batch: 128, inputs: 784, hidden: 256, classes: 10 };
/** The spiral net: 2-100-3, full batch of 300 points. */
export const SPIRAL: StepShape = { batch: 300, inputs: 2, hidden: 100, classes: 3 };
/** The two step workloads with their printed names (Node's table and the Chromium benchmark's). */
export const STEP_WORKLOADS = [['MLP 784-256-10, batch 128', MLP], ['spiral 2-100-3, 300 points', SPIRAL]] as const;

/**
 * The printed MLP row: median ms per step, and each side's loss at the first
 * and last step. Both sides start from the same weights and see the same
 * batches, so their losses should agree to float32 rounding.
 */
export interface MlpRow {
  readonly oursMs: number;
  readonly peerMs: number;
  readonly reps: number;
  readonly oursLoss: readonly [number, number];
  readonly peerLoss: readonly [number, number];
}

/** The network as a document, exactly as a user would draw it in the editor. */
export function mlpGraph(n: StepShape = MLP): GraphDoc {
  return mlpDoc(n.batch, n.inputs, n.hidden, n.classes);
}

interface Batch {
  readonly x: Float32Array;
  readonly labels: Float32Array;
}

/** A few fixed batches (features in [0, 1), class indices) cycled through by both sides. */
function makeBatches(n: StepShape, count: number): Batch[] {
  const rng = new Rng(784);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(n.batch * n.inputs);
    for (let i = 0; i < x.length; i++) x[i] = rng.next();
    const labels = new Float32Array(n.batch);
    for (let i = 0; i < n.batch; i++) labels[i] = rng.int(n.classes);
    return { x, labels };
  });
}

/** Our side: the engine on the MLP document, the batches fed as `x` and `labels`. */
function oursStepper(n: StepShape, batches: readonly Batch[], sgd: Sgd, initial: Map<string, Float32Array>, ours: CpuBackendOptions): Stepper {
  const feeds = batches.map((b) => ({ x: { shape: [n.batch, n.inputs], data: b.x }, labels: { shape: [n.batch], data: b.labels } }));
  return engineStepper(mlpGraph(n), feeds, sgd, initial, ours);
}

/** The tfjs side, starting from the same weights as ours. */
function peerStepper(n: StepShape, batches: readonly Batch[], sgd: Sgd, initial: ReadonlyMap<string, Float32Array>): Stepper {
  const weight = (id: string, shape: number[]) => {
    const v = initial.get(id);
    if (!v) throw new Error(`no initial value for "${id}"`);
    return tf.variable(tf.tensor(v, shape));
  };
  const W1 = weight('W1', [n.inputs, n.hidden]);
  const b1 = weight('b1', [n.hidden]);
  const W2 = weight('W2', [n.hidden, n.classes]);
  const b2 = weight('b2', [n.classes]);
  const opt = tfjsOptimizer(sgd);
  const losses: number[] = [];
  let i = 0;
  const step = () => {
    const { x, labels } = batches[i++ % batches.length];
    // Made inside the loss function, the batch's tensors are tidied with the step's intermediates.
    losses.push(tfjsSgdStep(opt, sgd, [W1, b1, W2, b2], () => {
      const xs = tf.tensor2d(x, [n.batch, n.inputs]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), n.classes);
      const h = tf.relu(tf.add(tf.matMul(xs, W1), b1));
      const logits = tf.add(tf.matMul(h, W2), b2);
      return tf.losses.softmaxCrossEntropy(ys, logits);
    }));
  };
  return { step, losses };
}

/**
 * Benchmarks one training step on both sides: ours on a CPU backend made with `ours` (float32,
 * its default kernels unless told), tfjs on whichever backend it is set to.
 */
export function benchMlpStep(n: StepShape = MLP, sgd: Sgd = SGD, ours: CpuBackendOptions = {}): MlpRow {
  const batches = makeBatches(n, 4);
  const initial = new Map<string, Float32Array>();
  const oursSide = oursStepper(n, batches, sgd, initial, ours);
  const peer = peerStepper(n, batches, sgd, initial);
  const t = measurePair(oursSide.step, peer.step, { warmup: 5, minReps: 10, maxReps: 60, budgetMs: 4000 });
  const span = (l: number[]): [number, number] => [l[0], l[l.length - 1]];
  return { oursMs: t.oursMs, peerMs: t.peerMs, reps: t.reps, oursLoss: span(oursSide.losses), peerLoss: span(peer.losses) };
}

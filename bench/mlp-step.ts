/**
 * One SGD training step of an MLP 784-256-10 (relu hidden layer, softmax
 * cross-entropy averaged over the batch) at batch 128: ours through the real
 * engine (a GraphDoc built in code, run by a Session on the CPU backend, the
 * params updated by core/train's Optimizer) against tfjs on its current
 * backend, cpu or wasm (tf.variable weights, optimizer.minimize with sgd). Each step takes a fresh
 * host batch on both sides and reads the loss back, as a training loop would.
 */
import * as tf from '@tensorflow/tfjs';
import { createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Session } from '../core/engine/executor.js';
import type { GraphDoc } from '../core/graph/types.js';
import { mlpDoc } from './mlp-graph.js';
import { Rng } from '../core/tensor/random.js';
import { Optimizer } from '../core/train/optimizer.js';
import { measurePair } from './measure.js';

const BATCH = 128;
const IN = 784;
const HIDDEN = 256;
const CLASSES = 10;
const LR = 0.05;

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
export function mlpGraph(): GraphDoc {
  return mlpDoc(BATCH, IN, HIDDEN, CLASSES);
}

interface Batch {
  readonly x: Float32Array;
  readonly labels: Float32Array;
}

/** A few fixed batches (pixels in [0, 1), class indices) cycled through by both sides. */
function makeBatches(count: number): Batch[] {
  const rng = new Rng(784);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(BATCH * IN);
    for (let i = 0; i < x.length; i++) x[i] = rng.next();
    const labels = new Float32Array(BATCH);
    for (let i = 0; i < BATCH; i++) labels[i] = rng.int(CLASSES);
    return { x, labels };
  });
}

/** A side of the comparison: one training step, and the loss after each step so far. */
interface Stepper {
  readonly step: () => void;
  readonly losses: number[];
}

/** Our side; `initial` receives the engine's initialised params so that tfjs can start from the same point. */
function oursStepper(batches: readonly Batch[], initial: Map<string, Float32Array>): Stepper {
  const backend = createCpuBackend({ precision: 'float32' });
  const session = new Session(mlpGraph(), backend, { seed: 1 });
  const params = session.paramIds;
  for (const id of params) initial.set(id, Float32Array.from(backend.readSync(session.param(id))));
  const opt = new Optimizer(backend, { type: 'sgd', lr: LR, momentum: 0, nesterov: false, weightDecay: 0 });
  const losses: number[] = [];
  let i = 0;
  const step = () => {
    const { x, labels } = batches[i++ % batches.length];
    const r = session.run({ mode: 'train', feeds: { x: { shape: [BATCH, IN], data: x }, labels: { shape: [BATCH], data: labels } } });
    opt.step(params.map((id) => {
      const grad = r.grad(id);
      if (!grad) throw new Error(`engine gave no gradient for param "${id}"`);
      return { id, param: session.param(id), grad };
    }), LR);
    losses.push(backend.readSync(r.output)[0]);
    r.release();
  };
  return { step, losses };
}

/** The tfjs side, starting from the same weights as ours. */
function peerStepper(batches: readonly Batch[], initial: ReadonlyMap<string, Float32Array>): Stepper {
  const weight = (id: string, shape: number[]) => {
    const v = initial.get(id);
    if (!v) throw new Error(`no initial value for "${id}"`);
    return tf.variable(tf.tensor(v, shape));
  };
  const W1 = weight('W1', [IN, HIDDEN]);
  const b1 = weight('b1', [HIDDEN]);
  const W2 = weight('W2', [HIDDEN, CLASSES]);
  const b2 = weight('b2', [CLASSES]);
  const opt = tf.train.sgd(LR);
  const losses: number[] = [];
  let i = 0;
  const step = () => {
    const { x, labels } = batches[i++ % batches.length];
    const xs = tf.tensor2d(x, [BATCH, IN]);
    const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES));
    // minimize tidies its own intermediates and returns the loss.
    const loss = opt.minimize(() => {
      const h = tf.relu(tf.add(tf.matMul(xs, W1), b1));
      const logits = tf.add(tf.matMul(h, W2), b2);
      return tf.losses.softmaxCrossEntropy(ys, logits);
    }, true, [W1, b1, W2, b2]);
    tf.dispose([xs, ys]);
    if (!loss) throw new Error('tfjs minimize returned no loss');
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  };
  return { step, losses };
}

/** Benchmarks one training step on both sides (tfjs on whichever backend it is set to). */
export function benchMlpStep(): MlpRow {
  const batches = makeBatches(4);
  const initial = new Map<string, Float32Array>();
  const ours = oursStepper(batches, initial);
  const peer = peerStepper(batches, initial);
  const t = measurePair(ours.step, peer.step, { warmup: 5, minReps: 10, maxReps: 60, budgetMs: 4000 });
  const span = (l: number[]): [number, number] => [l[0], l[l.length - 1]];
  return { oursMs: t.oursMs, peerMs: t.peerMs, reps: t.reps, oursLoss: span(ours.losses), peerLoss: span(peer.losses) };
}

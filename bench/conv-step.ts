/**
 * One SGD training step of a small conv net on 28×28 single-channel images at batch 64:
 * conv 5×5 with 8 filters (stride 1, padding 2, so the maps stay 28×28), relu, max pool 2×2,
 * flatten, dense to 10, softmax cross-entropy. Ours through the engine as it runs any graph
 * (./engine-step.ts: a GraphDoc in a Session on the CPU backend, core/train's Optimizer); tfjs
 * on its current backend with tf.conv2d, tf.maxPool and tf.matMul.
 *
 * Our conv2d is NCHW; tfjs's cpu and wasm backends take only NHWC for conv2d and maxPool. So
 * tfjs gets the same data and weights laid out its way once, at setup: the images as NHWC
 * (with one channel the same bytes), the filters [kh, kw, C, O] instead of [O, C, kh, kw], and
 * the dense weights' rows permuted, since flattening NHWC orders the features (h, w, c) where
 * NCHW orders them (c, h, w). Both sides then compute the same function from the same point.
 */
import * as tf from '@tensorflow/tfjs';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../core/graph/types.js';
import { Rng } from '../core/tensor/random.js';
import { engineStepper, type Sgd, type Stepper, tfjsOptimizer, tfjsSgdStep } from './engine-step.js';
import { measurePair } from './measure.js';

const BATCH = 64;
const SIZE = 28;
const FILTERS = 8;
const KERNEL = 5;
const PADDING = 2;
const POOL = 2;
const CLASSES = 10;
const POOLED = SIZE / POOL;
const FEATURES = FILTERS * POOLED * POOLED;
const SGD: Sgd = { lr: 0.05, momentum: 0, weightDecay: 0 };

/** How the tables name the workload. */
export const CONV_WORKLOAD = `conv 5×5×${FILTERS} (pad ${PADDING}) + pool, 28×28, batch ${BATCH}`;

/** The conv net as a document, as a user would draw it in the editor. */
export function convDoc(): GraphDoc {
  const param = (id: string, shape: number[], init: string) => ({ id, op: 'param', attrs: { shape, init } });
  const edge = (from: string, to: string, port: string) => ({ from, to, port });
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: 'conv net 28x28' },
    mode: 'train',
    nodes: [
      { id: 'x', op: 'input', attrs: { shape: [BATCH, 1, SIZE, SIZE] } },
      { id: 'labels', op: 'input', attrs: { shape: [BATCH] } },
      param('Wc', [FILTERS, 1, KERNEL, KERNEL], 'he_normal'),
      param('bc', [FILTERS], 'zeros'),
      { id: 'conv', op: 'conv2d', attrs: { stride: 1, padding: PADDING } },
      { id: 'h', op: 'relu' },
      { id: 'pool', op: 'maxpool2d', attrs: { kernel: POOL } },
      { id: 'flat', op: 'flatten' },
      param('Wd', [FEATURES, CLASSES], 'he_normal'),
      param('bd', [CLASSES], 'zeros'),
      { id: 'dense', op: 'matmul' },
      { id: 'logits', op: 'add' },
      { id: 'loss', op: 'cross_entropy' },
    ],
    edges: [
      edge('x', 'conv', 'x'), edge('Wc', 'conv', 'w'), edge('bc', 'conv', 'b'),
      edge('conv', 'h', 'x'),
      edge('h', 'pool', 'x'),
      edge('pool', 'flat', 'x'),
      edge('flat', 'dense', 'a'), edge('Wd', 'dense', 'b'),
      edge('dense', 'logits', 'a'), edge('bd', 'logits', 'b'),
      edge('logits', 'loss', 'pred'), edge('labels', 'loss', 'target'),
    ],
    output: 'loss',
  };
}

interface Batch {
  /** [BATCH, 1, SIZE, SIZE], pixels in [0, 1). */
  readonly x: Float32Array;
  readonly labels: Float32Array;
}

function makeBatches(count: number): Batch[] {
  const rng = new Rng(28);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(BATCH * SIZE * SIZE);
    for (let i = 0; i < x.length; i++) x[i] = rng.next();
    const labels = new Float32Array(BATCH);
    for (let i = 0; i < BATCH; i++) labels[i] = rng.int(CLASSES);
    return { x, labels };
  });
}

/** `data` of `shape` transposed by `perm` (tfjs does it once, at setup). */
function permuted(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  return tf.tidy(() => tf.transpose(tf.tensor(data, shape), perm).dataSync() as Float32Array);
}

/** The tfjs side, from ours's initial weights, laid out NHWC. */
function peerStepper(batches: readonly Batch[], initial: ReadonlyMap<string, Float32Array>): Stepper {
  const init = (id: string) => {
    const v = initial.get(id);
    if (!v) throw new Error(`no initial value for "${id}"`);
    return v;
  };
  const Wc = tf.variable(tf.tensor(permuted(init('Wc'), [FILTERS, 1, KERNEL, KERNEL], [2, 3, 1, 0]), [KERNEL, KERNEL, 1, FILTERS]));
  const bc = tf.variable(tf.tensor(init('bc'), [FILTERS]));
  // Row (c, h, w) of ours becomes row (h, w, c).
  const Wd = tf.variable(tf.tensor(permuted(init('Wd'), [FILTERS, POOLED, POOLED, CLASSES], [1, 2, 0, 3]), [FEATURES, CLASSES]));
  const bd = tf.variable(tf.tensor(init('bd'), [CLASSES]));
  const nhwc = batches.map((b) => permuted(b.x, [BATCH, 1, SIZE, SIZE], [0, 2, 3, 1]));
  const opt = tfjsOptimizer(SGD);
  const losses: number[] = [];
  let i = 0;
  const step = () => {
    const k = i++ % batches.length;
    losses.push(tfjsSgdStep(opt, SGD, [Wc, bc, Wd, bd], () => {
      const xs = tf.tensor4d(nhwc[k], [BATCH, SIZE, SIZE, 1]);
      const ys = tf.oneHot(tf.tensor1d(batches[k].labels, 'int32'), CLASSES);
      const h = tf.relu(tf.add(tf.conv2d(xs, Wc as tf.Tensor4D, 1, PADDING), bc));
      const pooled = tf.maxPool(h as tf.Tensor4D, POOL, POOL, 'valid');
      const logits = tf.add(tf.matMul(tf.reshape(pooled, [BATCH, FEATURES]), Wd), bd);
      return tf.losses.softmaxCrossEntropy(ys, logits);
    }));
  };
  return { step, losses };
}

/** Median ms per step of each side, and each side's loss at the first and last step. */
export interface ConvRow {
  readonly oursMs: number;
  readonly peerMs: number;
  readonly reps: number;
  readonly oursLoss: readonly [number, number];
  readonly peerLoss: readonly [number, number];
}

/** Benchmarks one conv-net training step on both sides (tfjs on whichever backend it is set to). */
export function benchConvStep(): ConvRow {
  const batches = makeBatches(4);
  const initial = new Map<string, Float32Array>();
  const feeds = batches.map((b) => ({ x: { shape: [BATCH, 1, SIZE, SIZE], data: b.x }, labels: { shape: [BATCH], data: b.labels } }));
  // Single-threaded, as tfjs is here.
  const ours = engineStepper(convDoc(), feeds, SGD, initial, { threads: 0 });
  const peer = peerStepper(batches, initial);
  // Two untimed steps each: tfjs-cpu takes seconds a step, and is warm after one.
  const t = measurePair(ours.step, peer.step, { warmup: 2, minReps: 5, maxReps: 40, budgetMs: 6000 });
  const span = (l: number[]): [number, number] => [l[0], l[l.length - 1]];
  return { oursMs: t.oursMs, peerMs: t.peerMs, reps: t.reps, oursLoss: span(ours.losses), peerLoss: span(peer.losses) };
}

/** Kernels tfjs's step calls for the conv and the pool, forward and backward (the images need no gradient). */
const TFJS_KERNELS = ['Conv2D', 'Conv2DBackpropFilter', 'MaxPool', 'MaxPoolGrad'];

/** Why tfjs's current backend cannot take the step (a kernel it does not register), or undefined when it can. */
export function tfjsConvUnsupported(): string | undefined {
  const backend = tf.getBackend();
  const missing = TFJS_KERNELS.filter((k) => tf.getKernel(k, backend) === undefined);
  return missing.length ? `tfjs-backend-${backend} ${tf.version_core} registers no ${missing.join(', ')} kernel` : undefined;
}

/**
 * The two sides of a training-step benchmark, as the step-timing modules share them: our side
 * through the real engine (a GraphDoc run by a Session on the CPU backend, params updated by
 * core/train's Optimizer, the loss read back), and tfjs's SGD update (tf.variableGrads and the
 * optimizer's applyGradients, with weight decay added to the gradients as our update kernel and
 * PyTorch add it, since tfjs's optimizers have none).
 */
import * as tf from '@tensorflow/tfjs';
import { type CpuBackendOptions, createCpuBackend } from '../core/backend/cpu/cpu-backend.js';
import { Session } from '../core/engine/executor.js';
import type { GraphDoc } from '../core/graph/types.js';
import type { HostTensor } from '../core/tensor/tensor.js';
import { Optimizer } from '../core/train/optimizer.js';

/** SGD as both sides run it: PyTorch's rule, g += wd·p, v = momentum·v + g, p -= lr·v. */
export interface Sgd {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
}

/** A side of a comparison: one training step, and the loss of each step so far. */
export interface Stepper {
  readonly step: () => void;
  readonly losses: number[];
}

export type Feeds = Readonly<Record<string, HostTensor>>;

/**
 * Our side: `doc` trained on `batches` in turn. `initial` receives the engine's initialised params
 * (by id) so that the peer can start from the same point.
 */
export function engineStepper(doc: GraphDoc, batches: readonly Feeds[], sgd: Sgd, initial: Map<string, Float32Array>, ours: CpuBackendOptions = {}): Stepper {
  const backend = createCpuBackend({ ...ours, precision: 'float32' });
  const session = new Session(doc, backend, { seed: 1 });
  const params = session.paramIds;
  for (const id of params) initial.set(id, Float32Array.from(backend.readSync(session.param(id))));
  const opt = new Optimizer(backend, { type: 'sgd', lr: sgd.lr, momentum: sgd.momentum, nesterov: false, weightDecay: sgd.weightDecay });
  const losses: number[] = [];
  let i = 0;
  const step = () => {
    // As the trainer runs a step: only the loss's ancestors, only the gradients that reach a param,
    // and replayed from the third step on (core/engine/replay.ts).
    const r = session.run({ mode: 'train', feeds: batches[i++ % batches.length], only: [], grads: 'params', reuse: true });
    opt.step(params.map((id) => {
      const grad = r.grad(id);
      if (!grad) throw new Error(`engine gave no gradient for param "${id}"`);
      return { id, param: session.param(id), grad };
    }), sgd.lr);
    losses.push(backend.readSync(r.output)[0]);
    r.release();
  };
  return { step, losses };
}

/**
 * tfjs's side of one step: the gradients of `loss` with respect to `vars`, decayed, applied by
 * `opt` (tf.train.sgd or tf.train.momentum at the same rate); returns the loss, read back.
 * Intermediates are tidied; what `loss` makes per step (its batch tensors) is the caller's.
 */
export function tfjsSgdStep(opt: tf.Optimizer, sgd: Sgd, vars: readonly tf.Variable[], loss: () => tf.Scalar): number {
  const value = tf.tidy(() => {
    const { value: l, grads } = tf.variableGrads(loss, [...vars]);
    if (sgd.weightDecay !== 0) for (const v of vars) grads[v.name] = tf.add(grads[v.name], tf.mul(v, sgd.weightDecay));
    opt.applyGradients(grads);
    return l;
  });
  const out = value.dataSync()[0];
  value.dispose();
  return out;
}

/** tfjs's optimizer for `sgd` (its momentum rule is PyTorch's without dampening, as ours). */
export function tfjsOptimizer(sgd: Sgd): tf.Optimizer {
  return sgd.momentum === 0 ? tf.train.sgd(sgd.lr) : tf.train.momentum(sgd.lr, sgd.momentum);
}

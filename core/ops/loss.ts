/**
 * Loss ops: `pred` and `target` in, a scalar out, reduced as PyTorch's
 * defaults reduce (contract.md section 2). Elementwise losses average over
 * every element; classification losses average over the batch (dim 0).
 *
 * The classification losses (cross_entropy, nll, hinge) take `target` either as
 * class indices `[N]` (whole numbers stored as floats; an index outside
 * [0, C) selects no class, so that row contributes nothing) or as
 * probabilities `[N, C]`. Only probability targets get a gradient: an index
 * is not a differentiable quantity. A single sample may be given unbatched,
 * pred `[C]` with target `[]` or `[C]`.
 */
import type { DeviceTensor } from '../backend/backend.js';
import { formatShape as fs, type Shape, ShapeError, shapesEqual } from '../tensor/shape.js';
import { type ComputeOpDef, defineOp, type OpDocs, type PortSpec } from './define-op.js';
import type { Kernels } from './kernels.js';

type Grad = DeviceTensor | null;
type Docs = Omit<OpDocs, 'category'>;

function ports(pred: string, target: string): readonly PortSpec[] {
  return [
    { name: 'pred', description: pred },
    { name: 'target', description: target },
  ];
}

function sameShape(name: string, pred: Shape, target: Shape): void {
  if (!shapesEqual(pred, target)) {
    throw new ShapeError(`${name}: target ${fs(target)} does not match pred ${fs(pred)}: expected the same shape ${fs(pred)}`);
  }
}

interface ElementwiseLoss {
  /** The per-element loss; the op returns its mean. */
  term(k: Kernels, p: DeviceTensor, t: DeviceTensor): DeviceTensor;
  /** Per-element derivatives of `term` with respect to pred and target. */
  grads(k: Kernels, p: DeviceTensor, t: DeviceTensor, needs: readonly boolean[]): [Grad, Grad];
}

function elementwiseLoss(name: string, docs: Docs, inputs: readonly PortSpec[], rule: ElementwiseLoss): ComputeOpDef {
  return defineOp({
    name,
    ...docs,
    category: 'losses',
    inputs,
    attrs: {},
    shape: ([p, t]) => {
      sameShape(name, p as Shape, t as Shape);
      return [];
    },
    forward: ({ k }, [p, t]) => k.mean(rule.term(k, p as DeviceTensor, t as DeviceTensor)),
    backward: ({ k }, { inputs: [p, t], dy, needs }) => {
      const pred = p as DeviceTensor;
      const g = k.scale(dy, 1 / Math.max(pred.size, 1));
      const [gp, gt] = rule.grads(k, pred, t as DeviceTensor, needs);
      return [needs[0] && gp ? k.mul(gp, g) : null, needs[1] && gt ? k.mul(gt, g) : null];
    },
  });
}

const REGRESSION = ports('prediction', 'target values, same shape as pred');

export const mse = elementwiseLoss(
  'mse',
  { label: 'MSE', description: 'mse: mean squared error; the gradient is 2(pred − target)/n', formula: '\\frac1n \\sum_i (p_i - t_i)^2', gradFormula: '\\bar p = \\frac{2}{n}(p - t)\\,\\bar y,\\quad \\bar t = -\\bar p' },
  REGRESSION,
  {
    term: (k, p, t) => k.unary('square', k.sub(p, t)),
    grads: (k, p, t) => {
      const d = k.scale(k.sub(p, t), 2);
      return [d, k.neg(d)];
    },
  },
);

export const l1 = elementwiseLoss(
  'l1',
  { label: 'L1', description: 'l1: mean absolute error; the gradient is sign(pred − target)/n', formula: '\\frac1n \\sum_i |p_i - t_i|', gradFormula: '\\bar p = \\frac1n \\operatorname{sign}(p - t)\\,\\bar y,\\quad \\bar t = -\\bar p' },
  REGRESSION,
  {
    term: (k, p, t) => k.unary('abs', k.sub(p, t)),
    grads: (k, p, t) => {
      const s = k.unary('sign', k.sub(p, t));
      return [s, k.neg(s)];
    },
  },
);

/** ln p clamped at −100 as PyTorch does, so p = 0 gives a large finite loss. */
function clampedLog(k: Kernels, x: DeviceTensor): DeviceTensor {
  return k.binary('max', k.unary('log', x), k.scalar(-100));
}

export const bce = elementwiseLoss(
  'bce',
  {
    label: 'BCE',
    description: 'bce: binary cross-entropy on probabilities in (0, 1); logs are clamped at −100',
    formula: '-\\frac1n \\sum_i t_i \\ln p_i + (1 - t_i) \\ln(1 - p_i)',
    gradFormula: '\\bar p = \\frac{p - t}{n\\,p(1 - p)}\\,\\bar y,\\quad \\bar t = \\frac1n \\ln\\frac{1 - p}{p}\\,\\bar y',
  },
  ports('probabilities in (0, 1)', 'targets in [0, 1], same shape as pred'),
  {
    term: (k, p, t) => {
      const one = k.scalar(1);
      const a = k.mul(t, clampedLog(k, p));
      const b = k.mul(k.sub(one, t), clampedLog(k, k.sub(one, p)));
      return k.neg(k.add(a, b));
    },
    grads: (k, p, t, needs) => {
      const one = k.scalar(1);
      // PyTorch's form: finite even at p = 0 or 1, where the clamp makes the true slope 0.
      const gp = needs[0] ? k.div(k.sub(p, t), k.binary('max', k.mul(p, k.sub(one, p)), k.scalar(1e-12))) : null;
      const gt = needs[1] ? k.sub(clampedLog(k, k.sub(one, p)), clampedLog(k, p)) : null;
      return [gp, gt];
    },
  },
);

export const bceLogits = elementwiseLoss(
  'bce_logits',
  {
    label: 'BCE logits',
    description: 'bce_logits: sigmoid + binary cross-entropy in one stable step; the gradient is (σ(x) − t)/n',
    formula: '\\frac1n \\sum_i \\max(x_i, 0) - x_i t_i + \\ln(1 + e^{-|x_i|})',
    gradFormula: '\\bar x = \\frac1n(\\sigma(x) - t)\\,\\bar y,\\quad \\bar t = -\\frac1n x\\,\\bar y',
  },
  ports('logits (any real numbers)', 'targets in [0, 1], same shape as pred'),
  {
    // softplus(x) = max(x, 0) + ln(1 + e^{-|x|}), which the kernel computes in that stable form.
    term: (k, x, t) => k.sub(k.unary('softplus', x), k.mul(x, t)),
    grads: (k, x, t, needs) => [needs[0] ? k.sub(k.unary('sigmoid', x), t) : null, needs[1] ? k.neg(x) : null],
  },
);

/** Checks pred `[N, C]` or `[C]` against a target of indices or probabilities. */
function classShape(name: string, pred: Shape, target: Shape): Shape {
  if (pred.length !== 1 && pred.length !== 2) {
    throw new ShapeError(`${name}: pred must be [N, C] (or [C] for one sample), got ${fs(pred)}`);
  }
  const indices = pred.slice(0, -1);
  if (!shapesEqual(target, indices) && !shapesEqual(target, pred)) {
    throw new ShapeError(`${name}: target ${fs(target)} does not match pred ${fs(pred)}: expected ${fs(indices)} class indices or ${fs(pred)} probabilities`);
  }
  return [];
}

/** pred as `[N, C]` and target as probabilities `[N, C]`, whichever form they came in. */
function batchOf(k: Kernels, pred: DeviceTensor, target: DeviceTensor): { p: DeviceTensor; t: DeviceTensor; n: number; probs: boolean } {
  const c = pred.shape[pred.shape.length - 1];
  const n = pred.shape.length === 2 ? pred.shape[0] : 1;
  const probs = target.shape.length === pred.shape.length;
  const t = probs ? k.reshape(target, [n, c]) : k.oneHot(k.reshape(target, [n]), c);
  return { p: k.reshape(pred, [n, c]), t, n, probs };
}

interface ClassLoss<S> {
  /** Returns the loss summed over the batch, and what backward needs. */
  forward(k: Kernels, p: DeviceTensor, t: DeviceTensor): { total: DeviceTensor; saved: S };
  /** Gradients of the summed loss, each times `g` (= dy / N). */
  grads(k: Kernels, p: DeviceTensor, t: DeviceTensor, saved: S, g: DeviceTensor, needs: readonly boolean[]): [Grad, Grad];
}

function classLoss<S>(name: string, docs: Docs, inputs: readonly PortSpec[], rule: ClassLoss<S>): ComputeOpDef {
  return defineOp<Record<string, never>, S>({
    name,
    ...docs,
    category: 'losses',
    inputs,
    attrs: {},
    shape: ([p, t]) => classShape(name, p as Shape, t as Shape),
    forward: ({ k }, [pred, target]) => {
      const { p, t, n } = batchOf(k, pred as DeviceTensor, target as DeviceTensor);
      const { total, saved } = rule.forward(k, p, t);
      return { out: k.scale(total, 1 / Math.max(n, 1)), saved };
    },
    backward: ({ k }, { inputs: [pred, target], dy, saved, needs }) => {
      const predT = pred as DeviceTensor;
      const targetT = target as DeviceTensor;
      const { p, t, n, probs } = batchOf(k, predT, targetT);
      const g = k.scale(dy, 1 / Math.max(n, 1));
      const [gp, gt] = rule.grads(k, p, t, saved as S, g, [needs[0], needs[1] && probs]);
      return [needs[0] && gp ? k.reshape(gp, predT.shape) : null, needs[1] && probs && gt ? k.reshape(gt, targetT.shape) : null];
    },
  });
}

const CLASS_TARGET = 'class indices [N] (whole numbers) or probabilities / one-hot [N, C]';

export const crossEntropy = classLoss<DeviceTensor>(
  'cross_entropy',
  {
    label: 'cross-entropy',
    description: 'cross_entropy: softmax + negative log-likelihood on logits; the gradient is (softmax − target)/N',
    formula: '-\\frac1N \\sum_{i,c} t_{ic} \\ln \\operatorname{softmax}(x_i)_c',
    gradFormula: '\\bar x = \\frac1N(\\operatorname{softmax}(x) - t)\\,\\bar y,\\quad \\bar t = -\\frac1N \\ln\\operatorname{softmax}(x)\\,\\bar y',
  },
  ports('logits [N, C]', CLASS_TARGET),
  {
    forward: (k, p, t) => {
      const logp = k.softmax(p, 1, true);
      return { total: k.neg(k.sum(k.mul(t, logp))), saved: logp };
    },
    // log_softmax's own gradient also covers targets whose rows do not sum to 1.
    grads: (k, _p, t, logp, g, needs) => [
      needs[0] ? k.softmaxGrad(logp, k.mul(t, k.neg(g)), 1, true) : null,
      needs[1] ? k.mul(logp, k.neg(g)) : null,
    ],
  },
);

export const nll = classLoss<undefined>(
  'nll',
  {
    label: 'NLL',
    description: 'nll: negative log-likelihood of log-probabilities; the gradient is −target/N',
    formula: '-\\frac1N \\sum_{i,c} t_{ic}\\, p_{ic}',
    gradFormula: '\\bar p = -\\frac1N t\\,\\bar y,\\quad \\bar t = -\\frac1N p\\,\\bar y',
  },
  ports('log-probabilities [N, C] (e.g. from log_softmax)', CLASS_TARGET),
  {
    forward: (k, p, t) => ({ total: k.neg(k.sum(k.mul(t, p))), saved: undefined }),
    grads: (k, p, t, _s, g, needs) => {
      const ng = k.neg(g);
      return [needs[0] ? k.mul(t, ng) : null, needs[1] ? k.mul(p, ng) : null];
    },
  },
);

interface HingeSaved {
  /** max(0, s_j − s_y + 1), including the correct class's own term. */
  readonly h: DeviceTensor;
  /** Per row, the number (weight) of classes with a positive margin. */
  readonly active: DeviceTensor;
  /** [margin > 0] · (1 − t): which terms count. */
  readonly m: DeviceTensor;
}

export const hinge = classLoss<HingeSaved>(
  'hinge',
  {
    label: 'SVM',
    description: 'hinge: multiclass SVM loss (margin 1); each class scoring within 1 of the correct one adds to the loss',
    formula: '\\frac1N \\sum_i \\sum_{j \\ne y_i} \\max(0,\\ s_{ij} - s_{iy_i} + 1)',
    gradFormula: '\\bar s_{ij} = \\frac1N\\big([\\text{margin}_{ij} > 0] - [j = y_i] \\textstyle\\sum_k [\\text{margin}_{ik} > 0]\\big)\\,\\bar y',
  },
  ports('class scores [N, C]', CLASS_TARGET),
  {
    // With probability targets this generalises to s_y = Σ t·s and terms weighted by (1 − t);
    // for one-hot targets that is exactly the cs231n loss.
    forward: (k, s, t) => {
      const one = k.scalar(1);
      const margin = k.add(k.sub(s, k.sum(k.mul(s, t), 1, true)), one);
      const h = k.unary('relu', margin);
      const notTarget = k.sub(one, t);
      const m = k.mul(k.unary('step', margin), notTarget);
      return { total: k.sum(k.mul(h, notTarget)), saved: { h, m, active: k.sum(m, 1, true) } };
    },
    grads: (k, s, t, { h, m, active }, g, needs) => [
      needs[0] ? k.mul(k.sub(m, k.mul(t, active)), g) : null,
      needs[1] ? k.mul(k.neg(k.add(h, k.mul(s, active))), g) : null,
    ],
  },
);

/** t · ln t with 0 · ln 0 = 0, so zero-probability targets contribute nothing. */
function logTarget(k: Kernels, t: DeviceTensor): DeviceTensor {
  return k.unary('log', k.binary('max', t, k.scalar(1e-30)));
}

function batchSize(shape: Shape): number {
  return shape.length === 0 ? 1 : shape[0];
}

export const klDiv = defineOp({
  name: 'kl_div',
  category: 'losses',
  label: 'KL',
  description: 'kl_div: KL divergence of target from exp(pred), divided by the batch size (PyTorch batchmean)',
  formula: '\\frac1N \\sum t \\,(\\ln t - p)',
  gradFormula: '\\bar p = -\\frac1N t\\,\\bar y,\\quad \\bar t = \\frac1N(\\ln t + 1 - p)\\,\\bar y',
  inputs: ports('log-probabilities (e.g. from log_softmax)', 'probabilities, same shape as pred'),
  attrs: {},
  shape: ([p, t]) => {
    sameShape('kl_div', p as Shape, t as Shape);
    return [];
  },
  forward: ({ k }, [p, t]) => {
    const pred = p as DeviceTensor;
    const target = t as DeviceTensor;
    const total = k.sum(k.mul(target, k.sub(logTarget(k, target), pred)));
    return k.scale(total, 1 / Math.max(batchSize(pred.shape), 1));
  },
  backward: ({ k }, { inputs: [p, t], dy, needs }) => {
    const pred = p as DeviceTensor;
    const target = t as DeviceTensor;
    const g = k.scale(dy, 1 / Math.max(batchSize(pred.shape), 1));
    return [
      needs[0] ? k.mul(target, k.neg(g)) : null,
      needs[1] ? k.mul(k.add(k.sub(logTarget(k, target), pred), k.scalar(1)), g) : null,
    ];
  },
});

/** The losses, in palette order. */
export const lossOps: readonly ComputeOpDef[] = [mse, l1, crossEntropy, nll, bce, bceLogits, hinge, klDiv];

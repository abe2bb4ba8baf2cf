/**
 * Reductions: sum, mean and reduce_max over `axis` (an int, a list, or absent
 * = all axes), optionally keeping the reduced axes as size 1. Backward passes
 * first give dy the keepdims shape so it lines up with x for broadcasting.
 */
import type { DeviceTensor } from '../backend/backend.js';
import { normalizeAxes, reducedShape, type Shape } from '../tensor/shape.js';
import { type ComputeOpDef, defineOp, type OpDocs } from './define-op.js';
import type { Kernels } from './kernels.js';

const attrs = {
  axis: { type: 'axes', optional: true, description: 'axis or list of axes to reduce (negative counts from the end); absent = all' },
  keepdims: { type: 'bool', default: false, description: 'keep reduced axes as size 1' },
} as const;

/** Reduces x given its sorted, unique axes; the result has the keepdims shape. */
type Reduce = (k: Kernels, x: DeviceTensor, axes: readonly number[]) => DeviceTensor;
/** dx from x and dy already reshaped to the keepdims shape. */
type Grad = (k: Kernels, x: DeviceTensor, dyKeep: DeviceTensor, axes: readonly number[]) => DeviceTensor;

function reduceOp(name: string, docs: Omit<OpDocs, 'category'>, reduce: Reduce, grad: Grad): ComputeOpDef {
  return defineOp({
    name,
    ...docs,
    category: 'reduce',
    inputs: [{ name: 'x', description: 'input tensor' }],
    attrs,
    shape: ([x], { axis, keepdims }) => reducedShape(x as Shape, normalizeAxes(axis, (x as Shape).length), keepdims),
    forward: ({ k }, [x], { axis, keepdims }) => {
      const t = x as DeviceTensor;
      const axes = normalizeAxes(axis, t.shape.length);
      return k.reshape(reduce(k, t, axes), reducedShape(t.shape, axes, keepdims));
    },
    backward: ({ k }, { inputs: [x], dy, attrs: { axis } }) => {
      const t = x as DeviceTensor;
      const axes = normalizeAxes(axis, t.shape.length);
      return [grad(k, t, k.reshape(dy, reducedShape(t.shape, axes, true)), axes)];
    },
  });
}

/** Number of elements each output of a reduction over `axes` summarises. */
function groupSize(shape: Shape, axes: readonly number[]): number {
  return axes.reduce((acc, a) => acc * shape[a], 1);
}

export const sum = reduceOp(
  'sum',
  { label: 'Σ', description: 'sum: copies the gradient back to every element that was summed', formula: 'y = \\textstyle\\sum_{i \\in \\text{axis}} x_i', gradFormula: '\\bar x_i = \\bar y' },
  (k, x, axes) => k.sum(x, axes, true),
  (k, x, dyKeep) => k.broadcastTo(dyKeep, x.shape),
);

export const mean = reduceOp(
  'mean',
  { label: 'mean', description: 'mean: shares the gradient equally, 1/n to each averaged element', formula: 'y = \\tfrac{1}{n}\\textstyle\\sum_{i \\in \\text{axis}} x_i', gradFormula: '\\bar x_i = \\bar y / n' },
  (k, x, axes) => k.mean(x, axes, true),
  (k, x, dyKeep, axes) => {
    const n = groupSize(x.shape, axes);
    return k.broadcastTo(k.scale(dyKeep, n === 0 ? 0 : 1 / n), x.shape);
  },
);

export const reduceMax = reduceOp(
  'reduce_max',
  { label: 'max', description: 'reduce_max: routes the whole gradient to the maximum (the first one on ties); the rest get 0', formula: 'y = \\max_{i \\in \\text{axis}} x_i', gradFormula: '\\bar x_i = [\\,i = \\operatorname{argmax} x\\,]\\,\\bar y' },
  (k, x, axes) => k.reduce('max', x, axes, true),
  // With no axes nothing is reduced and y = x, so dy passes straight through.
  (k, x, dyKeep, axes) => (axes.length === 0 ? dyKeep : k.reduceMaxGrad(x, dyKeep, axes)),
);

/** Reduce ops, in palette order. */
export const reduceOps: readonly ComputeOpDef[] = [sum, mean, reduceMax];

/**
 * softmax and log_softmax along one axis. Both use the backend's fused,
 * max-shifted kernels rather than exp / sum / div, which would overflow for
 * large logits and lose precision in log(softmax) for small probabilities.
 */
import type { DeviceTensor } from '../backend/backend.js';
import { type Shape, ShapeError } from '../tensor/shape.js';
import { type ComputeOpDef, defineOp, type OpDocs } from './define-op.js';
import type { Kernels } from './kernels.js';

/** The non-negative axis; a scalar accepts 0 or -1 and is treated as [1], like PyTorch. */
function resolveAxis(name: string, axis: number, shape: Shape): number {
  const rank = Math.max(shape.length, 1);
  if (axis < -rank || axis >= rank) throw new ShapeError(`${name}: axis ${axis} is out of range for a tensor of rank ${shape.length}`);
  return axis < 0 ? axis + rank : axis;
}

/** Views a scalar as [1] so the kernels always have an axis to work along. */
function atLeast1d(k: Kernels, t: DeviceTensor): DeviceTensor {
  return t.shape.length === 0 ? k.reshape(t, [1]) : t;
}

function normaliseOp(name: 'softmax' | 'log_softmax', docs: Omit<OpDocs, 'category'>): ComputeOpDef {
  const log = name === 'log_softmax';
  return defineOp({
    name,
    ...docs,
    category: 'normalise',
    inputs: [{ name: 'x', description: 'logits (unnormalised scores)' }],
    attrs: { axis: { type: 'int', default: -1, description: 'axis to normalise along (negative counts from the end)' } },
    shape: ([x], { axis }) => {
      resolveAxis(name, axis, x as Shape);
      return x as Shape;
    },
    forward: ({ k }, [x], { axis }) => {
      const t = x as DeviceTensor;
      return k.reshape(k.softmax(atLeast1d(k, t), resolveAxis(name, axis, t.shape), log), t.shape);
    },
    backward: ({ k }, { inputs: [x], out, dy, attrs: { axis } }) => {
      const t = x as DeviceTensor;
      const g = k.softmaxGrad(atLeast1d(k, out), atLeast1d(k, dy), resolveAxis(name, axis, t.shape), log);
      return [k.reshape(g, t.shape)];
    },
  });
}

export const softmax = normaliseOp('softmax', {
  label: 'softmax',
  description: 'softmax: the gradient is dy minus its softmax-weighted average, scaled by the output',
  formula: 'y_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}',
  gradFormula: '\\bar x_i = y_i \\big(\\bar y_i - \\textstyle\\sum_j \\bar y_j\\, y_j\\big)',
});

export const logSoftmax = normaliseOp('log_softmax', {
  label: 'log softmax',
  description: 'log_softmax: the gradient is dy minus the softmax times the total of dy',
  formula: 'y_i = x_i - \\log \\textstyle\\sum_j e^{x_j}',
  gradFormula: '\\bar x_i = \\bar y_i - e^{y_i} \\textstyle\\sum_j \\bar y_j',
});

/** Normalise ops, in palette order. */
export const normaliseOps: readonly ComputeOpDef[] = [softmax, logSoftmax];

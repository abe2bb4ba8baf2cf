/**
 * Shape ops: transpose, reshape and flatten. They move values without
 * changing them, so each backward pass is the inverse move of the gradient.
 */
import type { DeviceTensor } from '../backend/backend.js';
import { formatShape, type Shape, ShapeError, sizeOf } from '../tensor/shape.js';
import { type ComputeOpDef, defineOp } from './define-op.js';

const X = [{ name: 'x', description: 'input tensor' }] as const;

/** The permutation `perm` names (absent: reverse the axes), negatives counted from the end. */
function resolvePerm(perm: readonly number[] | undefined, shape: Shape): number[] {
  const rank = shape.length;
  if (perm === undefined) return Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const out = perm.map((p) => (p < 0 ? p + rank : p));
  const seen = new Set(out);
  if (perm.length !== rank || seen.size !== rank || out.some((p) => p < 0 || p >= rank)) {
    throw new ShapeError(`transpose: perm ${formatShape(perm)} is not a permutation of the ${rank} axes of ${formatShape(shape)}`);
  }
  return out;
}

export const transpose: ComputeOpDef = defineOp({
  name: 'transpose',
  category: 'shape',
  label: 'transpose',
  description: 'transpose: permutes the axes; the gradient is permuted back by the inverse permutation',
  formula: 'y_{i_{p_0} \\dots i_{p_{r-1}}} = x_{i_0 \\dots i_{r-1}}',
  gradFormula: '\\bar x = \\operatorname{transpose}(\\bar y,\\ p^{-1})',
  inputs: X,
  attrs: {
    perm: { type: 'ints', optional: true, description: 'new order of the axes, e.g. [1, 0]; absent = reverse all axes' },
  },
  shape: ([x], { perm }) => resolvePerm(perm, x as Shape).map((p) => (x as Shape)[p]),
  forward: ({ k }, [x], { perm }) => k.transpose(x as DeviceTensor, resolvePerm(perm, (x as DeviceTensor).shape)),
  backward: ({ k }, { inputs: [x], dy, attrs: { perm } }) => {
    const p = resolvePerm(perm, (x as DeviceTensor).shape);
    const inverse = new Array<number>(p.length);
    p.forEach((axis, i) => (inverse[axis] = i));
    return [k.transpose(dy, inverse)];
  },
});

/** The target shape with its one allowed -1 inferred from the element count. */
function resolveReshape(from: Shape, target: readonly number[] | undefined): number[] {
  if (target === undefined) throw new ShapeError('reshape: attr "shape" is required, e.g. [2, -1]');
  const n = sizeOf(from);
  const wanted = `${formatShape(from)} (${n} elements) to ${formatShape(target)}`;
  const free = target.filter((d) => d === -1).length;
  if (free > 1) throw new ShapeError(`cannot reshape ${wanted}: only one dimension may be -1`);
  if (target.some((d) => d < -1)) throw new ShapeError(`cannot reshape ${wanted}: dimensions must be >= 0 (or one -1)`);
  if (free === 0) {
    const m = sizeOf(target);
    if (m !== n) throw new ShapeError(`cannot reshape ${wanted} (${m} elements)`);
    return [...target];
  }
  const known = target.reduce((acc, d) => (d === -1 ? acc : acc * d), 1);
  if (known === 0 || n % known !== 0) throw new ShapeError(`cannot reshape ${wanted}: ${n} is not a multiple of ${known}`);
  return target.map((d) => (d === -1 ? n / known : d));
}

export const reshape: ComputeOpDef = defineOp({
  name: 'reshape',
  category: 'shape',
  label: 'reshape',
  description: 'reshape: same values in a new shape; the gradient is reshaped back to the input shape',
  formula: 'y = \\operatorname{reshape}(x,\\ s)',
  gradFormula: '\\bar x = \\operatorname{reshape}(\\bar y,\\ \\operatorname{shape}(x))',
  inputs: X,
  attrs: {
    shape: { type: 'ints', optional: true, description: 'new shape (row-major); one dimension may be -1 to infer it' },
  },
  shape: ([x], { shape }) => resolveReshape(x as Shape, shape),
  forward: ({ k }, [x], { shape }) => k.reshape(x as DeviceTensor, resolveReshape((x as DeviceTensor).shape, shape)),
  backward: ({ k }, { inputs: [x], dy }) => [k.reshape(dy, (x as DeviceTensor).shape)],
});

/**
 * [N, ...] to [N, product of the rest]. The result is always 2-D so that a
 * following matmul sees [batch, features]: a 1-D [N] becomes [N, 1] (one
 * feature per sample) and a scalar becomes [1, 1].
 */
function flattenShape(x: Shape): number[] {
  if (x.length === 0) return [1, 1];
  return [x[0], sizeOf(x.slice(1))];
}

export const flatten: ComputeOpDef = defineOp({
  name: 'flatten',
  category: 'shape',
  label: 'flatten',
  description: 'flatten: keeps dim 0 and merges the rest into one; the gradient is reshaped back',
  formula: '[N, d_1, \\dots, d_r] \\to [N,\\ d_1 \\cdots d_r]',
  gradFormula: '\\bar x = \\operatorname{reshape}(\\bar y,\\ \\operatorname{shape}(x))',
  inputs: [{ name: 'x', description: 'input [N, ...]; a 1-D [N] gives [N, 1], a scalar [1, 1]' }],
  attrs: {},
  shape: ([x]) => flattenShape(x as Shape),
  forward: ({ k }, [x]) => k.reshape(x as DeviceTensor, flattenShape((x as DeviceTensor).shape)),
  backward: ({ k }, { inputs: [x], dy }) => [k.reshape(dy, (x as DeviceTensor).shape)],
});

/** Shape ops, in palette order. */
export const shapeOps: readonly ComputeOpDef[] = [transpose, reshape, flatten];

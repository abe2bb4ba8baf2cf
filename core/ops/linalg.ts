/**
 * Linear algebra: matmul, with NumPy's rules for batched and 1-D operands.
 * Gradients are themselves matmuls that read an operand transposed in place
 * (the kernel's transA/transB flags), so no transposed copy is ever made.
 */
import type { DeviceTensor } from '../backend/backend.js';
import { broadcastShapes, formatShape, type Shape, ShapeError } from '../tensor/shape.js';
import { type ComputeOpDef, defineOp } from './define-op.js';

/**
 * How a matmul sees its operands: a 1-D `a` [k] is a row [1, k] and a 1-D
 * `b` [k] a column [k, 1]; the added axis is dropped from the result, as in NumPy.
 */
interface MatmulPlan {
  readonly a: Shape;
  readonly b: Shape;
  /** Output as the kernel computes it: [...batch, n, m]. */
  readonly full: Shape;
  /** Output as the op returns it (the added axes dropped). */
  readonly out: Shape;
}

function planMatmul(a: Shape, b: Shape): MatmulPlan {
  const both = `${formatShape(a)} x ${formatShape(b)}`;
  if (a.length === 0 || b.length === 0) {
    throw new ShapeError(`matmul: operands need at least 1 dimension, got ${both} (use mul to scale by a scalar)`);
  }
  const pa = a.length === 1 ? [1, a[0]] : a;
  const pb = b.length === 1 ? [b[0], 1] : b;
  const n = pa[pa.length - 2];
  const ka = pa[pa.length - 1];
  const kb = pb[pb.length - 2];
  const m = pb[pb.length - 1];
  if (ka !== kb) throw new ShapeError(`matmul: inner dimensions differ: ${both}`);
  let batch: number[];
  try {
    batch = broadcastShapes(pa.slice(0, -2), pb.slice(0, -2));
  } catch {
    throw new ShapeError(`matmul: batch dimensions cannot be broadcast together: ${both}`);
  }
  const out = [...batch];
  if (a.length > 1) out.push(n);
  if (b.length > 1) out.push(m);
  return { a: pa, b: pb, full: [...batch, n, m], out };
}

export const matmul: ComputeOpDef = defineOp({
  name: 'matmul',
  category: 'linear algebra',
  label: 'matmul',
  description: 'matmul: each input gets the gradient multiplied by the other input, transposed',
  formula: 'Y = A B,\\quad Y_{ij} = \\textstyle\\sum_k A_{ik} B_{kj}',
  gradFormula: '\\bar A = \\bar Y B^{\\top},\\quad \\bar B = A^{\\top} \\bar Y',
  inputs: [
    { name: 'a', description: 'left matrix [..., n, k] (a 1-D [k] is a row vector)' },
    { name: 'b', description: 'right matrix [..., k, m] (a 1-D [k] is a column vector); leading dims broadcast against a' },
  ],
  attrs: {},
  shape: ([a, b]) => planMatmul(a as Shape, b as Shape).out,
  forward: ({ k }, [a, b]) => {
    const x = a as DeviceTensor;
    const w = b as DeviceTensor;
    const p = planMatmul(x.shape, w.shape);
    return k.reshape(k.matmul(k.reshape(x, p.a), k.reshape(w, p.b)), p.out);
  },
  backward: ({ k }, { inputs: [a, b], dy, needs }) => {
    const x = a as DeviceTensor;
    const w = b as DeviceTensor;
    const p = planMatmul(x.shape, w.shape);
    const pa = k.reshape(x, p.a);
    const pb = k.reshape(w, p.b);
    const g = k.reshape(dy, p.full);
    // Batch dims that an operand was broadcast over are summed back by sumTo.
    const back = (t: DeviceTensor, promoted: Shape, original: Shape) => k.reshape(k.sumTo(t, promoted), original);
    return [
      needs[0] ? back(k.matmul(g, pb, false, true), p.a, x.shape) : null,
      needs[1] ? back(k.matmul(pa, g, true, false), p.b, w.shape) : null,
    ];
  },
});

/** Linear-algebra ops, in palette order. */
export const linalgOps: readonly ComputeOpDef[] = [matmul];


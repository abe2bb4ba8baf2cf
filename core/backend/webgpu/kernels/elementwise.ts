/**
 * One-thread-per-element kernels: fill, unary functions and their gradients,
 * broadcasting binary ops, and the strided gathers (transpose, broadcast_to,
 * one_hot). Semantics follow core/backend/cpu/elementwise.ts; where float32
 * WGSL would overflow or lose precision the helpers in ../wgsl.ts stand in.
 */
import type { BinaryOp, UnaryGradOp, UnaryOp } from '../../backend.js';
import { broadcastShapes, type Shape, sizeOf, stridesOf } from '../../../tensor/shape.js';
import { broadcastStrides } from '../../cpu/elementwise.js';
import type { KernelLimits, KernelSpec } from '../kernel-spec.js';
import { bindings, f32, groupSize, MATH_HELPERS, packWords, perElement, stridedOffsets, u32, workgroupsFor } from '../wgsl.js';

/** WGSL for y = f(x); `a` is the op's alpha (word 1). */
const UNARY_WGSL: Record<UnaryOp, string> = {
  neg: '-x',
  exp: 'expf(x)',
  log: 'log(x)',
  sqrt: 'sqrt(x)',
  abs: 'abs(x)',
  recip: '1.0 / x',
  square: 'x * x',
  sigmoid: 'sigm(x)',
  tanh: 'tanhf(x)',
  relu: 'select(0.0, x, x > 0.0)',
  leaky_relu: 'select(a * x, x, x > 0.0)',
  elu: 'select(a * expm1f(x), x, x > 0.0)',
  softplus: 'softplusf(x)',
  step: 'select(0.0, 1.0, x > 0.0)',
  sign: 'sign(x)',
};

/** WGSL for dx from x, y = f(x), dy and alpha `a`. */
const UNARY_GRAD_WGSL: Record<UnaryGradOp, string> = {
  neg: '-g',
  exp: 'g * y',
  log: 'g / x',
  sqrt: '0.5 * g / y',
  abs: 'select(select(0.0, -g, x < 0.0), g, x > 0.0)',
  recip: '-g * y * y',
  square: '2.0 * x * g',
  sigmoid: 'g * y * (1.0 - y)',
  tanh: 'g * (1.0 - y * y)',
  relu: 'select(0.0, g, x > 0.0)',
  leaky_relu: 'select(a * g, g, x > 0.0)',
  elu: 'select(g * (y + a), g, x > 0.0)',
  softplus: 'g * sigm(x)',
};

/** WGSL for a (op) b. Comparisons give 1 or 0; max/min keep `a` on ties, as the CPU backend does. */
const BINARY_WGSL: Record<BinaryOp, string> = {
  add: 'va + vb',
  sub: 'va - vb',
  mul: 'va * vb',
  div: 'va / vb',
  max: 'select(vb, va, va >= vb)',
  min: 'select(vb, va, va <= vb)',
  pow: 'powf(va, vb)',
  ge: 'select(0.0, 1.0, va >= vb)',
  gt: 'select(0.0, 1.0, va > vb)',
  eq: 'select(0.0, 1.0, va == vb)',
};

/** Every element of `shape` set to `value` (word 1, as f32 bits, so ±Infinity passes untouched). */
export function fillKernel(shape: Shape, value: number, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const n = sizeOf(shape);
  return {
    key: `fill/${wg}`,
    code: `${bindings([], 2)}\n${perElement(wg, '  out[i] = uf(1u);')}`,
    inputs: 0,
    outShape: shape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords([u32(n), f32(value)]),
  };
}

export function unaryKernel(op: UnaryOp, shape: Shape, alpha: number, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const n = sizeOf(shape);
  return {
    key: `unary/${op}/${wg}`,
    code: `${bindings(['xs'], 2)}\n${MATH_HELPERS}\n${perElement(wg, `  let x = xs[i];\n  let a = uf(1u);\n  out[i] = ${UNARY_WGSL[op]};`)}`,
    inputs: 1,
    outShape: shape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords([u32(n), f32(alpha)]),
  };
}

/** Inputs x, y, dy (all of `shape`). */
export function unaryGradKernel(op: UnaryGradOp, shape: Shape, alpha: number, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const n = sizeOf(shape);
  const body = `  let x = xs[i];\n  let y = ys[i];\n  let g = dys[i];\n  let a = uf(1u);\n  out[i] = ${UNARY_GRAD_WGSL[op]};`;
  return {
    key: `unary_grad/${op}/${wg}`,
    code: `${bindings(['xs', 'ys', 'dys'], 2)}\n${MATH_HELPERS}\n${perElement(wg, body)}`,
    inputs: 3,
    outShape: shape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords([u32(n), f32(alpha)]),
  };
}

/**
 * How an operand of `n` elements is read for output element `i`: `v` at i
 * (its shape is the output's), `s` at 0 (a scalar), `t` at i mod n (it is the
 * output's trailing dims: a bias row), or null when only strides will do.
 */
function direct(opShape: Shape, out: Shape): 'v' | 's' | 't' | null {
  const n = sizeOf(opShape);
  if (n === sizeOf(out)) return 'v';
  if (n === 1) return 's';
  const dims = opShape.slice(opShape.findIndex((d) => d !== 1));
  return dims.every((d, k) => d === out[out.length - dims.length + k]) ? 't' : null;
}

const DIRECT_INDEX = { v: 'i', s: '0u', t: 'i % u(N)' } as const;

/**
 * Inputs a, b; NumPy broadcasting. Operands that are the output's shape, a
 * scalar, or its trailing dims index directly (words: n, |a|, |b|); any other
 * broadcast turns the output index into both operands' offsets through
 * broadcast strides, 0 on broadcast axes (words: n, the output shape, a's
 * strides, b's strides).
 */
export function binaryKernel(op: BinaryOp, aShape: Shape, bShape: Shape, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const shape = broadcastShapes(aShape, bShape);
  const n = sizeOf(shape);
  const da = direct(aShape, shape);
  const db = direct(bShape, shape);
  const rank = shape.length;
  const index = da && db
    ? `  let ia = ${DIRECT_INDEX[da].replace('N', '1u')};\n  let ib = ${DIRECT_INDEX[db].replace('N', '2u')};`
    : stridedOffsets('i', rank, 1, [{ name: 'ia', at: 1 + rank }, { name: 'ib', at: 1 + 2 * rank }]);
  const words = da && db
    ? [n, sizeOf(aShape), sizeOf(bShape)].map(u32)
    : [n, ...shape, ...broadcastStrides(aShape, shape), ...broadcastStrides(bShape, shape)].map(u32);
  return {
    key: `binary/${op}/${da && db ? `${da}${db}` : `r${rank}`}/${wg}`,
    code: `${bindings(['a_in', 'b_in'], words.length)}\n${MATH_HELPERS}\n${perElement(wg, `${index}\n  let va = a_in[ia];\n  let vb = b_in[ib];\n  out[i] = ${BINARY_WGSL[op]};`)}`,
    inputs: 2,
    outShape: shape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords(words),
  };
}

/** out[i] = x[offset(i)] over `outShape` with x's per-axis `strides`: the one kernel behind transpose and broadcast_to. */
function gatherKernel(outShape: Shape, strides: readonly number[], limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const rank = outShape.length;
  const n = sizeOf(outShape);
  const body = `${stridedOffsets('i', rank, 1, [{ name: 'ix', at: 1 + rank }])}\n  out[i] = xs[ix];`;
  return {
    key: `gather/r${rank}/${wg}`,
    code: `${bindings(['xs'], 1 + 2 * rank)}\n${perElement(wg, body)}`,
    inputs: 1,
    outShape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords([n, ...outShape, ...strides].map(u32)),
  };
}

export function transposeKernel(xShape: Shape, perm: readonly number[], limits: KernelLimits): KernelSpec {
  const sx = stridesOf(xShape);
  return gatherKernel(perm.map((p) => xShape[p]), perm.map((p) => sx[p]), limits);
}

export function broadcastToKernel(xShape: Shape, shape: Shape, limits: KernelLimits): KernelSpec {
  return gatherKernel(shape, broadcastStrides(xShape, shape), limits);
}

/** indices [...] to [..., depth]; a row is zero unless its index is a whole number in [0, depth). */
export function oneHotKernel(indicesShape: Shape, depth: number, limits: KernelLimits): KernelSpec {
  const wg = groupSize(limits);
  const outShape = [...indicesShape, depth];
  const n = sizeOf(outShape);
  const body = '  let d = u(1u);\n  out[i] = select(0.0, 1.0, xs[i / d] == f32(i % d));';
  return {
    key: `one_hot/${wg}`,
    code: `${bindings(['xs'], 2)}\n${perElement(wg, body)}`,
    inputs: 1,
    outShape,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords([u32(n), u32(depth)]),
  };
}

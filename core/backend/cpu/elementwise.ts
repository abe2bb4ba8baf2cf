/** Elementwise kernels: fill, unary, unary gradients and broadcasting binary ops. */
import type { BinaryOp, UnaryGradOp, UnaryOp } from '../backend.js';
import { broadcastShapes, type Shape, stridesOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';
import { assertNever } from '../../ops/attrs.js';

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow for large x or loss of precision for very negative x. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function unary(op: UnaryOp, x: HostArray, out: HostArray, alpha: number): void {
  const n = x.length;
  // One loop per op keeps each loop monomorphic, which V8 compiles to tight code.
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); return;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); return;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); return;
    case 'recip': for (let i = 0; i < n; i++) out[i] = 1 / x[i]; return;
    case 'square': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v * v; } return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]); return;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); return;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : 0; } return;
    case 'leaky_relu': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : alpha * v; } return;
    case 'elu': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? v : alpha * Math.expm1(v); } return;
    case 'softplus': for (let i = 0; i < n; i++) out[i] = softplus(x[i]); return;
    case 'step': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? 1 : 0; return;
    case 'sign': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? 1 : v < 0 ? -1 : 0; } return;
    default: assertNever(op);
  }
}

/** dx = dy * f'(x), using y = f(x) where that is cheaper or more accurate. */
export function unaryGrad(op: UnaryGradOp, x: HostArray, y: HostArray, dy: HostArray, out: HostArray, alpha: number): void {
  const n = x.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -dy[i]; return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = dy[i] * y[i]; return;
    case 'log': for (let i = 0; i < n; i++) out[i] = dy[i] / x[i]; return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = (0.5 * dy[i]) / y[i]; return;
    case 'abs': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? dy[i] : v < 0 ? -dy[i] : 0; } return;
    case 'recip': for (let i = 0; i < n; i++) { const v = y[i]; out[i] = -dy[i] * v * v; } return;
    case 'square': for (let i = 0; i < n; i++) out[i] = 2 * x[i] * dy[i]; return;
    case 'sigmoid': for (let i = 0; i < n; i++) { const v = y[i]; out[i] = dy[i] * v * (1 - v); } return;
    case 'tanh': for (let i = 0; i < n; i++) { const v = y[i]; out[i] = dy[i] * (1 - v * v); } return;
    case 'relu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? dy[i] : 0; return;
    case 'leaky_relu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? dy[i] : alpha * dy[i]; return;
    case 'elu': for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha); return;
    case 'softplus': for (let i = 0; i < n; i++) out[i] = dy[i] * sigmoid(x[i]); return;
    default: assertNever(op);
  }
}

type Fn2 = (a: number, b: number) => number;

const BINARY_FN: Record<BinaryOp, Fn2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  // NaN in either input gives NaN, as in NumPy's maximum/minimum.
  max: (a, b) => (a >= b ? a : b < a ? b : a !== a ? a : b),
  min: (a, b) => (a <= b ? a : b > a ? b : a !== a ? a : b),
  pow: (a, b) => Math.pow(a, b),
  ge: (a, b) => (a >= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
};

/**
 * out[i] = a[ai] (op) b[bi] for n elements with the given strides. The four
 * arithmetic ops get their own loops since they dominate training time.
 */
function binaryRun(op: BinaryOp, a: HostArray, ao: number, as: number, b: HostArray, bo: number, bs: number, out: HostArray, oo: number, n: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs]; return;
    case 'sub': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - b[bo + i * bs]; return;
    case 'mul': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * b[bo + i * bs]; return;
    case 'div': for (let i = 0; i < n; i++) out[oo + i] = a[ao + i * as] / b[bo + i * bs]; return;
    default: {
      const f = BINARY_FN[op];
      for (let i = 0; i < n; i++) out[oo + i] = f(a[ao + i * as], b[bo + i * bs]);
    }
  }
}

/** Strides of `shape` seen through a broadcast to `out` (0 on broadcast axes), aligned to out's rank. */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const s = stridesOf(shape);
  const lead = out.length - shape.length;
  return out.map((d, i) => (i < lead || shape[i - lead] === 1 ? 0 : s[i - lead]));
}

/**
 * The odometer's state: the outer axes' sizes, both operands' strides and the index, copied
 * into one typed array. Callers pass shapes and strides of every kind of array (frozen shapes,
 * holey and packed ones); indexing them inside the loop made V8's optimising compilers deopt
 * on a "wrong map" over and over, hundreds of times a second in a training loop.
 */
let odometer = new Int32Array(32);

/** Calls visit(outOffset, aOffset, bOffset) for each row of the last axis of `out`. */
export function forEachRow(out: Shape, sa: readonly number[], sb: readonly number[], visit: (o: number, a: number, b: number) => void): void {
  const rank = out.length;
  const inner = rank === 0 ? 1 : out[rank - 1];
  const outer = Math.max(rank - 1, 0);
  let rows = inner === 0 ? 0 : 1;
  if (odometer.length < 4 * outer) odometer = new Int32Array(4 * outer);
  const st = odometer;
  // st[4k] the size of axis k, st[4k+1] and st[4k+2] its strides in a and b, st[4k+3] its index.
  for (let k = 0; k < outer; k++) {
    st[4 * k] = out[k];
    st[4 * k + 1] = sa[k];
    st[4 * k + 2] = sb[k];
    st[4 * k + 3] = 0;
    rows *= out[k];
  }
  let ao = 0;
  let bo = 0;
  for (let r = 0; r < rows; r++) {
    visit(r * inner, ao, bo);
    // Odometer over the outer axes, keeping the operand offsets incremental.
    for (let k = 4 * (outer - 1); k >= 0; k -= 4) {
      ao += st[k + 1];
      bo += st[k + 2];
      if (++st[k + 3] < st[k]) break;
      ao -= st[k + 1] * st[k];
      bo -= st[k + 2] * st[k];
      st[k + 3] = 0;
    }
  }
}

export function binary(op: BinaryOp, a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, out: HostArray): void {
  binaryPlan(op, a, aShape, b, bShape, out)();
}

/** {@link binary} on these arrays with its broadcast worked out now: a function that runs it and allocates nothing. */
export function binaryPlan(op: BinaryOp, a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, out: HostArray): () => void {
  const n = out.length;
  if (a.length === n && b.length === n) return () => binaryRun(op, a, 0, 1, b, 0, 1, out, 0, n);
  if (b.length === 1) return () => binaryRun(op, a, 0, 1, b, 0, 0, out, 0, n);
  if (a.length === 1) return () => binaryRun(op, a, 0, 0, b, 0, 1, out, 0, n);
  const shape = broadcastShapes(aShape, bShape);
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const rank = shape.length;
  const inner = shape[rank - 1];
  const ia = sa[rank - 1];
  const ib = sb[rank - 1];
  const row = (o: number, ao: number, bo: number) => binaryRun(op, a, ao, ia, b, bo, ib, out, o, inner);
  return () => forEachRow(shape, sa, sb, row);
}

/** Copies x into `out` broadcast to `shape`. */
export function broadcastTo(x: HostArray, xShape: Shape, shape: Shape, out: HostArray): void {
  const sx = broadcastStrides(xShape, shape);
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const inner = shape[rank - 1];
  const ix = sx[rank - 1];
  forEachRow(shape, sx, sx, (o, xo) => {
    for (let i = 0; i < inner; i++) out[o + i] = x[xo + i * ix];
  });
}

/**
 * The elementwise, reduction, softmax and optimiser kernels in WebAssembly SIMD (./elementwise.wat.mjs,
 * assembled at build time into ./generated/elementwise-wasm.ts), for float32 tensors that live
 * in the engine's heap (./heap.ts). Each gives exactly the bits of its TypeScript twin, so the
 * CPU backend may run either (elementwise.wat.mjs says how).
 *
 * Each function answers false, having written nothing, when it does not take the call: no
 * shared heap here, an operand outside it, too few elements to pay for the call, or a layout
 * the kernels do not cover (a general broadcast, a reduction of middle axes, an op such as exp
 * whose TypeScript twin calls Math.exp). The caller then runs the TypeScript kernel.
 */
import type { BinaryOp, ReduceOp, UnaryGradOp, UnaryOp, UpdateHyper, UpdateRule } from '../../backend.js';
import { broadcastShapes, type Shape, sizeOf } from '../../../tensor/shape.js';
import type { HostArray } from '../../../tensor/tensor.js';
import { broadcastStrides } from '../elementwise.js';
import { around } from '../reduce.js';
import { ELEMENTWISE_WASM } from './generated/elementwise-wasm.js';
import { Scratch, sharedKernels, type WasmHeap } from './heap.js';

/**
 * Below this many elements TypeScript runs the op: a call into WebAssembly and the checks
 * before it cost about what TypeScript takes for this many (bench/matmul-crossover.ts measured
 * the call's overhead for matmul; (x + y) z on scalars must stay at a microsecond or two).
 */
const MIN_ELEMENTS = 64;

type Bin = (a: number, ars: number, acs: number, b: number, brs: number, bcs: number, o: number, rows: number, cols: number) => void;
type Map1 = (x: number, o: number, n: number, alpha: number) => void;
type Map3 = (x: number, y: number, dy: number, o: number, n: number, alpha: number) => void;

interface Kernels {
  readonly heap: WasmHeap;
  /** float64 accumulators for column sums. */
  readonly acc: Scratch;
  readonly binary: Partial<Record<BinaryOp, Bin>>;
  readonly unary: Partial<Record<UnaryOp, Map1>>;
  readonly unaryGrad: Partial<Record<UnaryGradOp, Map3>>;
  readonly sumCols: (x: number, o: number, rows: number, cols: number, acc: number) => void;
  readonly sumRows: (x: number, o: number, outer: number, rowsPer: number, cols: number) => void;
  /** max_cols/min_cols (leading axes) and max_rows/min_rows (trailing ones), by op. */
  readonly extremeCols: Record<'max' | 'min', (x: number, o: number, rows: number, cols: number, acc: number) => void>;
  readonly extremeRows: Record<'max' | 'min', (x: number, o: number, outer: number, per: number) => void>;
  readonly sgd: (p: number, g: number, n: number, lr: number, wd: number) => void;
  readonly momentum: (p: number, g: number, v: number, n: number, lr: number, wd: number, mu: number, nesterov: number) => void;
  readonly adam: (p: number, g: number, m: number, v: number, n: number, lr: number, wd: number, b1: number, omb1: number, b2: number, omb2: number, eps: number, c1: number, c2: number) => void;
  readonly rmsprop: (p: number, g: number, v: number, n: number, lr: number, wd: number, b2: number, omb2: number, eps: number) => void;
  readonly allFinite: (x: number, n: number) => number;
  readonly softmax: (x: number, o: number, outer: number, n: number, inner: number, log: number) => void;
  readonly softmaxGrad: (y: number, dy: number, o: number, outer: number, n: number, inner: number, log: number) => void;
}


/** The exports whose names start with `prefix`, keyed by the rest of the name. */
function byPrefix<T>(exports: Record<string, unknown>, prefix: string): Partial<Record<string, T>> {
  const out: Partial<Record<string, T>> = {};
  for (const [name, f] of Object.entries(exports)) if (name.startsWith(prefix)) out[name.slice(prefix.length)] = f as T;
  return out;
}

const load = sharedKernels<Kernels>(ELEMENTWISE_WASM, (e, heap) => {
  const f = <T>(name: string) => e[name] as T;
  return {
    heap,
    acc: new Scratch(heap),
    binary: byPrefix<Bin>(e, 'bin_'),
    unary: byPrefix<Map1>(e, 'un_'),
    unaryGrad: byPrefix<Map3>(e, 'ug_'),
    sumCols: f('sum_cols'),
    sumRows: f('sum_rows'),
    extremeCols: { max: f('max_cols'), min: f('min_cols') },
    extremeRows: { max: f('max_rows'), min: f('min_rows') },
    sgd: f('upd_sgd'),
    momentum: f('upd_momentum'),
    adam: f('upd_adam'),
    rmsprop: f('upd_rmsprop'),
    allFinite: f('all_finite'),
    softmax: f('softmax'),
    softmaxGrad: f('softmax_grad'),
  };
});

/** Whether the elementwise kernels run here (a shared heap with WebAssembly SIMD). */
export function wasmElementwiseAvailable(): boolean {
  return load() !== null;
}

/** Writes the addresses of `arrays` in the heap into `into`; false when one of them is not there (or not float32). */
export function addresses(heap: WasmHeap, arrays: readonly HostArray[], into: number[]): boolean {
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    if (!(a instanceof Float32Array)) return false;
    const at = heap.addressOf(a);
    if (at < 0) return false;
    into[i] = at;
  }
  return true;
}
const ptr: number[] = [0, 0, 0, 0];
const stateAt: number[] = [0, 0];
const pair: HostArray[] = [];

/** [a, b] in a kept array (read at once by {@link addresses}). */
function operands(a: HostArray, b: HostArray): readonly HostArray[] {
  pair[0] = a;
  pair[1] = b;
  return pair;
}

/** Runs a kernel's plan (see the *Plan functions): false, having done nothing, when there is none. */
function ran(plan: (() => void) | null): boolean {
  if (plan === null) return false;
  plan();
  return true;
}

export function binaryWasm(op: BinaryOp, a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, out: HostArray): boolean {
  return ran(binaryWasmPlan(op, a, aShape, b, bShape, out));
}

/**
 * The binary kernel on these arrays, with its layout worked out now: a function that runs it
 * (again and again, for a replayed step) and allocates nothing; null where binaryWasm would answer false.
 */
export function binaryWasmPlan(op: BinaryOp, a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, out: HostArray): (() => void) | null {
  if (out.length < MIN_ELEMENTS) return null;
  const k = load();
  const f = k?.binary[op];
  if (!k || !f || !addresses(k.heap, [a, b, out], ptr)) return null;
  const shape = broadcastShapes(aShape, bShape);
  const dims = collapse(shape, broadcastStrides(aShape, shape), broadcastStrides(bShape, shape));
  if (dims === null) return null;
  const [pa, pb, po] = ptr;
  const { ars, acs, brs, bcs, rows, cols } = dims;
  return () => f(pa, ars, acs, pb, brs, bcs, po, rows, cols);
}

interface Rows {
  readonly rows: number;
  readonly cols: number;
  readonly ars: number;
  readonly acs: number;
  readonly brs: number;
  readonly bcs: number;
}

/**
 * The broadcast as rows x cols, when it is one: axes of size 1 dropped, and neighbouring axes
 * merged where both operands step through them as through one axis. Null when more than two
 * axes remain (a general broadcast, left to TypeScript).
 */
function collapse(shape: Shape, sa: readonly number[], sb: readonly number[]): Rows | null {
  const n: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < shape.length; k++) {
    if (shape[k] === 1) continue;
    const last = n.length - 1;
    // Axis k continues the previous kept axis when stepping once along the previous one is
    // stepping shape[k] times along k, for both operands.
    if (last >= 0 && a[last] === sa[k] * shape[k] && b[last] === sb[k] * shape[k]) {
      n[last] *= shape[k];
      a[last] = sa[k];
      b[last] = sb[k];
    } else {
      n.push(shape[k]);
      a.push(sa[k]);
      b.push(sb[k]);
    }
  }
  if (n.length === 0) return { rows: 1, cols: 1, ars: 0, acs: 0, brs: 0, bcs: 0 };
  if (n.length > 2) return null;
  const c = n.length - 1;
  return n.length === 1
    ? { rows: 1, cols: n[0], ars: 0, acs: a[0], brs: 0, bcs: b[0] }
    : { rows: n[0], cols: n[c], ars: a[0], acs: a[c], brs: b[0], bcs: b[c] };
}

export function unaryWasm(op: UnaryOp, x: HostArray, out: HostArray, alpha: number): boolean {
  return ran(unaryWasmPlan(op, x, out, alpha));
}

export function unaryWasmPlan(op: UnaryOp, x: HostArray, out: HostArray, alpha: number): (() => void) | null {
  if (out.length < MIN_ELEMENTS) return null;
  const k = load();
  const f = k?.unary[op];
  if (!k || !f || !addresses(k.heap, [x, out], ptr)) return null;
  const [px, po] = ptr;
  const n = out.length;
  return () => f(px, po, n, alpha);
}

export function unaryGradWasm(op: UnaryGradOp, x: HostArray, y: HostArray, dy: HostArray, out: HostArray, alpha: number): boolean {
  return ran(unaryGradWasmPlan(op, x, y, dy, out, alpha));
}

export function unaryGradWasmPlan(op: UnaryGradOp, x: HostArray, y: HostArray, dy: HostArray, out: HostArray, alpha: number): (() => void) | null {
  if (out.length < MIN_ELEMENTS) return null;
  const k = load();
  const f = k?.unaryGrad[op];
  if (!k || !f || !addresses(k.heap, [x, y, dy, out], ptr)) return null;
  const [px, py, pdy, po] = ptr;
  const n = out.length;
  return () => f(px, py, pdy, po, n, alpha);
}

/**
 * A sum, max or min over leading axes (the bias gradient's shape) or trailing ones (a row sum,
 * a total), as ../reduce.ts; reductions of middle axes are left to TypeScript.
 */
export function reduceWasm(op: ReduceOp, x: HostArray, xShape: Shape, axes: readonly number[], out: HostArray): boolean {
  return ran(reduceWasmPlan(op, x, xShape, axes, out));
}

export function reduceWasmPlan(op: ReduceOp, x: HostArray, xShape: Shape, axes: readonly number[], out: HostArray): (() => void) | null {
  if (x.length < MIN_ELEMENTS || axes.length === 0) return null;
  const k = load();
  if (!k || !addresses(k.heap, [x, out], ptr)) return null;
  const [px, po] = ptr;
  const r = xShape.length;
  const lead = axes.every((a, i) => a === i);
  const trail = axes.every((a, i) => a === r - axes.length + i);
  const groups = out.length;
  if (trail) {
    if (op === 'sum') {
      const cols = xShape[r - 1];
      const rowsPer = sizeOf(xShape.slice(r - axes.length, r - 1));
      return () => k.sumRows(px, po, groups, rowsPer, cols);
    }
    const per = x.length / groups;
    const f = k.extremeRows[op];
    return () => f(px, po, groups, per);
  }
  if (lead) {
    const f = op === 'sum' ? k.sumCols : k.extremeCols[op];
    const rows = x.length / groups;
    if (k.acc.get(groups * 8) < 0) return null;
    // The accumulators are the module's scratch, which may move when a larger one is asked for: looked up at each run.
    return () => {
      const acc = k.acc.get(groups * 8);
      if (acc < 0) throw new Error(`reduce: no room in the WebAssembly heap for ${groups} accumulators`);
      f(px, po, rows, groups, acc);
    };
  }
  return null;
}

/** The fused optimiser update, in place, as ../update.ts. */
export function updateWasm(rule: UpdateRule, p: HostArray, g: HostArray, state: readonly HostArray[], h: UpdateHyper): boolean {
  if (p.length < MIN_ELEMENTS) return false;
  const k = load();
  // Two calls rather than one on [p, g, ...state]: a step's updates make no arrays.
  if (!k || !addresses(k.heap, operands(p, g), ptr) || !addresses(k.heap, state, stateAt)) return false;
  ptr[2] = stateAt[0];
  ptr[3] = stateAt[1];
  const n = p.length;
  switch (rule) {
    case 'sgd':
      k.sgd(ptr[0], ptr[1], n, h.lr, h.weightDecay);
      return true;
    case 'momentum':
    case 'nesterov':
      k.momentum(ptr[0], ptr[1], ptr[2], n, h.lr, h.weightDecay, h.momentum, rule === 'nesterov' ? 1 : 0);
      return true;
    case 'adam':
      k.adam(ptr[0], ptr[1], ptr[2], ptr[3], n, h.lr, h.weightDecay, h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, h.eps, 1 - Math.pow(h.beta1, h.t), 1 - Math.pow(h.beta2, h.t));
      return true;
    case 'rmsprop':
      k.rmsprop(ptr[0], ptr[1], ptr[2], n, h.lr, h.weightDecay, h.beta2, 1 - h.beta2, h.eps);
      return true;
    default:
      return false;
  }
}

/** Whether every value of `data` is finite, where `data` lives in the shared heap; undefined where it does not (ask TypeScript). */
export function allFiniteWasm(data: ArrayLike<number>): boolean | undefined {
  if (!(data instanceof Float32Array) || data.length < MIN_ELEMENTS) return undefined;
  const k = load();
  if (!k) return undefined;
  const at = k.heap.addressOf(data);
  return at < 0 ? undefined : k.allFinite(at, data.length) === 1;
}

/** (Log-)softmax along `axis`, as ../reduce.ts's (its exp and log are Math's, imported). */
export function softmaxWasm(x: HostArray, shape: Shape, axis: number, log: boolean, out: HostArray): boolean {
  return ran(softmaxWasmPlan(x, shape, axis, log, out));
}

export function softmaxWasmPlan(x: HostArray, shape: Shape, axis: number, log: boolean, out: HostArray): (() => void) | null {
  if (out.length < MIN_ELEMENTS) return null;
  const k = load();
  if (!k || !addresses(k.heap, [x, out], ptr)) return null;
  const [px, po] = ptr;
  const [outer, n, inner] = around(shape, axis);
  const l = log ? 1 : 0;
  return () => k.softmax(px, po, outer, n, inner, l);
}

/** The gradient of (log-)softmax given its output y, as ../reduce.ts's. */
export function softmaxGradWasm(y: HostArray, dy: HostArray, shape: Shape, axis: number, log: boolean, out: HostArray): boolean {
  return ran(softmaxGradWasmPlan(y, dy, shape, axis, log, out));
}

export function softmaxGradWasmPlan(y: HostArray, dy: HostArray, shape: Shape, axis: number, log: boolean, out: HostArray): (() => void) | null {
  if (out.length < MIN_ELEMENTS) return null;
  const k = load();
  if (!k || !addresses(k.heap, [y, dy, out], ptr)) return null;
  const [py, pdy, po] = ptr;
  const [outer, n, inner] = around(shape, axis);
  const l = log ? 1 : 0;
  return () => k.softmaxGrad(py, pdy, po, outer, n, inner, l);
}

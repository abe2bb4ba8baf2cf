/**
 * The backend conformance table: for every KernelCall kind, cases drawn from a
 * seeded Rng. Typed `Record<KernelKind, …>`, so a new kind without cases does
 * not compile. Inputs are host data; each backend uploads them and builds the
 * call from its own tensors.
 */
import {
  BINARY_OPS, type BinaryOp, type DeviceTensor, type KernelCall, type KernelKind, type PoolKind, UNARY_OPS, type UnaryGradOp,
  type UnaryOp, type UpdateRule, type Window2d, stateCount,
} from '../../core/backend/backend.js';
import { unary } from '../../core/backend/cpu/elementwise.js';
import { softmax } from '../../core/backend/cpu/reduce.js';
import { conv2dShape, pool2dShape } from '../../core/backend/cpu/conv.js';
import { matmulShape } from '../../core/backend/cpu/matmul.js';
import { type Shape, reducedShape, sizeOf } from '../../core/tensor/shape.js';
import { Rng } from '../../core/tensor/random.js';
import { counterKey, dropoutThreshold } from '../../core/tensor/counter-random.js';

export interface Input {
  readonly shape: Shape;
  readonly data: Float64Array;
}

export interface Case {
  readonly name: string;
  readonly inputs: readonly Input[];
  readonly call: (t: readonly DeviceTensor[]) => KernelCall;
  /** For in-place kinds: the inputs to compare after the call (else the call's result). */
  readonly compare?: readonly number[];
  /** The absolute floor's factor for this case (conformance.test.ts's ATOL otherwise); 0 compares every value relatively. */
  readonly atol?: number;
  /**
   * Every value must equal the reference exactly, or its one rounding to float32 (a float32
   * backend's closest value): for kinds whose values are chosen, not computed (dropout's mask).
   */
  readonly exact?: boolean;
}

type Gen = (rng: Rng, shape: Shape) => Input;
const uniformIn = (lo: number, hi: number): Gen => (rng, shape) => ({ shape, data: Float64Array.from({ length: sizeOf(shape) }, () => rng.uniform(lo, hi)) });
/** Small whole numbers, so that maxima tie and `eq` is sometimes true. */
const ints: Gen = (rng, shape) => ({ shape, data: Float64Array.from({ length: sizeOf(shape) }, () => rng.int(5) - 2) });
const signed = uniformIn(-2, 2);

function dims(rng: Rng, rank: number, max = 7): number[] {
  return Array.from({ length: rank }, () => 1 + rng.int(max));
}

/** A shape that broadcasts to `out`: a suffix of it with some dims set to 1. */
function broadcastable(rng: Rng, out: Shape): number[] {
  const drop = rng.int(out.length + 1);
  return out.slice(drop).map((d) => (rng.next() < 0.4 ? 1 : d));
}

const UNARY_DOMAIN: Partial<Record<UnaryOp, Gen>> = { log: uniformIn(0.05, 5), sqrt: uniformIn(0.05, 5), recip: uniformIn(0.2, 3) };
const WIDE = uniformIn(-40, 40);

function unaryCases(rng: Rng): Case[] {
  return UNARY_OPS.flatMap((op) => {
    const gen = UNARY_DOMAIN[op] ?? uniformIn(-4, 4);
    const alpha = rng.uniform(0.05, 1.5);
    const shapes: Shape[] = [[], dims(rng, 1 + rng.int(3)), [3, 257]];
    const cases: Case[] = shapes.map((s) => ({ name: `${op} ${fmt(s)}`, inputs: [gen(rng, s)], call: (t: readonly DeviceTensor[]) => ({ kind: 'unary' as const, op, x: t[0], alpha }) }));
    // Arguments where float32 exp and tanh overflow unless clamped.
    if (['sigmoid', 'tanh', 'softplus', 'elu', 'exp'].includes(op)) {
      cases.push({ name: `${op} wide`, inputs: [WIDE(rng, [64])], call: (t) => ({ kind: 'unary', op, x: t[0], alpha }) });
    }
    // softplus(x) ≈ e^x for x ≪ 0 (bce_logits on a confident prediction): relatively accurate, not only near 0.
    if (op === 'softplus') cases.push({ name: 'softplus far below 0', inputs: [uniformIn(-30, -2)(rng, [64])], atol: 0, call: (t) => ({ kind: 'unary', op, x: t[0], alpha }) });
    return cases;
  });
}

const GRAD_OPS = UNARY_OPS.filter((op): op is UnaryGradOp => op !== 'step' && op !== 'sign');

function unaryGradCases(rng: Rng): Case[] {
  return GRAD_OPS.map((op) => {
    const shape = dims(rng, 2);
    const x = (UNARY_DOMAIN[op] ?? uniformIn(-4, 4))(rng, shape);
    const alpha = rng.uniform(0.05, 1.5);
    const y = new Float64Array(x.data.length);
    unary(op, x.data, y, alpha);
    return { name: `${op} ${fmt(shape)}`, inputs: [x, { shape, data: y }, signed(rng, shape)], call: (t) => ({ kind: 'unary_grad', op, x: t[0], y: t[1], dy: t[2], alpha }) };
  });
}

const BINARY_DOMAIN: Partial<Record<BinaryOp, [Gen, Gen]>> = {
  div: [signed, (rng, s) => ({ shape: s, data: Float64Array.from({ length: sizeOf(s) }, () => (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.3, 2)) })],
  pow: [uniformIn(0.2, 3), uniformIn(-2, 2)],
  max: [ints, ints], min: [ints, ints], ge: [ints, ints], gt: [ints, ints], eq: [ints, ints],
};

function binaryCases(rng: Rng): Case[] {
  const cases: Case[] = [];
  for (const op of BINARY_OPS) {
    const [ga, gb] = BINARY_DOMAIN[op] ?? [signed, signed];
    const out = dims(rng, 1 + rng.int(4), 6);
    const pairs: [Shape, Shape][] = [[out, out], [out, []], [[], out], [out, broadcastable(rng, out)], [broadcastable(rng, out), out],
      [[4, 1, 3], [5, 1]], [[1, 300], [7, 1]], [[6, 5], [5]], [[1, 3, 4], [2, 3, 4]], [[2, 1, 4], [1, 4]]];
    for (const [sa, sb] of pairs) {
      cases.push({ name: `${op} ${fmt(sa)} ${fmt(sb)}`, inputs: [ga(rng, sa), gb(rng, sb)], call: (t) => ({ kind: 'binary', op, a: t[0], b: t[1] }) });
    }
  }
  // Negative bases with whole exponents, and 0^b.
  const base = { shape: [6], data: Float64Array.from([-2, -1.5, -3, 0, 0, -0.5]) };
  const exp = { shape: [6], data: Float64Array.from([3, 2, -1, 2, 0, 4]) };
  cases.push({ name: 'pow negative bases', inputs: [base, exp], call: (t) => ({ kind: 'binary', op: 'pow', a: t[0], b: t[1] }) });
  return cases;
}

/** Every subset of axes of a rank-3 and a rank-4 shape, plus groups big enough for tree reductions. */
function axesCases(rng: Rng, make: (x: Shape, axes: number[]) => Case[]): Case[] {
  const cases: Case[] = [];
  for (const shape of [dims(rng, 3, 6), [2, 3, 1, 4]]) {
    for (let mask = 0; mask < 1 << shape.length; mask++) {
      cases.push(...make(shape, shape.map((_, i) => i).filter((i) => mask & (1 << i))));
    }
  }
  cases.push(...make([3, 700], [1]), ...make([300, 5], [0]), ...make([2, 90, 3], [1]), ...make([5, 40, 7], [0, 2]), ...make([], []), ...make([3, 1000], [0, 1]));
  return cases;
}

function reduceCases(rng: Rng): Case[] {
  const cases = axesCases(rng, (x, axes) => (['sum', 'max', 'min'] as const).map((op) => ({
    name: `${op} ${fmt(x)} axes ${fmt(axes)}`, inputs: [signed(rng, x)], call: (t: readonly DeviceTensor[]) => ({ kind: 'reduce' as const, op, x: t[0], axes }),
  })));
  for (const op of ['sum', 'max', 'min'] as const) {
    cases.push({ name: `${op} over an empty axis`, inputs: [signed(rng, [3, 0, 2])], call: (t) => ({ kind: 'reduce', op, x: t[0], axes: [1] }) });
  }
  return cases;
}

function reduceMaxGradCases(rng: Rng): Case[] {
  return axesCases(rng, (x, axes) => [{
    name: `${fmt(x)} axes ${fmt(axes)}`, inputs: [ints(rng, x), signed(rng, reducedShape(x, axes, true))],
    call: (t) => ({ kind: 'reduce_max_grad', x: t[0], dy: t[1], axes }),
  }]);
}

function matmulCases(rng: Rng): Case[] {
  const shapes: [Shape, Shape][] = [[[7, 13], [13, 5]], [[1, 9], [9, 1]], [[70, 130], [130, 65]], [[2, 1, 5, 7], [3, 7, 4]], [[4, 3, 6], [6, 2]],
    [[33, 17], [17, 65]], [[3, 0], [0, 4]], [[dims(rng, 1)[0], 11], [11, dims(rng, 1)[0]]]];
  const cases: Case[] = [];
  for (const [a, b] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const swap = (s: Shape, t: boolean): Shape => (t ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
        const sa = swap(a, transA);
        const sb = swap(b, transB);
        matmulShape(sa, sb, transA, transB);
        cases.push({ name: `${fmt(sa)}${transA ? 'ᵀ' : ''} · ${fmt(sb)}${transB ? 'ᵀ' : ''}`, inputs: [signed(rng, sa), signed(rng, sb)], call: (t) => ({ kind: 'matmul', a: t[0], b: t[1], transA, transB }) });
      }
    }
  }
  return cases;
}

function transposeCases(rng: Rng): Case[] {
  return [2, 3, 4, 5, 1].map((rank) => {
    const shape = dims(rng, rank, 5);
    const perm = shape.map((_, i) => i);
    rng.shuffle(perm);
    return { name: `${fmt(shape)} perm ${fmt(perm)}`, inputs: [signed(rng, shape)], call: (t) => ({ kind: 'transpose', x: t[0], perm }) };
  });
}

function broadcastToCases(rng: Rng): Case[] {
  return [1, 2, 3, 4].map((rank) => {
    const shape = dims(rng, rank, 6);
    const from = broadcastable(rng, shape);
    return { name: `${fmt(from)} to ${fmt(shape)}`, inputs: [signed(rng, from)], call: (t) => ({ kind: 'broadcast_to', x: t[0], shape }) };
  });
}

const SOFTMAX_SHAPES: [Shape, number][] = [[[4, 10], 1], [[4, 10], 0], [[3, 5, 7], 1], [[2, 300], 1], [[200, 3], 0], [[1], 0], [[6, 130, 2], 1]];

/**
 * Rows of `n` logits with one winner 2 to 18 above the rest (two tied winners in every fourth
 * row): confident predictions, whose log-probabilities near 0 are small cross-entropy losses.
 */
function confident(rng: Rng, rows: number, n: number): Input {
  const data = Float64Array.from({ length: rows * n }, () => rng.uniform(-3, 0));
  for (let r = 0; r < rows; r++) {
    const top = rng.uniform(2, 18);
    data[r * n + rng.int(n)] = top;
    if (r % 4 === 3) data[r * n + ((rng.int(n - 1) + 1) % n)] = top;
  }
  return { shape: [rows, n], data };
}

function softmaxCases(rng: Rng): Case[] {
  const cases: Case[] = SOFTMAX_SHAPES.flatMap(([shape, axis]) => [false, true].map((log) => ({
    name: `${log ? 'log ' : ''}${fmt(shape)} axis ${axis}`, inputs: [uniformIn(-30, 30)(rng, shape)],
    call: (t: readonly DeviceTensor[]) => ({ kind: 'softmax' as const, x: t[0], axis, log }),
  })));
  // Compared relatively, with no absolute floor: a log-probability of -1e-7 must not come back as 0.
  for (const [rows, n] of [[64, 2], [40, 3], [3, 300]]) {
    cases.push({ name: `log confident ${rows}x${n}`, inputs: [confident(rng, rows, n)], atol: 0, call: (t) => ({ kind: 'softmax', x: t[0], axis: 1, log: true }) });
  }
  return cases;
}

function softmaxGradCases(rng: Rng): Case[] {
  return SOFTMAX_SHAPES.flatMap(([shape, axis]) => [false, true].map((log) => {
    const x = uniformIn(-3, 3)(rng, shape);
    const y = new Float64Array(x.data.length);
    softmax(x.data, shape, axis, log, y);
    return {
      name: `${log ? 'log ' : ''}${fmt(shape)} axis ${axis}`, inputs: [{ shape, data: y }, signed(rng, shape)],
      call: (t: readonly DeviceTensor[]) => ({ kind: 'softmax_grad' as const, y: t[0], dy: t[1], axis, log }),
    };
  }));
}

function oneHotCases(rng: Rng): Case[] {
  const labels = (n: number, depth: number): Input => ({ shape: [n], data: Float64Array.from({ length: n }, () => rng.int(depth)) });
  return [
    { name: 'in range', inputs: [labels(37, 10)], call: (t) => ({ kind: 'one_hot', indices: t[0], depth: 10 }) },
    { name: 'out of range and fractional give zero rows', inputs: [{ shape: [6], data: Float64Array.from([-1, 3, 4, 2.5, 0, 100]) }], call: (t) => ({ kind: 'one_hot', indices: t[0], depth: 4 }) },
    { name: 'scalar index', inputs: [{ shape: [], data: Float64Array.from([2]) }], call: (t) => ({ kind: 'one_hot', indices: t[0], depth: 3 }) },
  ];
}

interface ConvGeom { readonly x: Shape; readonly w: Shape; readonly win: Window2d }

function convGeoms(rng: Rng): ConvGeom[] {
  const win = (k: number, s: number, p: number): Window2d => ({ kernel: [k, k], stride: [s, s], padding: [p, p] });
  return [
    { x: [2, 3, 7, 6], w: [4, 3, 3, 3], win: win(3, 1, 1) },
    { x: [1, 2, 9, 8], w: [3, 2, 3, 2], win: { kernel: [3, 2], stride: [2, 1], padding: [1, 0] } },
    { x: [3, 1, 5, 5], w: [2, 1, 1, 1], win: win(1, 1, 0) },
    { x: [1, 4, 8, 8], w: [5, 4, 2, 2], win: win(2, 2, 0) },
    { x: [2, 2, 6, 7], w: [1 + rng.int(3), 2, 3, 3], win: win(3, 2, 1) },
  ];
}

function convCases(rng: Rng, kind: 'conv2d' | 'conv2d_grad_x' | 'conv2d_grad_w'): Case[] {
  return convGeoms(rng).map(({ x, w, win }) => {
    const y = conv2dShape(x, w, win);
    const name = `x ${fmt(x)} w ${fmt(w)} stride ${fmt(win.stride)} pad ${fmt(win.padding)}`;
    if (kind === 'conv2d') return { name, inputs: [signed(rng, x), signed(rng, w)], call: (t) => ({ kind, x: t[0], w: t[1], window: win }) };
    if (kind === 'conv2d_grad_x') return { name, inputs: [signed(rng, y), signed(rng, w)], call: (t) => ({ kind, dy: t[0], w: t[1], xShape: x, window: win }) };
    return { name, inputs: [signed(rng, y), signed(rng, x)], call: (t) => ({ kind, dy: t[0], x: t[1], wShape: w, window: win }) };
  });
}

function poolCases(rng: Rng, grad: boolean): Case[] {
  const geoms: [Shape, Window2d][] = [
    [[2, 3, 8, 8], { kernel: [2, 2], stride: [2, 2], padding: [0, 0] }],
    [[1, 2, 7, 9], { kernel: [3, 3], stride: [2, 2], padding: [1, 1] }],
    [[2, 1, 5, 6], { kernel: [3, 2], stride: [1, 2], padding: [1, 0] }],
  ];
  return (['max', 'avg'] as PoolKind[]).flatMap((pool) => geoms.map(([x, win]) => {
    const name = `${pool} ${fmt(x)} kernel ${fmt(win.kernel)} stride ${fmt(win.stride)} pad ${fmt(win.padding)}`;
    if (!grad) return { name, inputs: [ints(rng, x)], call: (t: readonly DeviceTensor[]) => ({ kind: 'pool2d' as const, pool, x: t[0], window: win }) };
    return { name, inputs: [ints(rng, x), signed(rng, pool2dShape(x, win))], call: (t: readonly DeviceTensor[]) => ({ kind: 'pool2d_grad' as const, pool, x: t[0], dy: t[1], window: win }) };
  }));
}

function updateCases(rng: Rng): Case[] {
  const rules: UpdateRule[] = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'];
  return rules.flatMap((rule) => [0, 0.01].map((weightDecay) => {
    const shape = [3 + rng.int(40), 5];
    const hyper = { lr: rng.uniform(0.01, 0.1), weightDecay, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, t: 1 + rng.int(10) };
    // Adam's first state is a signed average; every other state a mean square, so never negative.
    const state = Array.from({ length: stateCount(rule) }, (_, k) => (rule === 'adam' && k === 0 ? signed : uniformIn(0, 1))(rng, shape));
    return {
      name: `${rule} weight decay ${weightDecay}`, inputs: [signed(rng, shape), signed(rng, shape), ...state],
      compare: state.map((_, k) => 2 + k).concat([0]),
      call: (t: readonly DeviceTensor[]) => ({ kind: 'update' as const, rule, param: t[0], grad: t[1], state: t.slice(2), hyper }),
    };
  }));
}

function fillCases(rng: Rng): Case[] {
  return [[[], 3.5], [[5], -Infinity], [[17, 33], rng.uniform(-5, 5)], [[3, 0, 2], 1], [[4, 4], 0]].map(([shape, value]) => ({
    name: `${fmt(shape as Shape)} = ${String(value)}`, inputs: [], call: () => ({ kind: 'fill' as const, shape: shape as Shape, value: value as number }),
  }));
}

/**
 * Masks over a scalar, size-1, odd, empty and large shapes, for several keys and p (a dispatch
 * split over x and y is webgpu-backend.test.ts's, at small limits).
 */
function dropoutMaskCases(rng: Rng): Case[] {
  const shapes: Shape[] = [[], [1], [7], [3, 5, 9], [2, 0, 3], [257, 33], [513, 1031]];
  return shapes.flatMap((shape, s) => [0.1, 0.5, 0.9].map((p, j) => {
    const key = counterKey(rng.int(1 << 30), s * 3 + j);
    const threshold = dropoutThreshold(p);
    const scale = 1 / (1 - p);
    return { name: `${fmt(shape)} p ${p} key ${key}`, inputs: [], exact: true, call: () => ({ kind: 'dropout_mask' as const, shape, key, threshold, scale }) };
  }));
}

export const CASES: Record<KernelKind, (rng: Rng) => Case[]> = {
  fill: fillCases,
  unary: unaryCases,
  unary_grad: unaryGradCases,
  binary: binaryCases,
  reduce: reduceCases,
  reduce_max_grad: reduceMaxGradCases,
  matmul: matmulCases,
  transpose: transposeCases,
  broadcast_to: broadcastToCases,
  softmax: softmaxCases,
  softmax_grad: softmaxGradCases,
  one_hot: oneHotCases,
  dropout_mask: dropoutMaskCases,
  conv2d: (rng) => convCases(rng, 'conv2d'),
  conv2d_grad_x: (rng) => convCases(rng, 'conv2d_grad_x'),
  conv2d_grad_w: (rng) => convCases(rng, 'conv2d_grad_w'),
  pool2d: (rng) => poolCases(rng, false),
  pool2d_grad: (rng) => poolCases(rng, true),
  update: updateCases,
};

/** The cases of every kind, each kind from its own seed so that adding cases to one leaves the others unchanged. */
export function allCases(seed: number): [KernelKind, Case[]][] {
  return (Object.keys(CASES) as KernelKind[]).map((kind) => [kind, CASES[kind](new Rng(seed + [...kind].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0)))]);
}

function fmt(s: readonly number[]): string {
  return `[${s.join(',')}]`;
}

/**
 * Seeded random graphs over the whole op catalogue, for comparing backends.
 * A graph is a chain of randomly chosen ops over a small tensor (rank 2 or 4),
 * each op with valid random attrs and whatever helper nodes its inputs need
 * (positive arguments for log and sqrt, log-probabilities for nll and kl_div,
 * class-index targets, a 4-D view for conv2d and the pools), with fresh
 * input/param/const operands and fan-out from earlier nodes of the chain.
 * Values are kept O(1): after an op that may grow them, the chain is scaled
 * back by a constant, so no exp overflows and float32 stays accurate.
 */
import type { GraphDoc, GraphEdge, GraphNode } from '../../core/graph/types.js';
import { resolveAttr } from '../../core/ops/attrs.js';
import { getOp } from '../../core/ops/registry.js';
import { Rng } from '../../core/tensor/random.js';
import { type Shape, sizeOf } from '../../core/tensor/shape.js';

/** A node of the graph being built: its shape and a bound on its values' magnitude. */
interface Ref {
  readonly id: string;
  readonly shape: Shape;
  readonly bound: number;
}

type SourceOp = 'input' | 'param' | 'const';

class Builder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  /** Earlier values of the chain, for fan-out (a value used twice sums its gradients). */
  readonly pool: Ref[] = [];

  constructor(readonly rng: Rng) {}

  private nextId(op: string): string {
    return `${op}_${this.nodes.length}`;
  }

  source(shape: Shape, lo: number, hi: number, op: SourceOp = (['input', 'param', 'const'] as const)[this.rng.int(3)]): Ref {
    const data = Array.from({ length: sizeOf(shape) }, () => this.rng.uniform(lo, hi));
    return this.literal(op, shape, data, Math.max(Math.abs(lo), Math.abs(hi)));
  }

  literal(op: SourceOp, shape: Shape, data: readonly number[], bound: number): Ref {
    const id = this.nextId(op);
    this.nodes.push({ id, op, attrs: { value: { shape, data } } });
    return { id, shape, bound };
  }

  /** A param left to its initialiser (the same seed gives the same values on every backend). */
  initParam(shape: Shape, init: string, attrs: Record<string, unknown> = {}): Ref {
    const id = this.nextId('param');
    this.nodes.push({ id, op: 'param', attrs: { shape, init, ...attrs } });
    return { id, shape, bound: 3 };
  }

  scalar(value: number): Ref {
    return this.literal('const', [], [value], Math.abs(value));
  }

  /** An op node; its shape comes from the op's own shape rule. */
  op(name: string, inputs: Record<string, Ref>, attrs: Record<string, unknown>, bound: number): Ref {
    const def = getOp(name);
    if (!def || def.kind !== 'compute') throw new Error(`no compute op ${name}`);
    const resolved: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(def.attrs)) {
      const r = resolveAttr(k, spec, attrs[k]);
      if (!r.ok) throw new Error(`${name}: ${r.message}`);
      resolved[k] = r.value;
    }
    const shape = def.shape(def.inputs.map((p) => inputs[p.name]?.shape), resolved);
    const id = this.nextId(name);
    this.nodes.push({ id, op: name, attrs });
    for (const [port, ref] of Object.entries(inputs)) this.edges.push({ from: ref.id, to: id, port });
    return { id, shape, bound };
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)];
  }
}

const last = (x: Ref): number => x.shape[x.shape.length - 1];

/** [N, M]: x itself when rank 2, else flattened. */
function flat2(b: Builder, x: Ref): Ref {
  return x.shape.length === 2 ? x : b.op('flatten', { x }, {}, x.bound);
}

/** A 4-D view [N, C, H, W] of x (rank 2 becomes [1, 1, h, w] with h·w its size, h the largest divisor ≤ √size). */
function to4d(b: Builder, x: Ref): Ref {
  if (x.shape.length === 4) return x;
  const n = sizeOf(x.shape);
  let h = Math.floor(Math.sqrt(n));
  while (n % h !== 0) h--;
  return b.op('reshape', { x }, { shape: b.rng.next() < 0.5 ? [1, 1, h, n / h] : [1, 1, h, -1] }, x.bound);
}

/** x's own shape, its last axis alone, or [1, last]: operands that broadcast against x. */
function operandShape(b: Builder, x: Ref): Shape {
  return b.pick<Shape>([x.shape, [last(x)], [...x.shape.slice(0, -1).map(() => 1), last(x)], []]);
}

/** x op y, with y an earlier value of the same shape (fan-out) or a fresh source, on either side. */
function binary(name: string, bound: (a: number, b: number) => number): (b: Builder, x: Ref) => Ref {
  return (b, x) => {
    const same = b.pool.filter((r) => r.id !== x.id && r.shape.join() === x.shape.join());
    const y = same.length > 0 && b.rng.next() < 0.4 ? b.pick(same) : b.source(operandShape(b, x), -1.5, 1.5);
    const [l, r] = y.shape.length === x.shape.length && b.rng.next() < 0.5 ? [y, x] : [x, y];
    return b.op(name, { a: l, b: r }, {}, bound(l.bound, r.bound));
  };
}

const unary = (name: string, bound: (x: number) => number, attrs: (b: Builder) => Record<string, unknown> = () => ({})) => (b: Builder, x: Ref): Ref =>
  b.op(name, { x }, attrs(b), bound(x.bound));

/** x + s for a scalar or reduced s: keeps the chain's shape after an op that shrinks it. */
const addBack = (b: Builder, x: Ref, s: Ref): Ref => b.op('add', { a: x, b: s }, {}, x.bound + s.bound);

function reduction(name: string, grow: (count: number) => number): (b: Builder, x: Ref) => Ref {
  return (b, x) => {
    const rank = x.shape.length;
    const keepdims = b.rng.next() < 0.5;
    // Without keepdims only leading axes (or all) go, so the result still broadcasts against x.
    const axes = keepdims ? Array.from({ length: rank }, (_, i) => i).filter(() => b.rng.next() < 0.5) : Array.from({ length: 1 + b.rng.int(rank) }, (_, i) => i);
    const all = axes.length === 0 || axes.length === rank;
    const count = all ? sizeOf(x.shape) : axes.reduce((p, a) => p * x.shape[a], 1);
    let attrs: Record<string, unknown>;
    if (all && b.rng.next() < 0.5) attrs = { keepdims }; // no axis: every axis
    else if (axes.length === 1 && b.rng.next() < 0.5) attrs = { axis: axes[0], keepdims };
    else attrs = { axis: all ? [...x.shape.keys()] : axes, keepdims };
    return addBack(b, x, b.op(name, { x }, attrs, x.bound * grow(count)));
  };
}

/** Class indices [N] in [0, C), or probability rows [N, C]. */
function classTarget(b: Builder, n: number, c: number, probs: boolean): Ref {
  if (!probs) return b.literal('input', [n], Array.from({ length: n }, () => b.rng.int(c)), c);
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: c }, () => b.rng.uniform(0.05, 1));
    const s = row.reduce((p, v) => p + v, 0);
    data.push(...row.map((v) => v / s));
  }
  return b.literal(b.pick(['input', 'const'] as const), [n, c], data, 1);
}

function classLoss(name: string, logProbs: boolean, probsAllowed: boolean): (b: Builder, x: Ref) => Ref {
  return (b, x) => {
    let p = flat2(b, x);
    if (logProbs) p = b.op('log_softmax', { x: p }, { axis: -1 }, 2 * p.bound + Math.log(last(p)));
    const target = classTarget(b, p.shape[0], last(p), probsAllowed && b.rng.next() < 0.5);
    return addBack(b, x, b.op(name, { pred: p, target }, {}, 2 * p.bound + 2));
  };
}

function pointLoss(name: string, pred: (b: Builder, x: Ref) => Ref, lo: number, hi: number): (b: Builder, x: Ref) => Ref {
  return (b, x) => {
    const p = pred(b, x);
    const target = b.source(p.shape, lo, hi, 'input');
    return addBack(b, x, b.op(name, { pred: p, target }, {}, (p.bound + hi) ** 2 + 10));
  };
}

/** A [N, C, H, W] view and a window that fits it: kernel ≤ size + 2·padding, padding ≤ kernel / 2. */
function windowFor(b: Builder, x4: Ref): { kernel: [number, number]; stride: [number, number]; padding: [number, number] } {
  const axis = (size: number): [number, number, number] => {
    const kernel = 1 + b.rng.int(Math.min(3, size + 1));
    const padding = b.rng.int(Math.floor(kernel / 2) + 1);
    return [Math.min(kernel, size + 2 * padding), 1 + b.rng.int(2), padding];
  };
  const [kh, sh, ph] = axis(x4.shape[2]);
  const [kw, sw, pw] = axis(x4.shape[3]);
  return { kernel: [kh, kw], stride: [sh, sw], padding: [Math.min(ph, Math.floor(kh / 2)), Math.min(pw, Math.floor(kw / 2))] };
}

function pool(name: string): (b: Builder, x: Ref) => Ref {
  return (b, x) => {
    const x4 = to4d(b, x);
    const win = windowFor(b, x4);
    // Without a stride the windows do not overlap (stride = kernel).
    const attrs = b.rng.next() < 0.3 ? { kernel: win.kernel, padding: win.padding } : win;
    return b.op(name, { x: x4 }, attrs, x.bound);
  };
}

/** How each compute op is put into a chain: from the chain's value x, the op's node (or a node fed by it). */
export const OP_CASES: Readonly<Record<string, (b: Builder, x: Ref) => Ref>> = {
  add: binary('add', (p, q) => p + q),
  sub: binary('sub', (p, q) => p + q),
  mul: binary('mul', (p, q) => p * q),
  max: binary('max', Math.max),
  min: binary('min', Math.max),
  div: (b, x) => {
    const d = b.literal(b.pick(['input', 'param', 'const'] as const), [last(x)], Array.from({ length: last(x) }, () => (b.rng.next() < 0.5 ? -1 : 1) * b.rng.uniform(0.5, 1.5)), 1.5);
    return b.op('div', { a: x, b: d }, {}, 2 * x.bound);
  },
  pow: (b, x) => {
    const base = b.op('add', { a: b.op('sigmoid', { x }, {}, 1), b: b.scalar(0.5) }, {}, 1.5);
    return b.op('pow', { a: base, b: b.source(operandShape(b, x), -2, 2, 'param') }, {}, 4);
  },
  neg: unary('neg', (v) => v),
  exp: unary('exp', Math.exp),
  log: (b, x) => b.op('log', { x: b.op('add', { a: b.op('square', { x }, {}, x.bound ** 2), b: b.scalar(0.5) }, {}, x.bound ** 2 + 0.5) }, {}, Math.log(x.bound ** 2 + 0.5) + 1),
  sqrt: (b, x) => b.op('sqrt', { x: b.op('add', { a: b.op('abs', { x }, {}, x.bound), b: b.scalar(0.25) }, {}, x.bound + 0.25) }, {}, Math.sqrt(x.bound + 0.25)),
  abs: unary('abs', (v) => v),
  recip: (b, x) => b.op('recip', { x: b.op('add', { a: b.op('sigmoid', { x }, {}, 1), b: b.scalar(0.5) }, {}, 1.5) }, {}, 2),
  square: unary('square', (v) => v * v),
  sigmoid: unary('sigmoid', () => 1),
  tanh: unary('tanh', () => 1),
  relu: unary('relu', (v) => v),
  leaky_relu: unary('leaky_relu', (v) => v, (b) => (b.rng.next() < 0.5 ? {} : { alpha: b.rng.uniform(0.01, 0.3) })),
  elu: unary('elu', (v) => v + 1.5, (b) => (b.rng.next() < 0.5 ? {} : { alpha: b.rng.uniform(0.5, 1.5) })),
  softplus: unary('softplus', (v) => v + 1),
  matmul: (b, x) => {
    const m = 2 + b.rng.int(5);
    if (x.shape.length === 2 && b.rng.next() < 0.3) {
      // x as the right operand: [m, R] @ [R, C].
      const w = b.source([m, x.shape[0]], -1, 1, 'param');
      return b.op('matmul', { a: w, b: x }, {}, x.bound * x.shape[0]);
    }
    // Rank 4 is a batched matmul over [N, C] of [H, W] @ [W, m].
    const w = b.rng.next() < 0.5 ? b.source([last(x), m], -1, 1, 'param') : b.initParam([last(x), m], b.pick(['xavier_uniform', 'he_normal', 'uniform', 'normal']));
    return b.op('matmul', { a: x, b: w }, {}, x.bound * last(x) * w.bound);
  },
  transpose: (b, x) => {
    if (x.shape.length === 2) return b.op('transpose', { x }, b.rng.next() < 0.5 ? {} : { perm: [1, 0] }, x.bound);
    const perm = [...x.shape.keys()];
    b.rng.shuffle(perm);
    return b.op('transpose', { x }, { perm }, x.bound);
  },
  reshape: (b, x) => {
    if (x.shape.length === 4) return b.op('reshape', { x }, { shape: [x.shape[0], -1] }, x.bound);
    return b.rng.next() < 0.5 ? to4d(b, x) : b.op('reshape', { x }, { shape: [x.shape[1], x.shape[0]] }, x.bound);
  },
  flatten: (b, x) => b.op('flatten', { x: x.shape.length === 4 ? x : b.op('reshape', { x }, { shape: [x.shape[0], 1, -1] }, x.bound) }, {}, x.bound),
  sum: reduction('sum', (n) => n),
  mean: reduction('mean', () => 1),
  reduce_max: reduction('reduce_max', () => 1),
  softmax: (b, x) => b.op('softmax', { x }, { axis: b.rng.int(2 * x.shape.length) - x.shape.length }, 1),
  log_softmax: (b, x) => b.op('log_softmax', { x }, b.rng.next() < 0.3 ? {} : { axis: b.rng.int(x.shape.length) }, 2 * x.bound + 3),
  mse: pointLoss('mse', (_, x) => x, -1, 1),
  l1: pointLoss('l1', (_, x) => x, -1, 1),
  bce: pointLoss('bce', (b, x) => b.op('sigmoid', { x }, {}, 1), 0, 1),
  bce_logits: pointLoss('bce_logits', (_, x) => x, 0, 1),
  cross_entropy: classLoss('cross_entropy', false, true),
  nll: classLoss('nll', true, true),
  hinge: classLoss('hinge', false, false),
  kl_div: (b, x) => {
    const p = b.op('log_softmax', { x: flat2(b, x) }, { axis: -1 }, 2 * x.bound + 3);
    return addBack(b, x, b.op('kl_div', { pred: p, target: classTarget(b, p.shape[0], last(p), true) }, {}, 10));
  },
  dropout: unary('dropout', (v) => 3 * v, (b) => (b.rng.next() < 0.3 ? {} : { p: b.rng.uniform(0.1, 0.6) })),
  batchnorm: (b, x) => {
    // At least two values per channel, so that the batch variance is not 0.
    const t = sizeOf(x.shape) / x.shape[1] < 2 ? b.op('transpose', { x }, { perm: [...x.shape.keys()].reverse() }, x.bound) : x;
    // In train mode batchnorm is blind to a per-channel shift or scale of its input, so whatever
    // shifts or scales the chain upstream (a scalar added back, a scaling const) gets a gradient
    // that is exactly 0 and computed as rounding noise times 1/σ. A random elementwise affine map
    // first keeps every upstream gradient generic.
    const m = b.op('mul', { a: t, b: b.source(t.shape, 0.5, 1.5, 'const') }, {}, 1.5 * t.bound);
    const v = b.op('add', { a: m, b: b.source(t.shape, -1, 1, 'const') }, {}, m.bound + 1);
    const c = v.shape[1];
    const attrs: Record<string, unknown> = b.rng.next() < 0.5 ? {} : { momentum: b.rng.uniform(0.05, 0.5) };
    if (b.rng.next() < 0.5) {
      attrs['running_mean'] = Array.from({ length: c }, () => b.rng.uniform(-0.5, 0.5));
      attrs['running_var'] = Array.from({ length: c }, () => b.rng.uniform(0.5, 2));
    }
    const gamma = b.source([c], 0.5, 1.5, 'param');
    const beta = b.source([c], -0.5, 0.5, 'param');
    return b.op('batchnorm', { x: v, gamma, beta }, attrs, 1.5 * Math.sqrt(sizeOf(v.shape) / c) * Math.max(1, x.bound / 0.7) + 0.5);
  },
  conv2d: (b, x) => {
    const x4 = to4d(b, x);
    const win = windowFor(b, x4);
    const co = 1 + b.rng.int(3);
    const fan = x4.shape[1] * win.kernel[0] * win.kernel[1];
    const w = b.source([co, x4.shape[1], ...win.kernel], -1 / Math.sqrt(fan), 1 / Math.sqrt(fan), 'param');
    const inputs: Record<string, Ref> = { x: x4, w };
    if (b.rng.next() < 0.6) inputs['b'] = b.source([co], -0.5, 0.5, 'param');
    return b.op('conv2d', inputs, { stride: win.stride, padding: win.padding }, x.bound * Math.sqrt(fan) + 0.5);
  },
  maxpool2d: pool('maxpool2d'),
  avgpool2d: pool('avgpool2d'),
};

/** Brings x back to O(1) values, rank 2 or 4, and at most 64 elements, for the next op. */
function settle(b: Builder, x: Ref): Ref {
  let v = x;
  if (v.shape.length !== 2 && v.shape.length !== 4) v = b.op('reshape', { x: v }, { shape: v.shape.length < 2 ? [1, -1] : [v.shape[0], -1] }, v.bound);
  if (sizeOf(v.shape) > 64) {
    const f = flat2(b, v);
    const w = b.source([last(f), 4], -1 / Math.sqrt(last(f)), 1 / Math.sqrt(last(f)), 'param');
    v = b.op('matmul', { a: f, b: w }, {}, v.bound * Math.sqrt(last(f)));
  }
  if (v.bound > 3) v = b.op('mul', { a: v, b: b.scalar(2 / v.bound) }, {}, 2);
  return v;
}

export interface RandomGraph {
  readonly name: string;
  readonly doc: GraphDoc;
}

/**
 * Graphs that together use every compute op in `ops`: a shuffled deck dealt `perGraph` at a
 * time, each graph in train or eval mode in turn, and in train mode wherever dropout or
 * batchnorm is (they differ between the modes).
 */
export function randomGraphs(seed: number, ops: readonly string[], perGraph = 4, decks = 2): RandomGraph[] {
  const rng = new Rng(seed);
  const graphs: RandomGraph[] = [];
  for (let d = 0; d < decks; d++) {
    const deck = [...ops];
    rng.shuffle(deck);
    for (let i = 0; i < deck.length; i += perGraph) {
      const b = new Builder(rng);
      const rows = 2 + rng.int(4);
      let x = b.source([rows, 2 + rng.int(5)], -1.5, 1.5, 'input');
      b.pool.push(x);
      const chosen = deck.slice(i, i + perGraph);
      for (const name of chosen) {
        const make = OP_CASES[name];
        if (!make) throw new Error(`random-graphs: no case for op "${name}"`);
        x = settle(b, make(b, x));
        b.pool.push(x);
      }
      // The output is L = Σ x·R for a random R, as the op gradient checks take it: seeding the
      // backward pass with ones instead makes some gradients exactly 0 (batchnorm's in train mode),
      // which leaves both backends comparing float32 rounding noise.
      const weights = b.source(x.shape, -1, 1, 'const');
      x = b.op('sum', { x: b.op('mul', { a: x, b: weights }, {}, x.bound) }, {}, x.bound * sizeOf(x.shape));
      // Graphs with a mode-dependent op run in train mode (the parity test runs those in eval too).
      const mode = chosen.some((op) => op === 'dropout' || op === 'batchnorm') || graphs.length % 2 === 0 ? 'train' : 'eval';
      graphs.push({ name: `${mode} ${chosen.join(' → ')}`, doc: { format: 'backprop-studio/graph', version: 1, mode, nodes: b.nodes, edges: b.edges, output: x.id } });
    }
  }
  return graphs;
}

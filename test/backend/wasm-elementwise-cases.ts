/**
 * Cases for the WebAssembly elementwise kernels' parity with TypeScript, run in Node
 * (./wasm-elementwise.test.ts) and in a Chromium worker (./chromium/wasm-elementwise-page.ts).
 * Plain code without vitest, so that the page bundle can carry it.
 */
import { BINARY_OPS, type DeviceTensor, type KernelCall, type ReduceOp, type SyncBackend, UNARY_OPS, type UnaryGradOp, type UpdateHyper, type UpdateRule } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { binaryWasm, reduceWasm, softmaxGradWasm, softmaxWasm, unaryGradWasm, unaryWasm, updateWasm } from '../../core/backend/cpu/wasm/elementwise.js';
import { conv2dGradWWasm, conv2dGradXWasm, conv2dWasm, pool2dGradWasm, pool2dWasm } from '../../core/backend/cpu/wasm/conv.js';
import { conv2dShape, pool2dShape } from '../../core/backend/cpu/conv.js';
import { broadcastShapes, reducedShape, sizeOf } from '../../core/tensor/shape.js';
import { Rng } from '../../core/tensor/random.js';

export interface ElementwiseCase {
  /** `<kind>:<op> <what>`; the tests check every op has a case by the first word. */
  readonly name: string;
  readonly kind: 'binary' | 'unary' | 'unary_grad' | 'reduce' | 'update' | 'conv' | 'pool' | 'softmax';
  readonly op: string;
  /** Operand shapes (binary: a and b; update: the parameter's). */
  readonly shapes: readonly (readonly number[])[];
  readonly axes?: readonly number[];
  /** Convolutions: the window's stride and padding (the kernel is the weight's); pools: with their kernel. */
  readonly window?: { readonly kernel?: readonly [number, number]; readonly stride: readonly [number, number]; readonly padding: readonly [number, number] };
  readonly seed: number;
  /** Whether the WebAssembly kernel must take the call (null: either). */
  readonly expectWasm: boolean | null;
}

/** Values where float32 and float64 arithmetic, or NaN and signed-zero rules, part ways. */
const SPECIALS = [Number.NaN, 0, -0, Infinity, -Infinity, 1e-40, -3e-39, 3.4e38, -3.4e38, 1, -1, 0.5, 2];

/** Random values, 15% of them special unless `specials` is false (a sum over many would then be NaN, whatever its order). */
function values(n: number, rng: Rng, specials = true): Float32Array {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = specials && rng.next() < 0.15 ? SPECIALS[rng.int(SPECIALS.length)] : rng.uniform(-3, 3);
  return d;
}

/** Grad ops the kernels take (softplus calls Math.exp, so it stays in TypeScript). */
const GRAD_OPS: UnaryGradOp[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'recip', 'square', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu'];
const WASM_UNARY = new Set(['neg', 'abs', 'sqrt', 'square', 'recip', 'relu', 'step', 'sign', 'leaky_relu']);
const RULES: UpdateRule[] = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'];

export const ELEMENTWISE_CASES: readonly ElementwiseCase[] = [
  ...BINARY_OPS.flatMap((op, i): ElementwiseCase[] => {
    const wasm = op !== 'pow';
    return [
      { name: `binary:${op} same shape, odd`, kind: 'binary', op, shapes: [[7, 13], [7, 13]], seed: 10 + i, expectWasm: wasm },
      { name: `binary:${op} bias row`, kind: 'binary', op, shapes: [[30, 101], [101]], seed: 20 + i, expectWasm: wasm },
      { name: `binary:${op} row first`, kind: 'binary', op, shapes: [[101], [30, 101]], seed: 30 + i, expectWasm: wasm },
      { name: `binary:${op} column`, kind: 'binary', op, shapes: [[9, 1], [9, 70]], seed: 40 + i, expectWasm: wasm },
      { name: `binary:${op} scalar`, kind: 'binary', op, shapes: [[67], [1]], seed: 50 + i, expectWasm: wasm },
      { name: `binary:${op} leading ones merge`, kind: 'binary', op, shapes: [[2, 3, 40], [2, 3, 40]], seed: 60 + i, expectWasm: wasm },
      // Three axes that do not merge: a general broadcast, left to TypeScript.
      { name: `binary:${op} general broadcast`, kind: 'binary', op, shapes: [[3, 1, 70], [1, 4, 70]], seed: 70 + i, expectWasm: false },
      // Too small to pay for the call.
      { name: `binary:${op} tiny`, kind: 'binary', op, shapes: [[3], [3]], seed: 80 + i, expectWasm: false },
    ];
  }),
  ...UNARY_OPS.map((op, i): ElementwiseCase => ({ name: `unary:${op} odd length`, kind: 'unary', op, shapes: [[3, 67]], seed: 100 + i, expectWasm: WASM_UNARY.has(op) })),
  ...GRAD_OPS.map((op, i): ElementwiseCase => ({ name: `unary_grad:${op} odd length`, kind: 'unary_grad', op, shapes: [[5, 41]], seed: 200 + i, expectWasm: true })),
  { name: 'unary_grad:softplus stays in TypeScript', kind: 'unary_grad', op: 'softplus', shapes: [[5, 41]], seed: 230, expectWasm: false },
  ...[
    { shape: [300, 100], axes: [0], wasm: true },
    { shape: [4, 5, 7], axes: [0], wasm: true },
    { shape: [4, 5, 7], axes: [0, 1], wasm: true },
    { shape: [4, 5, 7], axes: [1, 2], wasm: true },
    { shape: [4, 5, 7], axes: [2], wasm: true },
    { shape: [4, 5, 7], axes: [0, 1, 2], wasm: true },
    { shape: [131], axes: [0], wasm: true },
    { shape: [3, 70, 5], axes: [1], wasm: false },
  ].flatMap(({ shape, axes, wasm }, i): ElementwiseCase[] =>
    ['sum', 'max', 'min'].map((op, j) => ({ name: `reduce:${op} [${shape}] over [${axes}]`, kind: 'reduce', op, shapes: [shape], axes, seed: 300 + 3 * i + j, expectWasm: wasm })),
  ),
  ...RULES.map((op, i): ElementwiseCase => ({ name: `update:${op} odd length`, kind: 'update', op, shapes: [[13, 11]], seed: 400 + i, expectWasm: true })),
  ...['conv2d', 'conv2d_grad_x', 'conv2d_grad_w'].flatMap((op, i): ElementwiseCase[] => [
    // x and w shapes: several channels, odd sizes, stride 1 (the paired f64x2 loop) and 2 (scalar), with and without padding.
    { name: `conv:${op} 3x3 stride 1 pad 1`, kind: 'conv', op, shapes: [[2, 3, 11, 13], [4, 3, 3, 3]], window: { stride: [1, 1], padding: [1, 1] }, seed: 500 + i, expectWasm: true },
    { name: `conv:${op} 3x2 stride 2 pad 0`, kind: 'conv', op, shapes: [[2, 2, 9, 12], [3, 2, 3, 2]], window: { stride: [2, 2], padding: [0, 0] }, seed: 510 + i, expectWasm: true },
    { name: `conv:${op} 5x5 pad 2 on 28x28`, kind: 'conv', op, shapes: [[3, 1, 28, 28], [8, 1, 5, 5]], window: { stride: [1, 1], padding: [2, 2] }, seed: 520 + i, expectWasm: true },
    { name: `conv:${op} tiny`, kind: 'conv', op, shapes: [[1, 1, 2, 2], [1, 1, 1, 1]], window: { stride: [1, 1], padding: [0, 0] }, seed: 530 + i, expectWasm: false },
  ]),
  ...['softmax', 'log_softmax', 'softmax_grad', 'log_softmax_grad'].flatMap((op, i): ElementwiseCase[] => [
    { name: `softmax:${op} last axis`, kind: 'softmax', op, shapes: [[300, 3]], axes: [1], seed: 700 + i, expectWasm: true },
    { name: `softmax:${op} middle axis`, kind: 'softmax', op, shapes: [[4, 7, 5]], axes: [1], seed: 710 + i, expectWasm: true },
    { name: `softmax:${op} first axis`, kind: 'softmax', op, shapes: [[11, 9]], axes: [0], seed: 720 + i, expectWasm: true },
  ]),
  ...['pool2d:max', 'pool2d:avg', 'pool2d_grad:max', 'pool2d_grad:avg'].flatMap((op, i): ElementwiseCase[] => [
    { name: `pool:${op} 2x2 stride 2`, kind: 'pool', op, shapes: [[2, 3, 11, 13]], window: { kernel: [2, 2], stride: [2, 2], padding: [0, 0] }, seed: 600 + i, expectWasm: true },
    { name: `pool:${op} 3x3 stride 2 pad 1`, kind: 'pool', op, shapes: [[2, 2, 9, 12]], window: { kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, seed: 610 + i, expectWasm: true },
    { name: `pool:${op} 3x2 stride 1`, kind: 'pool', op, shapes: [[2, 4, 8, 7]], window: { kernel: [3, 2], stride: [1, 1], padding: [0, 0] }, seed: 620 + i, expectWasm: true },
  ]),
];

const HYPER: UpdateHyper = { lr: 0.1, weightDecay: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, t: 1 };

/** Element-by-element equality of bits, NaNs (of any payload) equal to each other. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
    if (!Object.is(a[i], b[i])) return `element ${i}: wasm ${show(a[i])}, TypeScript ${show(b[i])}`;
  }
  return null;
}

/**
 * Runs each case on both backends; returns a message per failure. Without `checkPath` the
 * cases only compare bits (where the heap is not shared the kernels decline every call, and
 * both backends run TypeScript).
 */
export function runElementwiseCases(cases: readonly ElementwiseCase[], checkPath = true): string[] {
  const failures: string[] = [];
  for (const c of cases) {
    try {
      const problem = runCase(checkPath ? c : { ...c, expectWasm: null });
      if (problem) failures.push(`${c.name}: ${problem}`);
    } catch (e) {
      failures.push(`${c.name}: threw ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return failures;
}

function runCase(c: ElementwiseCase): string | null {
  const wasm = createCpuBackend({ precision: 'float32' });
  const js = createCpuBackend({ precision: 'float32', kernels: 'js' });
  const rng = new Rng(c.seed);
  // Sums (a convolution's, a reduction's, a softmax's) run over many values: finite ones, so that a wrong order shows in the bits.
  const inputs = c.shapes.map((s) => values(sizeOf(s), rng, c.kind !== 'conv' && c.kind !== 'reduce' && c.kind !== 'softmax'));
  const up = (b: SyncBackend, i: number) => b.upload(c.shapes[i], inputs[i]);
  const outOf = (b: SyncBackend, call: (b: SyncBackend) => KernelCall) => b.readSync(b.run(call(b)));
  const alpha = 0.01;
  let direct: boolean;
  switch (c.kind) {
    case 'binary': {
      const call = (b: SyncBackend): KernelCall => ({ kind: 'binary', op: c.op as (typeof BINARY_OPS)[number], a: up(b, 0), b: up(b, 1) });
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      const out = wasm.readSync(wasm.alloc(broadcastShapes(c.shapes[0], c.shapes[1])));
      direct = binaryWasm(c.op as (typeof BINARY_OPS)[number], wasm.readSync(up(wasm, 0)), c.shapes[0], wasm.readSync(up(wasm, 1)), c.shapes[1], out);
      break;
    }
    case 'unary': {
      const op = c.op as (typeof UNARY_OPS)[number];
      const call = (b: SyncBackend): KernelCall => ({ kind: 'unary', op, x: up(b, 0), alpha });
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      direct = unaryWasm(op, wasm.readSync(up(wasm, 0)), wasm.readSync(wasm.alloc(c.shapes[0])), alpha);
      break;
    }
    case 'unary_grad': {
      const op = c.op as UnaryGradOp;
      // y = f(x) from TypeScript, handed to both sides alike.
      const y = Float32Array.from(js.readSync(js.run({ kind: 'unary', op, x: up(js, 0), alpha })));
      const dy = values(y.length, rng);
      const call = (b: SyncBackend): KernelCall => ({ kind: 'unary_grad', op, x: up(b, 0), y: b.upload(c.shapes[0], y), dy: b.upload(c.shapes[0], dy), alpha });
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      const t = (d: Float32Array) => wasm.readSync(wasm.upload(c.shapes[0], d));
      direct = unaryGradWasm(op, wasm.readSync(up(wasm, 0)), t(y), t(dy), wasm.readSync(wasm.alloc(c.shapes[0])), alpha);
      break;
    }
    case 'reduce': {
      const axes = c.axes ?? [];
      const op = c.op as ReduceOp;
      // A max or min of values with ties (+0 and -0 among them) and the odd NaN: which one stays is what differs.
      if (op !== 'sum') inputs[0] = Float32Array.from(inputs[0], (v, i) => (i % 97 === 13 ? Number.NaN : i % 5 === 0 ? (i % 2 ? -0 : 0) : Math.round(v)));
      const call = (b: SyncBackend): KernelCall => ({ kind: 'reduce', op, x: up(b, 0), axes });
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      direct = reduceWasm(op, wasm.readSync(up(wasm, 0)), c.shapes[0], axes, wasm.readSync(wasm.alloc(reducedShape(c.shapes[0], axes, true))));
      break;
    }
    case 'update': {
      const rule = c.op as UpdateRule;
      const slots = rule === 'adam' ? 2 : rule === 'sgd' ? 0 : 1;
      const shape = c.shapes[0];
      const grads = [1, 2, 3].map(() => values(sizeOf(shape), rng));
      // Finite parameters and state: an infinite one would make every later step NaN on both sides alike, testing nothing.
      const start = Float32Array.from(inputs[0], (v) => (Number.isFinite(v) ? v : 0.5));
      const run = (b: SyncBackend): Float32Array[] => {
        const param = b.upload(shape, start);
        const state: DeviceTensor[] = Array.from({ length: slots }, () => b.alloc(shape));
        for (let t = 1; t <= 3; t++) b.run({ kind: 'update', rule, param, grad: b.upload(shape, grads[t - 1]), state, hyper: { ...HYPER, t } });
        return [param, ...state].map((x) => Float32Array.from(b.readSync(x)));
      };
      const [w, j] = [run(wasm), run(js)];
      for (let i = 0; i < w.length; i++) {
        const diff = sameBits(w[i], j[i]);
        if (diff) return `${i === 0 ? 'param' : `state ${i - 1}`}: ${diff}`;
      }
      const t = (d: Float32Array) => wasm.readSync(wasm.upload(shape, d));
      direct = updateWasm(rule, t(start), t(grads[0]), Array.from({ length: slots }, () => wasm.readSync(wasm.alloc(shape))), HYPER);
      break;
    }
    case 'conv': {
      const [xs, ws] = c.shapes;
      const win = { kernel: [ws[2], ws[3]] as const, stride: c.window!.stride, padding: c.window!.padding };
      const ys = conv2dShape(xs, ws, win);
      const dyData = values(sizeOf(ys), rng, false);
      const call = (b: SyncBackend): KernelCall =>
        c.op === 'conv2d'
          ? { kind: 'conv2d', x: up(b, 0), w: up(b, 1), window: win }
          : c.op === 'conv2d_grad_x'
            ? { kind: 'conv2d_grad_x', dy: b.upload(ys, dyData), w: up(b, 1), xShape: xs, window: win }
            : { kind: 'conv2d_grad_w', dy: b.upload(ys, dyData), x: up(b, 0), wShape: ws, window: win };
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      const t = (shape: readonly number[], d: Float32Array) => wasm.readSync(wasm.upload(shape, d));
      const out = (shape: readonly number[]) => wasm.readSync(wasm.alloc(shape));
      direct =
        c.op === 'conv2d'
          ? conv2dWasm(t(xs, inputs[0]), xs, t(ws, inputs[1]), ws, win, out(ys))
          : c.op === 'conv2d_grad_x'
            ? conv2dGradXWasm(t(ys, dyData), t(ws, inputs[1]), ws, xs, win, out(xs))
            : conv2dGradWWasm(t(ys, dyData), t(xs, inputs[0]), xs, ws, win, out(ws));
      break;
    }
    case 'softmax': {
      const shape = c.shapes[0];
      const axis = (c.axes ?? [0])[0];
      const log = c.op.startsWith('log_');
      const grad = c.op.endsWith('_grad');
      // y from TypeScript's softmax of x, handed to both sides alike, as the op's backward does.
      const y = Float32Array.from(js.readSync(js.run({ kind: 'softmax', x: up(js, 0), axis, log })));
      const dyData = values(y.length, rng, false);
      const call = (b: SyncBackend): KernelCall =>
        grad ? { kind: 'softmax_grad', y: b.upload(shape, y), dy: b.upload(shape, dyData), axis, log } : { kind: 'softmax', x: up(b, 0), axis, log };
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      const t = (d: Float32Array) => wasm.readSync(wasm.upload(shape, d));
      const out = wasm.readSync(wasm.alloc(shape));
      direct = grad ? softmaxGradWasm(t(y), t(dyData), shape, axis, log, out) : softmaxWasm(t(inputs[0]), shape, axis, log, out);
      break;
    }
    case 'pool': {
      const [which, kind] = c.op.split(':') as ['pool2d' | 'pool2d_grad', 'max' | 'avg'];
      const xs = c.shapes[0];
      const w = c.window!;
      const win = { kernel: w.kernel ?? ([2, 2] as const), stride: w.stride, padding: w.padding };
      const ys = pool2dShape(xs, win);
      // Few distinct values, so that windows hold ties: the first maximum must win on both sides.
      const x = Float32Array.from({ length: sizeOf(xs) }, () => rng.int(4) - 1);
      const dyData = values(sizeOf(ys), rng, false);
      const call = (b: SyncBackend): KernelCall =>
        which === 'pool2d' ? { kind: 'pool2d', pool: kind, x: b.upload(xs, x), window: win } : { kind: 'pool2d_grad', pool: kind, x: b.upload(xs, x), dy: b.upload(ys, dyData), window: win };
      const diff = sameBits(outOf(wasm, call), outOf(js, call));
      if (diff) return diff;
      const t = (shape: readonly number[], d: Float32Array) => wasm.readSync(wasm.upload(shape, d));
      direct =
        which === 'pool2d'
          ? pool2dWasm(kind, t(xs, x), xs, win, wasm.readSync(wasm.alloc(ys)))
          : pool2dGradWasm(kind, t(xs, x), xs, t(ys, dyData), win, wasm.readSync(wasm.alloc(xs)));
      break;
    }
  }
  if (c.expectWasm !== null && direct !== c.expectWasm) return `the WebAssembly kernel ${direct ? 'took' : 'declined'} the call`;
  return null;
}

/**
 * The WebAssembly matmul through the backend (operands in the heap, or staged where it is not
 * shared) against the float64 TypeScript kernel: odd shapes straddling the register tile and the
 * k block, each transpose, a batch. Float32 sums round at each add, so the bound is relative to
 * sum |a| |b| per element (1e-5, as the issue asks). Returns a message per failure.
 */
export function runMatmulCases(): string[] {
  const failures: string[] = [];
  const shapes: [number, number, number, number][] = [[1, 5, 300, 7], [1, 33, 257, 20], [1, 4, 8, 8], [3, 17, 19, 9]];
  for (const [batch, n, k, m] of shapes) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const rng = new Rng(n * 1000 + k + m);
      const aShape = [...(batch > 1 ? [batch] : []), ...(transA ? [k, n] : [n, k])];
      const bShape = [...(batch > 1 ? [batch] : []), ...(transB ? [m, k] : [k, m])];
      const a = values(sizeOf(aShape), rng).map((v) => (Number.isFinite(v) && Math.abs(v) < 10 ? v : 0.25));
      const b = values(sizeOf(bShape), rng).map((v) => (Number.isFinite(v) && Math.abs(v) < 10 ? v : -0.75));
      const product = (backend: SyncBackend, x: ArrayLike<number>, y: ArrayLike<number>) =>
        Float64Array.from(backend.readSync(backend.run({ kind: 'matmul', a: backend.upload(aShape, x), b: backend.upload(bShape, y), transA, transB })));
      const f64 = createCpuBackend({ precision: 'float64' });
      const ours = product(createCpuBackend({ precision: 'float32' }), a, b);
      const exact = product(f64, a, b);
      const scale = product(f64, a.map(Math.abs), b.map(Math.abs));
      const bad = ours.findIndex((v, i) => !(Math.abs(v - exact[i]) <= 1e-5 * scale[i] + 1e-30));
      if (bad >= 0) failures.push(`matmul ${batch}x${n}x${k}x${m} transA=${transA} transB=${transB}: element ${bad}: ${ours[bad]} against ${exact[bad]}`);
    }
  }
  return failures;
}

/**
 * A product split across `workers` threads, once they have started, against the same product
 * on one thread: whether the bits agree, and how many products the pool split. Null where the
 * backend has no pool (no shared heap).
 */
export async function threadedMatmulSame(workers: number): Promise<{ readonly same: boolean; readonly jobs: number; readonly threads: number } | null> {
  const many = createCpuBackend({ precision: 'float32', threads: workers });
  const pool = many.threadPool;
  if (pool === null) return null;
  if (!(await pool.started())) throw new Error(`the thread pool did not start: ${pool.error ?? 'timed out'}`);
  const one = createCpuBackend({ precision: 'float32', threads: 0 });
  const rng = new Rng(5);
  const [n, k, m] = [301, 257, 131];
  const a = values(n * k, rng).map((v) => (Number.isFinite(v) ? v : 1));
  const b = values(k * m, rng).map((v) => (Number.isFinite(v) ? v : -1));
  const product = (be: SyncBackend) => Float32Array.from(be.readSync(be.run({ kind: 'matmul', a: be.upload([n, k], a), b: be.upload([k, m], b), transA: false, transB: false })));
  const want = product(one);
  const got = product(many);
  return { same: got.every((v, i) => Object.is(v, want[i]) || (Number.isNaN(v) && Number.isNaN(want[i]))), jobs: pool.jobs, threads: many.threads };
}

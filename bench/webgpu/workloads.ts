/**
 * The WebGPU benchmark's workloads, run the same way in Node (Dawn) and in a Chromium page:
 * ours (the engine on our WebGPU backend) against tfjs-backend-webgpu on the same adapter,
 * timed in alternation (one repetition of each in turn, so load on a shared machine falls on
 * both alike), medians after a warm-up. Both sides read their result back every repetition
 * (`download` / `data()`), as a training loop reads its loss, so neither leaves work queued.
 * No Node or DOM imports here: the caller brings the backend and tfjs.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Backend } from '../../core/backend/backend.js';
import { Session } from '../../core/engine/executor.js';
import { Rng } from '../../core/tensor/random.js';
import { Optimizer } from '../../core/train/optimizer.js';
import { mlpDoc } from '../mlp-graph.js';
import { median } from '../stats.js';

export type Tf = typeof TF;

/** Counters a backend may keep (ours does): kernels dispatched and command buffers submitted so far. */
export interface GpuCounters {
  readonly dispatches: number;
  readonly submits: number;
}

export interface GpuRow {
  readonly name: string;
  readonly oursMs: number;
  readonly peerMs: number;
  /** Floating-point operations of one repetition, for GFLOP/s (0 where not meaningful). */
  readonly flops: number;
  readonly reps: number;
  /** The first repetition of each side on a fresh instance: pipeline compilation included. */
  readonly oursFirstMs: number;
  readonly peerFirstMs: number;
  /** Per repetition, in steady state; undefined where the backend does not count. */
  readonly dispatches?: number;
  readonly submits?: number;
  /** Both sides' results agree (max relative difference of the checked value). */
  readonly maxRelDiff: number;
}

interface Side {
  /** One repetition; resolves to a number to compare (a loss, an element of the product). */
  rep(): Promise<number>;
  dispose(): void;
}


async function timed(fn: () => Promise<number>): Promise<[number, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

export interface MeasureOpts {
  readonly warmup: number;
  readonly minReps: number;
  readonly maxReps: number;
  readonly budgetMs: number;
}

async function measure(
  name: string,
  flops: number,
  makeOurs: () => Side,
  makePeer: () => Side,
  opts: MeasureOpts,
  counters?: () => GpuCounters,
): Promise<GpuRow> {
  const ours = makeOurs();
  const peer = makePeer();
  try {
    const [oursFirstMs, o0] = await timed(() => ours.rep());
    const [peerFirstMs, p0] = await timed(() => peer.rep());
    let maxRelDiff = Math.abs(o0 - p0) / Math.max(1e-6, Math.abs(p0));
    for (let i = 1; i < opts.warmup; i++) {
      await ours.rep();
      await peer.rep();
    }
    const o: number[] = [];
    const p: number[] = [];
    let spent = 0;
    let dispatches = 0;
    let submits = 0;
    while (o.length < opts.maxReps && (o.length < opts.minReps || spent < opts.budgetMs)) {
      const before = counters?.();
      const [to] = await timed(() => ours.rep());
      const after = counters?.();
      if (before && after) {
        dispatches = after.dispatches - before.dispatches;
        submits = after.submits - before.submits;
      }
      const [tp] = await timed(() => peer.rep());
      o.push(to);
      p.push(tp);
      spent += to + tp;
    }
    // The last repetitions of both sides went through the same inputs the same number of times.
    const [, oLast] = await timed(() => ours.rep());
    const [, pLast] = await timed(() => peer.rep());
    maxRelDiff = Math.max(maxRelDiff, Math.abs(oLast - pLast) / Math.max(1e-6, Math.abs(pLast)));
    return {
      name, flops, reps: o.length, oursMs: median(o), peerMs: median(p), oursFirstMs, peerFirstMs, maxRelDiff,
      ...(counters && { dispatches, submits }),
    };
  } finally {
    ours.dispose();
    peer.dispose();
  }
}

function randomData(n: number, seed: number, scale = 1): Float32Array {
  const rng = new Rng(seed);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = (rng.next() * 2 - 1) * scale;
  return d;
}

/** Square matmul: both sides keep the operands on the GPU and read the product back. */
export function matmulWorkload(backend: Backend, tf: Tf, n: number, opts: MeasureOpts, counters?: () => GpuCounters): Promise<GpuRow> {
  const a = randomData(n * n, 1);
  const b = randomData(n * n, 2);
  return measure(
    `matmul ${n}`,
    2 * n * n * n,
    () => {
      const ta = backend.upload([n, n], a);
      const tb = backend.upload([n, n], b);
      return {
        rep: async () => {
          const c = backend.run({ kind: 'matmul', a: ta, b: tb, transA: false, transB: false });
          const v = (await backend.download(c))[n * n - 1];
          backend.release(c);
          return v;
        },
        dispose: () => {
          backend.release(ta);
          backend.release(tb);
        },
      };
    },
    () => {
      const ta = tf.tensor2d(a, [n, n]);
      const tb = tf.tensor2d(b, [n, n]);
      return {
        rep: async () => {
          const c = tf.matMul(ta, tb);
          const v = (await c.data())[n * n - 1];
          c.dispose();
          return v;
        },
        dispose: () => tf.dispose([ta, tb]),
      };
    },
    opts,
    counters,
  );
}

/**
 * One SGD training step of `mlpDoc` on a fixed batch: ours through the engine (Session +
 * Optimizer, the trainer's own parts), tfjs through optimizer.minimize; the same initial weights.
 */
export async function trainStepWorkload(
  name: string,
  backend: Backend,
  tf: Tf,
  shape: { batch: number; inputs: number; hidden: number; classes: number },
  opts: MeasureOpts,
  counters?: () => GpuCounters,
): Promise<GpuRow> {
  const { batch, inputs, hidden, classes } = shape;
  const lr = 0.05;
  const x = randomData(batch * inputs, 3);
  const rng = new Rng(4);
  const labels = Float32Array.from({ length: batch }, () => rng.int(classes));
  const doc = mlpDoc(batch, inputs, hidden, classes);
  const initial = new Map<string, Float32Array>();
  {
    const s = new Session(doc, backend, { seed: 1 });
    for (const id of s.paramIds) initial.set(id, Float32Array.from(await backend.download(s.param(id))));
    s.dispose();
  }
  const flops = 2 * 3 * batch * (inputs * hidden + hidden * classes);
  return measure(
    name,
    flops,
    () => {
      const session = new Session(doc, backend, { seed: 1 });
      const opt = new Optimizer(backend, { type: 'sgd', lr, momentum: 0, nesterov: false, weightDecay: 0 });
      const feeds = { x: { shape: [batch, inputs], data: x }, labels: { shape: [batch], data: labels } };
      return {
        rep: async () => {
          const r = session.run({ mode: 'train', feeds });
          opt.step(session.paramIds.map((id) => {
            const grad = r.grad(id);
            if (!grad) throw new Error(`no gradient for param "${id}"`);
            return { id, param: session.param(id), grad };
          }), lr);
          const loss = backend.download(r.output);
          r.release();
          backend.flush?.();
          return (await loss)[0];
        },
        dispose: () => session.dispose(),
      };
    },
    () => {
      const v = (id: string, s: number[]) => tf.variable(tf.tensor(initial.get(id) as Float32Array, s));
      const W1 = v('W1', [inputs, hidden]);
      const b1 = v('b1', [hidden]);
      const W2 = v('W2', [hidden, classes]);
      const b2 = v('b2', [classes]);
      const xs = tf.tensor2d(x, [batch, inputs]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
      const o = tf.train.sgd(lr);
      return {
        rep: async () => {
          const loss = o.minimize(() => tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xs, W1), b1)), W2), b2)), true, [W1, b1, W2, b2]);
          if (!loss) throw new Error('tfjs minimize returned no loss');
          const l = (await loss.data())[0];
          loss.dispose();
          return l;
        },
        dispose: () => tf.dispose([W1, b1, W2, b2, xs, ys]),
      };
    },
    opts,
    counters,
  );
}

/** Every row: matmul 256/512/1024, the MLP 784-256-10 batch-128 step, the spiral 2-100-3 full-batch (300) step. */
export async function allGpuRows(backend: Backend, tf: Tf, opts: MeasureOpts, counters?: () => GpuCounters, log: (r: GpuRow) => void = () => undefined): Promise<GpuRow[]> {
  const rows: GpuRow[] = [];
  const add = (r: GpuRow) => {
    rows.push(r);
    log(r);
  };
  for (const n of [256, 512, 1024]) add(await matmulWorkload(backend, tf, n, opts, counters));
  add(await trainStepWorkload('MLP 784-256-10 step', backend, tf, { batch: 128, inputs: 784, hidden: 256, classes: 10 }, opts, counters));
  add(await trainStepWorkload('spiral 2-100-3 step', backend, tf, { batch: 300, inputs: 2, hidden: 100, classes: 3 }, opts, counters));
  return rows;
}

const pad = (s: string, w: number) => s.padStart(w);

/** The printed table; ratio is theirs ÷ ours (above 1: we are faster). */
export function gpuTable(rows: readonly GpuRow[]): string {
  const head = ['workload', 'ours ms', 'tfjs ms', 'tfjs/ours', 'ours GF/s', 'first ours', 'first tfjs', 'disp', 'subm', 'reps', 'rel diff'];
  const w = [22, 9, 9, 10, 10, 11, 11, 6, 6, 5, 9];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : pad(c, w[i]))).join(' ');
  const out = [line(head)];
  for (const r of rows) {
    out.push(line([
      r.name, r.oursMs.toFixed(2), r.peerMs.toFixed(2), `${(r.peerMs / r.oursMs).toFixed(2)}x`,
      r.flops ? (r.flops / r.oursMs / 1e6).toFixed(2) : '', r.oursFirstMs.toFixed(0), r.peerFirstMs.toFixed(0),
      r.dispatches === undefined ? '' : String(r.dispatches), r.submits === undefined ? '' : String(r.submits), String(r.reps), r.maxRelDiff.toExponential(1),
    ]));
  }
  return out.join('\n');
}

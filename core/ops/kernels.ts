/**
 * The vocabulary ops are written in: thin wrappers that turn calls such as
 * `k.mul(a, b)` into {@link KernelCall}s on the current backend, and remember
 * every tensor they create so the executor can free a step's temporaries at once.
 * Scalar constants are the exception: each value is uploaded once and reused
 * by every later step until {@link Kernels.dispose}.
 */
import type { Backend, BinaryOp, DeviceTensor, KernelCall, PoolKind, ReduceOp, UnaryGradOp, UnaryOp, Window2d } from '../backend/backend.js';
import { type CounterRng, counterKey } from '../tensor/counter-random.js';
import { broadcastAxes, normalizeAxes, reducedShape, type Shape, shapesEqual, sizeOf } from '../tensor/shape.js';

/**
 * Distinct scalar constants kept per Kernels. Ops use a handful (1, 2, eps, 1/batch), so this is
 * never reached in practice; it only bounds a caller that makes a new constant every step.
 */
const MAX_CACHED_SCALARS = 256;

/** One kernel call of a recorded step and the tensor it made. */
export interface RecordedCall {
  readonly call: KernelCall;
  readonly out: DeviceTensor;
  /** A dropout mask: its key is the next draw of the run's stream, made again at each replay. */
  readonly draw?: true;
}

export class Kernels {
  /** Tensors created through this object since the last {@link takeCreated}. */
  private created: DeviceTensor[] = [];
  /**
   * Scalar constants by value (-0 stored as 0, as `fill` always made it). Shared by every step:
   * never tracked in `created`, so never a step's temporary; nothing writes into them in place.
   */
  private readonly scalars = new Map<number, DeviceTensor>();
  /** The calls made since {@link record}, while recording. */
  private recording: RecordedCall[] | null = null;
  private spoiled: string | undefined;

  constructor(readonly backend: Backend) {}

  /** Hands over (and forgets) the tensors created so far. */
  takeCreated(): DeviceTensor[] {
    const c = this.created;
    this.created = [];
    return c;
  }

  /** Releases the tensors created since the last {@link takeCreated}, except those in `keep`. */
  releaseCreated(keep: ReadonlySet<DeviceTensor> = new Set()): void {
    for (const t of this.takeCreated()) if (!keep.has(t)) this.backend.release(t);
  }

  /** Releases the cached scalar constants and anything created and not yet handed over. */
  dispose(): void {
    this.releaseCreated();
    for (const t of this.scalars.values()) this.backend.release(t);
    this.scalars.clear();
  }

  /**
   * Starts recording the kernel calls made through this object, for the executor to run again
   * (core/engine/replay.ts). An upload by an op spoils the recording: its data might differ at
   * the next step, and a replay would not make it again.
   */
  record(): void {
    this.recording = [];
    this.spoiled = undefined;
  }

  /** Ends a recording: the calls made since {@link record}, or why they cannot be replayed. */
  endRecording(): { readonly calls: readonly RecordedCall[] } | { readonly spoiled: string } {
    const calls = this.recording ?? [];
    this.recording = null;
    return this.spoiled === undefined ? { calls } : { spoiled: this.spoiled };
  }

  /** A step's input (a dataset batch): uploaded like any tensor, but a recording expects it (a replay writes the next batch into it). */
  input(shape: Shape, data: ArrayLike<number>): DeviceTensor {
    return this.track(this.backend.upload(shape, data));
  }

  private run(call: KernelCall): DeviceTensor {
    const t = this.track(this.backend.run(call));
    this.recording?.push({ call, out: t });
    return t;
  }

  private track(t: DeviceTensor): DeviceTensor {
    this.created.push(t);
    return t;
  }

  upload(shape: Shape, data: ArrayLike<number>): DeviceTensor {
    if (this.recording) this.spoiled ??= `an op uploaded a tensor of shape [${shape.join(', ')}] during the step`;
    return this.track(this.backend.upload(shape, data));
  }

  /** A tensor of `shape` holding `value` everywhere; a scalar shape gives the shared constant (see {@link scalar}). */
  fill(shape: Shape, value: number): DeviceTensor {
    if (shape.length === 0) return this.scalar(value);
    // Not recorded: no kernel writes into a tensor it did not make, so a replay finds the value still there.
    return this.track(value === 0 ? this.backend.alloc(shape) : this.backend.run({ kind: 'fill', shape, value }));
  }

  /**
   * The constant `value` as a shape-[] tensor, uploaded the first time it is asked for and shared
   * afterwards: a constant costs no buffer and no dispatch per step. Callers must not release it
   * or write into it; {@link dispose} frees it.
   */
  scalar(value: number): DeviceTensor {
    const key = value === 0 ? 0 : value;
    const cached = this.scalars.get(key);
    if (cached) return cached;
    if (this.scalars.size >= MAX_CACHED_SCALARS) return this.track(this.backend.upload([], [key]));
    const t = this.backend.upload([], [key]);
    this.scalars.set(key, t);
    return t;
  }

  unary(op: UnaryOp, x: DeviceTensor, alpha = 0): DeviceTensor {
    return this.run({ kind: 'unary', op, x, alpha });
  }

  unaryGrad(op: UnaryGradOp, x: DeviceTensor, y: DeviceTensor, dy: DeviceTensor, alpha = 0): DeviceTensor {
    return this.run({ kind: 'unary_grad', op, x, y, dy, alpha });
  }

  binary(op: BinaryOp, a: DeviceTensor, b: DeviceTensor): DeviceTensor {
    return this.run({ kind: 'binary', op, a, b });
  }

  add(a: DeviceTensor, b: DeviceTensor): DeviceTensor {
    return this.binary('add', a, b);
  }
  sub(a: DeviceTensor, b: DeviceTensor): DeviceTensor {
    return this.binary('sub', a, b);
  }
  mul(a: DeviceTensor, b: DeviceTensor): DeviceTensor {
    return this.binary('mul', a, b);
  }
  div(a: DeviceTensor, b: DeviceTensor): DeviceTensor {
    return this.binary('div', a, b);
  }
  /** x * c for a host constant c. */
  scale(x: DeviceTensor, c: number): DeviceTensor {
    return c === 1 ? x : this.mul(x, this.scalar(c));
  }
  neg(x: DeviceTensor): DeviceTensor {
    return this.unary('neg', x);
  }

  /** Reduces `axis` (int, list or undefined = all) with `op`. */
  reduce(op: ReduceOp, x: DeviceTensor, axis: number | readonly number[] | undefined, keepdims = false): DeviceTensor {
    const axes = normalizeAxes(axis, x.shape.length);
    const kept = axes.length === 0 ? x : this.run({ kind: 'reduce', op, x, axes });
    return keepdims ? kept : this.reshape(kept, reducedShape(x.shape, axes, false));
  }
  sum(x: DeviceTensor, axis?: number | readonly number[], keepdims = false): DeviceTensor {
    return this.reduce('sum', x, axis, keepdims);
  }
  mean(x: DeviceTensor, axis?: number | readonly number[], keepdims = false): DeviceTensor {
    const axes = normalizeAxes(axis, x.shape.length);
    const n = axes.reduce((acc, a) => acc * x.shape[a], 1);
    return this.scale(this.sum(x, axes, keepdims), n === 0 ? 0 : 1 / n);
  }

  /** Sums a broadcast gradient back to `shape` (the inverse of broadcasting). */
  sumTo(dy: DeviceTensor, shape: Shape): DeviceTensor {
    if (shapesEqual(dy.shape, shape)) return dy;
    const axes = broadcastAxes(shape, dy.shape);
    return this.reshape(this.sum(dy, axes, true), shape);
  }

  broadcastTo(x: DeviceTensor, shape: Shape): DeviceTensor {
    if (shapesEqual(x.shape, shape)) return x;
    return this.run({ kind: 'broadcast_to', x, shape });
  }

  reshape(x: DeviceTensor, shape: Shape): DeviceTensor {
    if (shapesEqual(x.shape, shape)) return x;
    if (sizeOf(shape) !== x.size) throw new RangeError(`cannot reshape [${x.shape.join(', ')}] to [${shape.join(', ')}]`);
    return this.track(this.backend.reshape(x, shape));
  }

  transpose(x: DeviceTensor, perm: readonly number[]): DeviceTensor {
    if (perm.every((p, i) => p === i)) return x;
    return this.run({ kind: 'transpose', x, perm });
  }

  matmul(a: DeviceTensor, b: DeviceTensor, transA = false, transB = false): DeviceTensor {
    return this.run({ kind: 'matmul', a, b, transA, transB });
  }

  reduceMaxGrad(x: DeviceTensor, dy: DeviceTensor, axes: readonly number[]): DeviceTensor {
    return this.run({ kind: 'reduce_max_grad', x, dy, axes });
  }

  softmax(x: DeviceTensor, axis: number, log = false): DeviceTensor {
    return this.run({ kind: 'softmax', x, axis, log });
  }
  softmaxGrad(y: DeviceTensor, dy: DeviceTensor, axis: number, log = false): DeviceTensor {
    return this.run({ kind: 'softmax_grad', y, dy, axis, log });
  }

  oneHot(indices: DeviceTensor, depth: number): DeviceTensor {
    return this.run({ kind: 'one_hot', indices, depth });
  }

  /**
   * Dropout's mask for the next draw of `random` (see the `dropout_mask` KernelCall). The draw is
   * made here so that a recording knows to make it again at each replay.
   */
  dropoutMask(shape: Shape, random: CounterRng, threshold: number, scale: number): DeviceTensor {
    const call = { kind: 'dropout_mask', shape, key: counterKey(random.seed, random.next()), threshold, scale } as const;
    const t = this.track(this.backend.run(call));
    this.recording?.push({ call, out: t, draw: true });
    return t;
  }

  conv2d(x: DeviceTensor, w: DeviceTensor, window: Window2d): DeviceTensor {
    return this.run({ kind: 'conv2d', x, w, window });
  }
  conv2dGradX(dy: DeviceTensor, w: DeviceTensor, xShape: Shape, window: Window2d): DeviceTensor {
    return this.run({ kind: 'conv2d_grad_x', dy, w, xShape, window });
  }
  conv2dGradW(dy: DeviceTensor, x: DeviceTensor, wShape: Shape, window: Window2d): DeviceTensor {
    return this.run({ kind: 'conv2d_grad_w', dy, x, wShape, window });
  }
  pool2d(pool: PoolKind, x: DeviceTensor, window: Window2d): DeviceTensor {
    return this.run({ kind: 'pool2d', pool, x, window });
  }
  pool2dGrad(pool: PoolKind, x: DeviceTensor, dy: DeviceTensor, window: Window2d): DeviceTensor {
    return this.run({ kind: 'pool2d_grad', pool, x, dy, window });
  }
}

/**
 * The small interface every tensor backend implements. Ops never touch
 * storage: they describe work as {@link KernelCall}s, and a backend (CPU
 * reference, WebGPU) runs them. Calls are dispatched synchronously and may be
 * queued; only {@link Backend.download} waits.
 */
import type { Shape } from '../tensor/shape.js';
import type { HostArray } from '../tensor/tensor.js';

/** A tensor living on a backend. Opaque outside that backend except for its shape. */
export interface DeviceTensor {
  readonly shape: Shape;
  /** Number of elements. */
  readonly size: number;
}

/** Elementwise unary functions. `step` is 1 where x > 0 else 0; used for masks. */
export const UNARY_OPS = [
  'neg', 'exp', 'log', 'sqrt', 'abs', 'recip', 'square', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'softplus',
  'step', 'sign',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Unary functions that have a fused gradient kernel: dx = dy * f'(x) (some use y = f(x)). */
export type UnaryGradOp = Exclude<UnaryOp, 'step' | 'sign'>;

/** Elementwise binary functions with NumPy broadcasting. Comparisons give 1 or 0. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow', 'ge', 'gt', 'eq'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type ReduceOp = 'sum' | 'max' | 'min';

export type PoolKind = 'max' | 'avg';

/** In-place parameter update rules (fused so a step allocates nothing). */
export type UpdateRule = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'rmsprop';

/** Hyper-parameters for one fused update; unused fields are ignored by a rule. */
export interface UpdateHyper {
  readonly lr: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Adam's step count (1-based) for bias correction. */
  readonly t: number;
}

/** Geometry shared by conv2d and the pools (NCHW). */
export interface Window2d {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
}

/** Everything a backend can be asked to run. Each kind returns a fresh tensor except `update`. */
export type KernelCall =
  | { readonly kind: 'fill'; readonly shape: Shape; readonly value: number }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly x: DeviceTensor; readonly alpha: number }
  /** dx = dy * f'(x); `y` = f(x) is passed because several derivatives are cheaper from it. */
  | { readonly kind: 'unary_grad'; readonly op: UnaryGradOp; readonly x: DeviceTensor; readonly y: DeviceTensor; readonly dy: DeviceTensor; readonly alpha: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly a: DeviceTensor; readonly b: DeviceTensor }
  /** Reduces `axes` (sorted, unique); the result keeps them as size-1 dims. */
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly x: DeviceTensor; readonly axes: readonly number[] }
  /** Gradient of max-reduction: dy (keepdims shape) routed to the first maximum of each reduced group. */
  | { readonly kind: 'reduce_max_grad'; readonly x: DeviceTensor; readonly dy: DeviceTensor; readonly axes: readonly number[] }
  /** Batched matmul over leading dims (broadcast); operands may be read transposed in their last two dims. */
  | { readonly kind: 'matmul'; readonly a: DeviceTensor; readonly b: DeviceTensor; readonly transA: boolean; readonly transB: boolean }
  | { readonly kind: 'transpose'; readonly x: DeviceTensor; readonly perm: readonly number[] }
  | { readonly kind: 'broadcast_to'; readonly x: DeviceTensor; readonly shape: Shape }
  /** Numerically stable (log-)softmax along one axis. */
  | { readonly kind: 'softmax'; readonly x: DeviceTensor; readonly axis: number; readonly log: boolean }
  /** Gradient of (log-)softmax given its output y. */
  | { readonly kind: 'softmax_grad'; readonly y: DeviceTensor; readonly dy: DeviceTensor; readonly axis: number; readonly log: boolean }
  /** indices [N] (whole numbers stored as float) to one-hot [N, depth]; out-of-range indices give a zero row. */
  | { readonly kind: 'one_hot'; readonly indices: DeviceTensor; readonly depth: number }
  /**
   * Dropout's mask drawn on the device (core/tensor/counter-random.ts has the exact rule): element
   * i (row-major) is `scale` where mix32(mix32(i ^ key) + key) >= `threshold`, else 0. The host
   * passes `key` = counterKey(seed, counter) and `threshold` = dropoutThreshold(p) (both u32)
   * and `scale` = 1 / (1 − p) in float64, which the backend rounds once to its float type.
   */
  | { readonly kind: 'dropout_mask'; readonly shape: Shape; readonly key: number; readonly threshold: number; readonly scale: number }
  | { readonly kind: 'conv2d'; readonly x: DeviceTensor; readonly w: DeviceTensor; readonly window: Window2d }
  | { readonly kind: 'conv2d_grad_x'; readonly dy: DeviceTensor; readonly w: DeviceTensor; readonly xShape: Shape; readonly window: Window2d }
  | { readonly kind: 'conv2d_grad_w'; readonly dy: DeviceTensor; readonly x: DeviceTensor; readonly wShape: Shape; readonly window: Window2d }
  | { readonly kind: 'pool2d'; readonly pool: PoolKind; readonly x: DeviceTensor; readonly window: Window2d }
  | { readonly kind: 'pool2d_grad'; readonly pool: PoolKind; readonly x: DeviceTensor; readonly dy: DeviceTensor; readonly window: Window2d }
  /** Applies one optimiser step in place to `param` and its state tensors; returns `param`. */
  | {
      readonly kind: 'update';
      readonly rule: UpdateRule;
      readonly param: DeviceTensor;
      readonly grad: DeviceTensor;
      readonly state: readonly DeviceTensor[];
      readonly hyper: UpdateHyper;
    };

export type KernelKind = KernelCall['kind'];

/** How many state tensors (shaped like the param, zero-initialised) a rule keeps. */
export function stateCount(rule: UpdateRule): number {
  switch (rule) {
    case 'sgd': return 0;
    case 'momentum': case 'nesterov': case 'rmsprop': return 1;
    case 'adam': return 2;
    default: return ((r: never): never => { throw new Error(`unknown rule ${String(r)}`); })(rule);
  }
}


/**
 * A tensor backend: allocate, upload, download asynchronously, run a kernel, release.
 *
 * Ordering: every call takes effect in call order, as if run at once, even when a backend only
 * queues the work (WebGPU): a kernel sees every earlier upload and kernel, and `download` reads a
 * tensor as earlier calls left it, whenever its promise settles.
 *
 * Release: `release(t)` means the caller will not use `t` again (no kernel, download or reshape of
 * it follows). It may come while queued work still reads `t` (the trainer releases a step's
 * tensors right after queueing the optimiser; `Session.setParam` releases the old param before
 * uploading the new one; a tensor may be released as soon as its `download` has been called): a
 * backend with a queue must keep the storage until the queued work that reads it has run, and
 * only then reuse it.
 */
export interface Backend {
  /** `cpu`, `cpu64` or `webgpu`. */
  readonly name: string;
  /** A new tensor of `shape`, every element zero (what gradient accumulators and optimiser state start from). */
  alloc(shape: Shape): DeviceTensor;
  /** Copies host values into a new tensor of `shape`. */
  upload(shape: Shape, data: ArrayLike<number>): DeviceTensor;
  /** Reads a tensor back to the host: its value after every call made before this one (see Ordering). */
  download(t: DeviceTensor): Promise<HostArray>;
  /** Runs one kernel. */
  run(call: KernelCall): DeviceTensor;
  /** Same storage viewed with another shape of equal size (no copy). */
  reshape(t: DeviceTensor, shape: Shape): DeviceTensor;
  /**
   * The caller will not use `t` again: storage is freed once no view of it remains and (on a
   * queue) once the queued work reading it has run. Releasing twice is harmless.
   */
  release(t: DeviceTensor): void;
  /** Releases everything the backend holds. */
  dispose(): void;
  /**
   * Submits the work queued so far, without waiting for it (a backend that runs each call at once
   * leaves it out). `Session.run` calls it at the end of a run and the trainer at the end of each
   * step, so a queue is submitted once per step rather than per kernel or only at a read.
   */
  flush?(): void;
}

/** Backends that can read synchronously (the CPU ones); used by the gradient checker and tests. */
export interface SyncBackend extends Backend {
  readSync(t: DeviceTensor): HostArray;
}

/**
 * Backends that can run a recorded step again into the tensors it made (the CPU ones), so that a
 * training step's kernels run from a precompiled list over buffers made once (see
 * core/engine/replay.ts). Only synchronous backends can: a prepared kernel runs when it is called.
 */
export interface ReplayBackend extends SyncBackend {
  /**
   * Runs `call` again on each call of the result, writing its values into `out` (the tensor
   * `run(call)` gave), with what can be worked out from the call's shapes worked out once. The
   * call's tensors must stay unreleased while the result is in use. A `dropout_mask` call's
   * `key` is read at each run, so the caller may change it between runs.
   */
  prepare(call: KernelCall, out: DeviceTensor): () => void;
  /** Copies `src`'s values into `dst`, of the same size. */
  copy(src: DeviceTensor, dst: DeviceTensor): void;
  /** Overwrites `t`'s values with `data` (as many values as it has). */
  write(t: DeviceTensor, data: ArrayLike<number>): void;
}

export function isReplayBackend(b: Backend): b is ReplayBackend {
  return typeof (b as Partial<ReplayBackend>).prepare === 'function';
}

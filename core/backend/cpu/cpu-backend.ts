/**
 * The reference backend: plain TypedArray loops on the calling thread. With
 * `precision: 'float64'` it computes in double precision, which the gradient
 * checker uses so that finite differences are not swamped by rounding. In
 * float32, where the engine has WebAssembly SIMD, tensors live in the shared
 * WebAssembly heap (./wasm/heap.ts) and the matmul, elementwise, reduction, softmax,
 * conv, pool and update kernels run there (./wasm/), large matmuls on worker threads too;
 * each of those but the matmul gives its TypeScript twin's bits. The
 * TypeScript kernels stay the reference and the fallback.
 */
import type { Backend, DeviceTensor, KernelCall, ReplayBackend } from '../backend.js';
import { broadcastShapes, reducedShape, type Shape, sizeOf } from '../../tensor/shape.js';
import type { HostArray } from '../../tensor/tensor.js';
import { assertNever } from '../../ops/attrs.js';
import { type Alloc, CpuTensor } from './storage.js';
import { binary, binaryPlan, broadcastTo, unary, unaryGrad } from './elementwise.js';
import { oneHot, reduce, reduceMaxGrad, softmax, softmaxGrad, transpose } from './reduce.js';
import { matmul, matmulPlan, matmulShape } from './matmul.js';
import { matmulThreads, matmulWasm, matmulWasmPlan, wasmMatmulAvailable, wasmMatmulPays, wasmTensorHeap } from './wasm/matmul.js';
import { defaultThreadWorkers, type ThreadPool, type Threads } from './wasm/threads.js';
import { conv2d, conv2dGradW, conv2dGradX, conv2dShape, pool2d, pool2dGrad, pool2dShape } from './conv.js';
import { update } from './update.js';
import { conv2dGradWWasm, conv2dGradXWasm, conv2dWasm, pool2dGradWasm, pool2dWasm } from './wasm/conv.js';
import {
  binaryWasm, binaryWasmPlan, reduceWasm, reduceWasmPlan, softmaxGradWasm, softmaxGradWasmPlan, softmaxWasm, softmaxWasmPlan, unaryGradWasm, unaryGradWasmPlan,
  unaryWasm, unaryWasmPlan, updateWasm,
} from './wasm/elementwise.js';
import { fillDropoutMask } from '../../tensor/counter-random.js';

export interface CpuBackendOptions {
  readonly precision?: 'float32' | 'float64';
  /**
   * 'auto' (the default): float32 matmuls big enough to gain run in WebAssembly SIMD where
   * available. 'js': every kernel in TypeScript. float64 always runs the TypeScript kernels.
   */
  readonly kernels?: 'auto' | 'js';
  /**
   * Worker threads that large matmuls and convolutions are split across (./wasm/threads.ts), beyond the calling
   * thread; 0 for none. By default one per processor, up to four threads in all (one processor
   * is left to the page in a browser). Only where the heap is shared; the product's bits do not
   * depend on it.
   */
  readonly threads?: number;
}

/** Which kernels a CPU backend runs: 'wasm-simd' where some are WebAssembly, else 'js'. */
export type CpuKernelPath = 'wasm-simd' | 'js';

/** Released storage kept for reuse, at most this many bytes in all... */
const MAX_POOLED_BYTES = 64 * 1024 * 1024;
/** ...and this many arrays of one length. */
const MAX_PER_LENGTH = 32;

class CpuBackend implements ReplayBackend {
  readonly name: string;
  readonly kernels: CpuKernelPath;
  /**
   * Whether float32 storage lives in the WebAssembly heap, so that the elementwise, reduction
   * and update kernels can run there too (./wasm/elementwise.ts); they give the TypeScript
   * kernels' bits, so this changes speed only.
   */
  readonly inHeap: boolean;
  /** Worker threads to start for large kernels: 0 where the heap is not shared or none were asked for. */
  private readonly workers: number;
  /** The workers, once started (undefined: not yet asked for). */
  private started: ThreadPool | null | undefined;
  /** What kernels ask the pool from, and only once they are large enough to share. */
  private readonly startThreads = (): ThreadPool | null => this.threadPool;
  private readonly array: Alloc;
  private readonly fresh: Alloc;
  /**
   * Storage of released tensors by length, handed out again (zeroed) to the next tensor of that
   * length. A training step makes the same tensors every time, so after the first step it
   * allocates nothing: in Chromium a new typed array costs far more than zeroing one (a fifth of
   * a spiral step in the editor's worker went to allocation).
   */
  private readonly pool = new Map<number, HostArray[]>();
  private pooledBytes = 0;
  /** The update kernel's state arrays by their count (see exec). */
  private readonly stateData: HostArray[][] = [];

  /**
   * The worker threads that large matmuls and convolutions are shared among, started on the
   * first ask (the first kernel large enough, or a caller that wants them running): a backend
   * that never runs one, `bpstudio validate`'s or a small graph's, starts none.
   */
  get threadPool(): ThreadPool | null {
    if (this.started === undefined) this.started = this.workers > 0 ? matmulThreads(this.workers) : null;
    return this.started;
  }

  /** Threads a large float32 kernel runs on now: the calling one, plus the pool's workers once they have started. */
  get threads(): number {
    // The field, not threadPool: asking for the count (the status bar does) starts no workers.
    return this.started?.usable ? this.started.workers + 1 : 1;
  }

  constructor(opts: CpuBackendOptions) {
    const f64 = opts.precision === 'float64';
    this.name = f64 ? 'cpu64' : 'cpu';
    this.kernels = !f64 && opts.kernels !== 'js' && wasmMatmulAvailable() ? 'wasm-simd' : 'js';
    const heap = this.kernels === 'wasm-simd' ? wasmTensorHeap() : null;
    this.inHeap = heap !== null;
    this.workers = heap ? (opts.threads ?? defaultThreadWorkers()) : 0;
    // Float32 storage lives in the WebAssembly heap where it can (see ./wasm/heap.ts), so kernels read it in place.
    this.fresh = f64 ? (n) => new Float64Array(n) : heap ? (n, zero) => heap.tensorArray(n, zero) ?? new Float32Array(n) : (n) => new Float32Array(n);
    this.array = (n, zero) => {
      const reused = this.pool.get(n)?.pop();
      if (!reused) return this.fresh(n, zero);
      this.pooledBytes -= reused.byteLength;
      return zero ? reused.fill(0) : reused;
    };
  }

  /** Keeps released storage for reuse, within the pool's limits. */
  private recycle(data: HostArray): void {
    if (data.length === 0 || this.pooledBytes + data.byteLength > MAX_POOLED_BYTES) return;
    let list = this.pool.get(data.length);
    if (!list) {
      list = [];
      this.pool.set(data.length, list);
    }
    if (list.length >= MAX_PER_LENGTH) return;
    list.push(data);
    this.pooledBytes += data.byteLength;
  }

  private make(shape: Shape, data?: HostArray): CpuTensor {
    return new CpuTensor([...shape], { data: data ?? this.array(sizeOf(shape), true), refs: 1 });
  }

  /**
   * A tensor for a kernel that writes every element: its storage is not cleared first (reused
   * storage holds its last tensor's values). Zeroing a reused [300, 100] array took a tenth of
   * a spiral step.
   */
  private output(shape: Shape): CpuTensor {
    return new CpuTensor([...shape], { data: this.array(sizeOf(shape), false), refs: 1 });
  }

  alloc(shape: Shape): DeviceTensor {
    // Zeroed: callers use it for accumulators and optimiser state.
    return this.make(shape);
  }

  upload(shape: Shape, data: ArrayLike<number>): DeviceTensor {
    const t = this.output(shape);
    if (data.length !== t.size) throw new RangeError(`upload: ${data.length} values for shape [${shape.join(', ')}]`);
    t.data.set(data);
    return t;
  }

  readSync(t: DeviceTensor): HostArray {
    return cpu(t).data;
  }

  download(t: DeviceTensor): Promise<HostArray> {
    return Promise.resolve(cpu(t).data.slice());
  }

  reshape(t: DeviceTensor, shape: Shape): DeviceTensor {
    const c = cpu(t);
    if (sizeOf(shape) !== c.size) throw new RangeError(`reshape: [${c.shape.join(', ')}] to [${shape.join(', ')}]`);
    c.storage.refs++;
    return new CpuTensor([...shape], c.storage);
  }

  release(t: DeviceTensor): void {
    const c = cpu(t);
    if (c.released) return;
    c.released = true;
    // The last view gone, the storage can serve the next tensor of its length (see `pool`).
    if (--c.storage.refs === 0) this.recycle(c.storage.data);
  }

  dispose(): void {
    this.pool.clear();
    this.pooledBytes = 0;
  }

  run(call: KernelCall): DeviceTensor {
    const t = this.outputFor(call);
    this.exec(call, t);
    return t;
  }

  prepare(call: KernelCall, out: DeviceTensor): () => void {
    const t = cpu(out);
    return this.planned(call, t) ?? (() => this.exec(call, t));
  }

  /**
   * The kernels whose general path works out a layout at each call (broadcast strides, matmul
   * offsets, heap addresses), with it worked out once: null for the rest, whose general path
   * (exec) allocates nothing per call anyway.
   */
  private planned(call: KernelCall, t: CpuTensor): (() => void) | null {
    const wasm = this.inHeap;
    switch (call.kind) {
      case 'binary': {
        const a = cpu(call.a);
        const b = cpu(call.b);
        return (wasm ? binaryWasmPlan(call.op, a.data, a.shape, b.data, b.shape, t.data) : null) ?? binaryPlan(call.op, a.data, a.shape, b.data, b.shape, t.data);
      }
      case 'unary':
        return wasm ? unaryWasmPlan(call.op, cpu(call.x).data, t.data, call.alpha) : null;
      case 'unary_grad':
        return wasm ? unaryGradWasmPlan(call.op, cpu(call.x).data, cpu(call.y).data, cpu(call.dy).data, t.data, call.alpha) : null;
      case 'reduce': {
        const x = cpu(call.x);
        return wasm ? reduceWasmPlan(call.op, x.data, x.shape, call.axes, t.data) : null;
      }
      case 'softmax': {
        const x = cpu(call.x);
        return wasm ? softmaxWasmPlan(x.data, x.shape, call.axis, call.log, t.data) : null;
      }
      case 'softmax_grad': {
        const y = cpu(call.y);
        return wasm ? softmaxGradWasmPlan(y.data, cpu(call.dy).data, y.shape, call.axis, call.log, t.data) : null;
      }
      case 'matmul': {
        const a = cpu(call.a);
        const b = cpu(call.b);
        const fast = this.kernels === 'wasm-simd' && matmulPaysInWasm(a, call.transA, t);
        // Only a float32 backend takes the WebAssembly path, and its storage is all Float32Array.
        const inWasm = fast ? matmulWasmPlan(a.data as Float32Array, a.shape, b.data as Float32Array, b.shape, call.transA, call.transB, t.data as Float32Array, this.startThreads) : null;
        return inWasm ?? (fast ? null : matmulPlan(a.data, a.shape, b.data, b.shape, call.transA, call.transB, t.data));
      }
      default:
        return null;
    }
  }

  copy(src: DeviceTensor, dst: DeviceTensor): void {
    const s = cpu(src);
    const d = cpu(dst);
    if (s.size !== d.size) throw new RangeError(`copy: [${s.shape.join(', ')}] into [${d.shape.join(', ')}]`);
    d.data.set(s.data);
  }

  write(t: DeviceTensor, data: ArrayLike<number>): void {
    const c = cpu(t);
    if (data.length !== c.size) throw new RangeError(`write: ${data.length} values for shape [${c.shape.join(', ')}]`);
    c.data.set(data);
  }

  /** The tensor `call` writes: a new one of its result's shape (the param itself for an update). */
  private outputFor(call: KernelCall): CpuTensor {
    switch (call.kind) {
      case 'fill': case 'dropout_mask': return this.output(call.shape);
      case 'unary': case 'unary_grad': case 'softmax': case 'pool2d_grad': return this.output(cpu(call.x).shape);
      case 'binary': return this.output(broadcastShapes(cpu(call.a).shape, cpu(call.b).shape));
      case 'reduce': return this.output(reducedShape(cpu(call.x).shape, call.axes, true));
      // This kernel and one_hot clear their output before writing where the maxima (the ones) are.
      case 'reduce_max_grad': return this.output(cpu(call.x).shape);
      case 'matmul': return this.output(matmulShape(cpu(call.a).shape, cpu(call.b).shape, call.transA, call.transB));
      case 'transpose': {
        const x = cpu(call.x);
        return this.output(call.perm.map((p) => x.shape[p]));
      }
      case 'broadcast_to': return this.output(call.shape);
      case 'softmax_grad': return this.output(cpu(call.y).shape);
      case 'one_hot': return this.output([...cpu(call.indices).shape, call.depth]);
      case 'conv2d': return this.output(conv2dShape(cpu(call.x).shape, cpu(call.w).shape, call.window));
      case 'conv2d_grad_x': return this.output(call.xShape);
      case 'conv2d_grad_w': return this.output(call.wShape);
      case 'pool2d': return this.output(pool2dShape(cpu(call.x).shape, call.window));
      case 'update': return cpu(call.param);
      default: return assertNever(call);
    }
  }

  /** Runs `call`, writing its result into `t` (from outputFor, or a prepared replay's). */
  private exec(call: KernelCall, t: CpuTensor): void {
    switch (call.kind) {
      case 'fill':
        t.data.fill(call.value);
        return;
      case 'unary': {
        const x = cpu(call.x);
        if (!(this.inHeap && unaryWasm(call.op, x.data, t.data, call.alpha))) unary(call.op, x.data, t.data, call.alpha);
        return;
      }
      case 'unary_grad': {
        const x = cpu(call.x).data;
        const y = cpu(call.y).data;
        const dy = cpu(call.dy).data;
        if (!(this.inHeap && unaryGradWasm(call.op, x, y, dy, t.data, call.alpha))) unaryGrad(call.op, x, y, dy, t.data, call.alpha);
        return;
      }
      case 'binary': {
        const a = cpu(call.a);
        const b = cpu(call.b);
        if (!(this.inHeap && binaryWasm(call.op, a.data, a.shape, b.data, b.shape, t.data))) binary(call.op, a.data, a.shape, b.data, b.shape, t.data);
        return;
      }
      case 'reduce': {
        const x = cpu(call.x);
        if (!(this.inHeap && reduceWasm(call.op, x.data, x.shape, call.axes, t.data))) reduce(call.op, x.data, x.shape, call.axes, t.data);
        return;
      }
      case 'reduce_max_grad': {
        const x = cpu(call.x);
        reduceMaxGrad(x.data, x.shape, cpu(call.dy).data, call.axes, t.data);
        return;
      }
      case 'matmul': {
        const a = cpu(call.a);
        const b = cpu(call.b);
        if (!(this.kernels === 'wasm-simd' && matmulWasmIfFaster(a, b, call.transA, call.transB, t, this.startThreads))) {
          matmul(a.data, a.shape, b.data, b.shape, call.transA, call.transB, t.data);
        }
        return;
      }
      case 'transpose': {
        const x = cpu(call.x);
        transpose(x.data, x.shape, call.perm, t.data);
        return;
      }
      case 'broadcast_to': {
        const x = cpu(call.x);
        broadcastTo(x.data, x.shape, call.shape, t.data);
        return;
      }
      case 'softmax': {
        const x = cpu(call.x);
        if (!(this.inHeap && softmaxWasm(x.data, x.shape, call.axis, call.log, t.data))) softmax(x.data, x.shape, call.axis, call.log, t.data);
        return;
      }
      case 'softmax_grad': {
        const y = cpu(call.y);
        const dy = cpu(call.dy).data;
        if (!(this.inHeap && softmaxGradWasm(y.data, dy, y.shape, call.axis, call.log, t.data))) softmaxGrad(y.data, dy, y.shape, call.axis, call.log, t.data);
        return;
      }
      case 'one_hot': {
        oneHot(cpu(call.indices).data, call.depth, t.data);
        return;
      }
      case 'dropout_mask':
        fillDropoutMask(call.key, call.threshold, call.scale, t.data);
        return;
      case 'conv2d': {
        const x = cpu(call.x);
        const w = cpu(call.w);
        if (!(this.inHeap && conv2dWasm(x.data, x.shape, w.data, w.shape, call.window, t.data, this.startThreads))) conv2d(x.data, x.shape, w.data, w.shape, call.window, t.data);
        return;
      }
      case 'conv2d_grad_x': {
        const w = cpu(call.w);
        const dy = cpu(call.dy).data;
        if (!(this.inHeap && conv2dGradXWasm(dy, w.data, w.shape, call.xShape, call.window, t.data, this.startThreads))) conv2dGradX(dy, w.data, w.shape, call.xShape, call.window, t.data);
        return;
      }
      case 'conv2d_grad_w': {
        const x = cpu(call.x);
        const dy = cpu(call.dy).data;
        if (!(this.inHeap && conv2dGradWWasm(dy, x.data, x.shape, call.wShape, call.window, t.data, this.startThreads))) conv2dGradW(dy, x.data, x.shape, call.wShape, call.window, t.data);
        return;
      }
      case 'pool2d': {
        const x = cpu(call.x);
        if (!(this.inHeap && pool2dWasm(call.pool, x.data, x.shape, call.window, t.data))) pool2d(call.pool, x.data, x.shape, call.window, t.data);
        return;
      }
      case 'pool2d_grad': {
        const x = cpu(call.x);
        const dy = cpu(call.dy).data;
        if (!(this.inHeap && pool2dGradWasm(call.pool, x.data, x.shape, dy, call.window, t.data))) pool2dGrad(call.pool, x.data, x.shape, dy, call.window, t.data);
        return;
      }
      case 'update': {
        const g = cpu(call.grad).data;
        // Kept between calls, one per state count: a step's updates make no arrays.
        const n = call.state.length;
        const state = (this.stateData[n] ??= new Array<HostArray>(n));
        for (let i = 0; i < n; i++) state[i] = cpu(call.state[i]).data;
        if (!(this.inHeap && updateWasm(call.rule, t.data, g, state, call.hyper))) update(call.rule, t.data, g, state, call.hyper);
        return;
      }
      default:
        assertNever(call);
    }
  }
}

/** Whether the product of `a` (its inner size read through transA) into `out` is large enough to pay for WebAssembly. */
function matmulPaysInWasm(a: CpuTensor, transA: boolean, out: CpuTensor): boolean {
  const r = out.shape.length;
  const k = transA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
  return wasmMatmulPays(out.shape[r - 2], k, out.shape[r - 1]);
}

/** Runs a matmul in WebAssembly when that pays; false when the TypeScript kernel should. */
function matmulWasmIfFaster(a: CpuTensor, b: CpuTensor, transA: boolean, transB: boolean, out: CpuTensor, threads: Threads): boolean {
  if (!matmulPaysInWasm(a, transA, out)) return false;
  // Only a float32 backend takes this path, and its storage is all Float32Array.
  return matmulWasm(a.data as Float32Array, a.shape, b.data as Float32Array, b.shape, transA, transB, out.data as Float32Array, threads);
}

function cpu(t: DeviceTensor): CpuTensor {
  if (!(t instanceof CpuTensor)) throw new TypeError('tensor belongs to another backend');
  if (t.released) throw new Error('use of a released tensor');
  return t;
}

/** What a CPU backend says about the path its kernels take (the editor's status bar shows it). */
export interface CpuPath {
  readonly kernels: CpuKernelPath;
  /** Whether tensors live in the shared WebAssembly heap, so that elementwise kernels run there too. */
  readonly inHeap: boolean;
  /** Threads a large kernel runs on now. */
  readonly threads: number;
  /** The worker pool, started on this first ask; null where there is none. */
  readonly threadPool: ThreadPool | null;
}

/** Creates the reference CPU backend. `kernels` says which path its float32 kernels take. */
export function createCpuBackend(opts: CpuBackendOptions = {}): ReplayBackend & Backend & CpuPath {
  return new CpuBackend(opts);
}

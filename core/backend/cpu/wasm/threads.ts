/**
 * Threads for the WebAssembly matmul and convolutions: workers that instantiate the same kernel
 * modules on the engine's shared heap (./heap.ts) and each compute a share of a product (a band
 * of its rows) or of a convolution (some of its images, or of its output channels), woken and
 * joined through `Atomics` on a control block in that heap. Workers are `worker_threads` in
 * Node and Web Workers (from a blob: URL) in browsers; each runs the small script below, which
 * needs nothing but the compiled modules and the memory it is sent.
 *
 * Bits: every element of a result is computed by the same instructions, in the same order,
 * whichever thread computes it (the matmul's k blocking does not depend on the rows it is
 * given; a convolution's sums run within one image, or, for the weight gradient, within one
 * output channel), so results are the same for any number of threads.
 *
 * Threads need a shared heap (SharedArrayBuffer: Node, cross-origin-isolated pages); elsewhere
 * there is no pool and every kernel runs on the calling thread.
 */
import { MATMUL_WASM } from './generated/matmul-wasm.js';
import { Scratch, type WasmHeap } from './heap.js';
import { CONV_WASM } from './generated/conv-wasm.js';

/**
 * Control block (int32 slots): the job generation, the count of workers done, the stop flag, the
 * count of workers started, then each worker's arguments. Workers say they have started here
 * rather than by message, so that a caller busy in a synchronous loop sees them arrive.
 */
const GEN = 0;
const DONE = 1;
const STOP = 2;
const READY = 3;
const ARGS = 16;
/** Each worker's slots: the kernel to run (0: none), then its arguments. */
const ARG_SLOTS = 24;

/**
 * Smallest kernel (multiply-adds) shared among threads: waking a worker and joining it costs
 * some tens of microseconds, what the matmul takes for about half a million multiply-adds on one
 * core. Below it no pool is even started.
 */
export const THREAD_MIN_MACS = 1 << 20;

/**
 * How a kernel reaches the thread pool: asked only once a kernel is large enough to share, so
 * that a backend that never runs one never starts its workers.
 */
export type Threads = () => ThreadPool | null;

/** For kernels called without a pool: everything on the calling thread. */
export const NO_THREADS: Threads = () => null;

/** Kernels a worker can run: each module's exports, by number. */
export const KERNEL = { gemm: 1, conv2d: 2, conv2dGradX: 3, conv2dGradW: 4 } as const;
/** Arguments each kernel takes (int32s). */
const ARGC = [0, 11, 16, 16, 17];

/**
 * The worker's whole program, as a string, so that it can start without a file of its own in
 * either environment: it instantiates the kernel modules on the memory, counts itself started,
 * then waits for each new generation, runs the kernel in its slots with the arguments there,
 * and counts itself done.
 */
const WORKER_SOURCE = `
const start = ({ modules, memory, ctrl, id, slots }) => {
  const [mm, cv] = modules.map((m) => new WebAssembly.Instance(m, { env: { memory } }).exports);
  const kernels = [null, mm.gemm, cv.conv2d, cv.conv2d_grad_x, cv.conv2d_grad_w];
  const argc = ${JSON.stringify(ARGC)};
  const i32 = new Int32Array(memory.buffer, ctrl, ${ARGS} + slots * ${ARG_SLOTS});
  const at = ${ARGS} + id * ${ARG_SLOTS};
  let seen = 0;
  Atomics.add(i32, ${READY}, 1);
  for (;;) {
    Atomics.wait(i32, ${GEN}, seen);
    seen = Atomics.load(i32, ${GEN});
    if (Atomics.load(i32, ${STOP}) !== 0) return;
    const k = i32[at];
    if (k > 0) kernels[k](...i32.subarray(at + 1, at + 1 + argc[k]));
    Atomics.add(i32, ${DONE}, 1);
    Atomics.notify(i32, ${DONE});
  }
};
if (typeof require === 'function') require('node:worker_threads').parentPort.once('message', start);
else self.onmessage = (e) => start(e.data);
`;

/** The part of a worker used here, in Node and in browsers. */
interface ThreadHandle {
  terminate(): unknown;
}

type Spawn = (onError: (message: string) => void) => ThreadHandle & { post(message: unknown): void };

interface NodeWorker {
  postMessage(message: unknown): void;
  on(event: 'error', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): unknown;
}
interface WebWorker {
  postMessage(message: unknown): void;
  onerror: ((e: { message?: string }) => void) | null;
  terminate(): void;
}

/** How this environment starts a worker running {@link WORKER_SOURCE}, or null where it cannot. */
function spawner(): Spawn | null {
  const g = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    Worker?: new (url: string) => WebWorker;
    Blob?: new (parts: string[], opts: { type: string }) => object;
    URL?: { createObjectURL(blob: object): string };
  };
  const threads = g.process?.getBuiltinModule?.('node:worker_threads') as { Worker: new (code: string, opts: { eval: true }) => NodeWorker } | undefined;
  if (threads) {
    return (onError) => {
      const w = new threads.Worker(WORKER_SOURCE, { eval: true });
      // Idle workers wait in Atomics.wait; they must not keep a finished process alive.
      w.unref();
      w.on('error', (e) => onError(e instanceof Error ? e.message : String(e)));
      return { post: (m) => w.postMessage(m), terminate: () => w.terminate() };
    };
  }
  if (g.Worker && g.Blob && g.URL) {
    const { Worker, Blob, URL } = g;
    return (onError) => {
      const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      const w = new Worker(url);
      w.onerror = (e) => onError(e.message ?? 'the worker failed to start');
      return { post: (m) => w.postMessage(m), terminate: () => w.terminate() };
    };
  }
  return null;
}

/** Whether this thread may block in Atomics.wait (a page's main thread may not). */
function canBlock(i32: Int32Array): boolean {
  try {
    Atomics.wait(i32, STOP, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** One worker's share of a job: a kernel (see {@link KERNEL}) and its arguments. */
export interface Job {
  readonly kernel: number;
  readonly args: readonly number[];
}

export class ThreadPool {
  /** Workers started (the calling thread works too, so a pool of w computes on w + 1 threads). */
  readonly workers: number;
  /** Products this pool has split across its threads, for tests to see that it did. */
  jobs = 0;
  private failed: string | null = null;
  private readonly handles: ThreadHandle[] = [];
  private readonly i32: Int32Array;
  private readonly blocking: boolean;
  private readonly scratch: number[];
  /** Each worker's scratch for kernels other than the matmul (a convolution's accumulators). */
  private readonly more: Scratch[];

  private constructor(
    private readonly heap: WasmHeap,
    workers: number,
    private readonly ctrl: number,
    spawn: Spawn,
    /** The matmul's scratch block size (matmul.wat's SCRATCH_BYTES), one block per worker. */
    private readonly scratchBytes: number,
  ) {
    this.workers = workers;
    this.i32 = new Int32Array(heap.memory.buffer, ctrl, ARGS + workers * ARG_SLOTS);
    this.blocking = canBlock(this.i32);
    const modules = [heap.compiled(MATMUL_WASM), heap.compiled(CONV_WASM)];
    this.more = Array.from({ length: workers }, () => new Scratch(heap));
    this.scratch = [];
    for (let id = 0; id < workers; id++) {
      const scratch = heap.alloc(this.scratchBytes);
      if (scratch < 0) throw new Error('no heap for a thread\'s scratch');
      this.scratch.push(scratch);
      const h = spawn((message) => (this.failed ??= message));
      h.post({ modules, memory: heap.memory, ctrl, id, slots: workers });
      this.handles.push(h);
    }
  }

  /**
   * A pool of `workers` threads on `heap`, or null where there can be none (no shared heap, no
   * way to start a worker, or zero asked for). The workers start in the background; until all
   * have, {@link usable} is false and products run on the calling thread alone.
   */
  static create(heap: WasmHeap, workers: number, gemmScratchBytes: number): ThreadPool | null {
    if (!heap.shared || workers < 1) return null;
    const spawn = spawner();
    if (spawn === null) return null;
    const ctrl = heap.alloc((ARGS + workers * ARG_SLOTS) * 4);
    if (ctrl < 0) return null;
    new Int32Array(heap.memory.buffer, ctrl, ARGS + workers * ARG_SLOTS).fill(0);
    return new ThreadPool(heap, workers, ctrl, spawn, gemmScratchBytes);
  }

  /** Whether every worker has started (and none failed). */
  get usable(): boolean {
    return this.failed === null && Atomics.load(this.i32, READY) === this.workers;
  }

  /** Resolves true once every worker has started, false if one fails or `timeoutMs` passes first. */
  async started(timeoutMs = 20_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.usable) {
      if (this.failed !== null || Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }

  /** Why the pool cannot be used, once a worker has failed. */
  get error(): string | null {
    return this.failed;
  }

  /** The matmul's scratch block of worker `id` (SCRATCH_BYTES, its own). */
  gemmScratch(id: number): number {
    return this.scratch[id];
  }

  /** At least `bytes` of scratch for worker `id`, kept for its next job; -1 where the heap cannot. */
  workerScratch(id: number, bytes: number): number {
    return this.more[id].get(bytes);
  }

  /**
   * Runs `jobs[i]` on worker i (a worker without a job counts itself done at once) while this
   * thread runs `own`, and returns when all are done.
   */
  run(jobs: readonly (Job | undefined)[], own: () => void): void {
    const i32 = this.i32;
    for (let id = 0; id < this.workers; id++) {
      const at = ARGS + id * ARG_SLOTS;
      const job = jobs[id];
      i32[at] = job?.kernel ?? 0;
      if (job) for (let a = 0; a < job.args.length; a++) i32[at + 1 + a] = job.args[a];
    }
    this.jobs++;
    Atomics.store(i32, DONE, 0);
    Atomics.add(i32, GEN, 1);
    Atomics.notify(i32, GEN);
    own();
    for (;;) {
      const done = Atomics.load(i32, DONE);
      if (done === this.workers) break;
      // A page's main thread cannot block; it spins on the counter instead.
      if (this.blocking) Atomics.wait(i32, DONE, done, 50);
    }
  }

  /** Stops the workers and returns the pool's blocks to the heap. */
  dispose(): void {
    Atomics.store(this.i32, STOP, 1);
    Atomics.add(this.i32, GEN, 1);
    Atomics.notify(this.i32, GEN);
    for (const h of this.handles) h.terminate();
    for (const s of this.scratch) this.heap.free(s, this.scratchBytes);
    for (const s of this.more) s.release();
    this.heap.free(this.ctrl, (ARGS + this.workers * ARG_SLOTS) * 4);
  }
}

/** Processors this engine may use: Node's available parallelism, a browser's hardware concurrency. */
function processors(): number {
  const g = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown }; navigator?: { hardwareConcurrency?: number } };
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1;
}

/** At most this many threads work on one product: beyond it the memory bus, not the cores, sets the pace. */
const MAX_THREADS = 4;

/**
 * Workers a CPU backend starts by default: one per processor beyond the calling thread, up to
 * {@link MAX_THREADS} threads in all. In a browser one processor more is left alone, for the
 * page: the editor draws while the engine's worker trains.
 */
export function defaultThreadWorkers(): number {
  const browser = typeof (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule !== 'function';
  return Math.max(0, Math.min(processors() - (browser ? 1 : 0), MAX_THREADS) - 1);
}

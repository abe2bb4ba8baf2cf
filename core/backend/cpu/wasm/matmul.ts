/**
 * The float32 matmul in WebAssembly SIMD (./matmul.wat, assembled at build time into
 * ./generated/matmul-wasm.ts by bin/build-wasm.mjs), on the engine's heap (./heap.ts). Operands
 * that live in the heap are read where they are and the product written in place; others are
 * staged through the heap and copied back. The staging block grows to the largest call seen and
 * is kept, so a training step's matmuls allocate nothing.
 *
 * The module is compiled synchronously on first use (`new WebAssembly.Module`), which Node and
 * workers allow for any size; the CPU backend never runs on a page's main thread. Where
 * WebAssembly or its SIMD is missing there is no heap, and every call answers false so that the
 * caller runs the TypeScript kernel.
 */
import type { Shape } from '../../../tensor/shape.js';
import { type MatmulPlan, planMatmul } from '../matmul.js';
import { MATMUL_WASM } from './generated/matmul-wasm.js';
import { Staging, stagedBytes, type WasmHeap, wasmHeap } from './heap.js';
import { type Job, KERNEL, NO_THREADS, THREAD_MIN_MACS, ThreadPool, type Threads } from './threads.js';

/** What the kernel module exports (see matmul.wat). Pointers are byte addresses, strides in elements. */
export interface MatmulExports {
  readonly SCRATCH_BYTES: { readonly value: number };
  gemm(a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, n: number, k: number, m: number, scratch: number): void;
}

/** Beyond this much staged memory (operands and product together) the TypeScript kernel runs instead. */
const MAX_STAGED_BYTES = 1 << 30;
/** Smallest n * k * m for which the WebAssembly kernel is used (see {@link wasmMatmulPays}). */
const MIN_MACS = 256;
/** Rows per band are a multiple of the kernel's register tile (matmul.wat's MR), and at least this many. */
const MR = 4;
const MIN_BAND_ROWS = 16;

interface Loaded {
  readonly heap: WasmHeap;
  readonly gemm: MatmulExports['gemm'];
  readonly scratch: number;
  readonly scratchBytes: number;
  readonly staging: Staging;
}

/** undefined: not loaded yet; null: unavailable here. */
let kernel: Loaded | null | undefined;

function load(): Loaded | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const heap = wasmHeap(MATMUL_WASM);
  if (heap === null) return null;
  try {
    const exports = heap.instantiate(MATMUL_WASM) as MatmulExports;
    const scratch = heap.alloc(exports.SCRATCH_BYTES.value);
    if (scratch < 0) return null;
    kernel = { heap, gemm: exports.gemm, scratch, scratchBytes: exports.SCRATCH_BYTES.value, staging: new Staging(heap) };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether this engine runs the WebAssembly SIMD matmul (compiling it on first ask). */
export function wasmMatmulAvailable(): boolean {
  return load() !== null;
}

/** Pools by their worker count: one per count for the whole engine, made on first ask. */
const pools = new Map<number, ThreadPool | null>();

/**
 * The engine's pool of `workers` threads for the matmul, or null where there can be none (no
 * shared heap, no way to start workers, or 0 asked for). See ./threads.ts.
 */
export function matmulThreads(workers: number): ThreadPool | null {
  if (workers < 1) return null;
  const k = load();
  if (k === null) return null;
  if (!pools.has(workers)) {
    let pool: ThreadPool | null = null;
    try {
      pool = ThreadPool.create(k.heap, workers, k.scratchBytes);
    } catch {
      pool = null;
    }
    pools.set(workers, pool);
  }
  return pools.get(workers) ?? null;
}

/** The heap that float32 tensors live in, where the kernels have one and it is shared; else null. */
export function wasmTensorHeap(): WasmHeap | null {
  const k = load();
  return k !== null && k.heap.shared ? k.heap : null;
}

/**
 * Whether an n x k x m matmul runs faster here than in TypeScript. A call costs about 0.4 µs
 * more (copies, the call into WebAssembly); bench/matmul-crossover.ts found TypeScript ahead at
 * 2 x 2 x 2 and at 4 x 8 x 1, both within 20% at 64-216 multiply-adds, WebAssembly 1.2-1.6x
 * ahead at 256 (4 x 8 x 8, 8 x 8 x 4), 1.8x at 8 x 8 x 8 and 4-10x from 16 x 16 x 16 on.
 */
export function wasmMatmulPays(n: number, k: number, m: number): boolean {
  return n * k * m >= MIN_MACS;
}

/**
 * out = op(a) · op(b), batched with broadcasting, exactly as ../matmul.ts's `matmul` but in
 * float32 arithmetic. Returns false, having written nothing, when the module is unavailable or
 * the operands would not fit the heap; the caller then runs the TypeScript kernel.
 */
export function matmulWasm(a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, transA: boolean, transB: boolean, out: Float32Array, threads: Threads = NO_THREADS): boolean {
  const k = load();
  if (k === null) return false;
  const p = planMatmul(aShape, bShape, transA, transB);
  if (out.length === 0) return true;
  if (p.k === 0) {
    out.fill(0);
    return true;
  }
  const { heap, staging } = k;
  // Only what is not in the heap is staged; with every operand there this is 0.
  const staged = stagedBytes(heap.addressOf(a) < 0 ? a.length : 0, heap.addressOf(b) < 0 ? b.length : 0, heap.addressOf(out) < 0 ? out.length : 0);
  if (staged > MAX_STAGED_BYTES || !staging.begin(staged)) return false;
  const aPtr = staging.input(a);
  const bPtr = staging.input(b);
  const cPtr = staging.outputAddress(out);
  gemmAt(k, p, aPtr, bPtr, cPtr, threads)();
  staging.output(out, cPtr);
  return true;
}

/**
 * {@link matmulWasm} on operands that all live in the heap, with its layout worked out now: a
 * function that runs it (for a replayed step) and allocates nothing; null where an operand is
 * elsewhere (staged) or the module is unavailable.
 */
export function matmulWasmPlan(a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, transA: boolean, transB: boolean, out: Float32Array, threads: Threads = NO_THREADS): (() => void) | null {
  const k = load();
  if (k === null) return null;
  const aPtr = k.heap.addressOf(a);
  const bPtr = k.heap.addressOf(b);
  const cPtr = k.heap.addressOf(out);
  if (aPtr < 0 || bPtr < 0 || cPtr < 0) return null;
  const p = planMatmul(aShape, bShape, transA, transB);
  if (out.length === 0) return () => undefined;
  if (p.k === 0) return () => out.fill(0);
  return gemmAt(k, p, aPtr, bPtr, cPtr, threads);
}

/**
 * The product of planned operands at these addresses: a single product of at least
 * THREAD_MIN_MACS is split into row bands across the pool once it runs (the bands and their jobs
 * made once per pool), anything else runs here, one gemm per batch entry.
 */
function gemmAt(k: Loaded, p: MatmulPlan, aPtr: number, bPtr: number, cPtr: number, threads: Threads): () => void {
  const size = p.n * p.m;
  const shareable = p.aOffsets.length === 1 && p.n * p.k * p.m >= THREAD_MIN_MACS && p.n >= 2 * MIN_BAND_ROWS;
  let split: { readonly pool: ThreadPool; readonly jobs: Job[]; readonly own: () => void } | undefined;
  const alone = () => {
    for (let t = 0; t < p.aOffsets.length; t++) {
      k.gemm(aPtr + p.aOffsets[t] * 4, p.aRs, p.aCs, bPtr + p.bOffsets[t] * 4, p.bRs, p.bCs, cPtr + t * size * 4, p.n, p.k, p.m, k.scratch);
    }
  };
  return () => {
    const pool = shareable ? threads() : null;
    if (pool === null || !pool.usable) return alone();
    if (split?.pool !== pool) {
      const bands = rowBands(pool.workers + 1, p.n, aPtr + p.aOffsets[0] * 4, p.aRs, cPtr, p.m);
      const b0 = bPtr + p.bOffsets[0] * 4;
      const own = bands[0];
      split = {
        pool,
        jobs: bands.slice(1).map((band, id) => ({ kernel: KERNEL.gemm, args: [band.a, p.aRs, p.aCs, b0, p.bRs, p.bCs, band.c, band.rows, p.k, p.m, pool.gemmScratch(id)] })),
        own: () => k.gemm(own.a, p.aRs, p.aCs, b0, p.bRs, p.bCs, own.c, own.rows, p.k, p.m, k.scratch),
      };
    }
    pool.run(split.jobs, split.own);
  };
}

/** A band of a product's rows, for one thread: where its rows of A and of C start, and how many. */
interface Band {
  readonly a: number;
  readonly c: number;
  readonly rows: number;
}

/** The rows of an n-row product cut into up to `threads` bands of whole register tiles. */
function rowBands(threads: number, n: number, a: number, ars: number, c: number, m: number): Band[] {
  const per = Math.max(MIN_BAND_ROWS, Math.ceil(n / threads / MR) * MR);
  const bands: Band[] = [];
  for (let r = 0; r < n; r += per) {
    bands.push({ a: a + r * ars * 4, c: c + r * m * 4, rows: Math.min(per, n - r) });
  }
  return bands;
}

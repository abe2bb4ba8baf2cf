/**
 * The convolution and its gradients, and the pools and their gradient, in WebAssembly (./conv.wat), for float32 tensors in the
 * engine's shared heap: ../conv.ts's loops and float64 accumulators, so the same bits. Each
 * function answers false, having written nothing, where it does not take the call (no shared
 * heap, an operand outside it, too small a product); the caller then runs the TypeScript kernel.
 */
import type { PoolKind, Window2d } from '../../backend.js';
import type { Shape } from '../../../tensor/shape.js';
import type { HostArray } from '../../../tensor/tensor.js';
import { type ConvDims, convDims, pool2dShape, type Tap, tapsOf } from '../conv.js';
import { addresses } from './elementwise.js';
import { CONV_WASM } from './generated/conv-wasm.js';
import { Scratch, sharedKernels, type WasmHeap } from './heap.js';
import { KERNEL, NO_THREADS, THREAD_MIN_MACS, type Threads } from './threads.js';

type ConvKernel = (
  a: number, b: number, out: number, acc: number, taps: number, ntaps: number,
  N: number, C: number, H: number, W: number, O: number, K: number, Ho: number, Wo: number, sh: number, sw: number,
  /** The weight gradient's: dy's count of channels. */
  Os?: number,
) => void;

type PoolKernel = (x: number, out: number, acc: number, taps: number, ntaps: number, P: number, H: number, W: number, Ho: number, Wo: number, sh: number, sw: number, kind: number, area: number) => void;
type PoolGradKernel = (
  x: number, dy: number, out: number, acc: number, best: number, at: number, taps: number, ntaps: number,
  P: number, H: number, W: number, Ho: number, Wo: number, sh: number, sw: number, kind: number, area: number,
) => void;

interface Kernels {
  readonly heap: WasmHeap;
  readonly scratch: Scratch;
  readonly conv2d: ConvKernel;
  readonly gradX: ConvKernel;
  readonly gradW: ConvKernel;
  readonly pool: PoolKernel;
  readonly poolGrad: PoolGradKernel;
}

/** Below this many multiply-adds TypeScript runs it: the call and the taps' table cost about that. */
const MIN_MACS = 256;

const load = sharedKernels<Kernels>(CONV_WASM, (e, heap) => ({
  heap,
  scratch: new Scratch(heap),
  conv2d: e['conv2d'] as ConvKernel,
  gradX: e['conv2d_grad_x'] as ConvKernel,
  gradW: e['conv2d_grad_w'] as ConvKernel,
  pool: e['pool2d'] as PoolKernel,
  poolGrad: e['pool2d_grad'] as PoolGradKernel,
}));

const ptr = [0, 0, 0];

/** Writes the taps' table at `at` in the heap (7 int32s a tap, as conv.wat reads them). */
function writeTaps(heap: WasmHeap, at: number, taps: readonly Tap[]): void {
  const table = new Int32Array(heap.memory.buffer, at, taps.length * 7);
  taps.forEach((t, i) => table.set([t.tap, t.oh0, t.oh1, t.ow0, t.ow1, t.di, t.dj], i * 7));
}

/**
 * How a convolution is shared among threads: by images (conv2d and the input gradient, whose
 * sums stay within an image) or by output channels (the weight gradient, whose sums run over
 * the images and must stay in one thread's order).
 */
type Split = 'images' | 'channels';


/**
 * Runs one of the kernels: the taps' table and the accumulators (`accPer` float64s per image,
 * or per output channel) go in scratch; large ones are shared among the pool's threads (asked for through `threads` only then).
 */
function run(which: 'conv2d' | 'gradX' | 'gradW', a: HostArray, b: HostArray, out: HostArray, d: ConvDims, win: Window2d, accPer: number, threads: Threads): boolean {
  const macs = d.N * d.O * d.C * d.taps.length * d.Ho * d.Wo;
  if (macs < MIN_MACS) return false;
  const k = load();
  if (!k || !addresses(k.heap, [a, b, out], ptr)) return false;
  const split: Split = which === 'gradW' ? 'channels' : 'images';
  const count = split === 'images' ? d.N : d.O;
  // conv2d's accumulators hold one output plane, reused image after image.
  const accFloats = which === 'conv2d' ? accPer : accPer * count;
  const tapBytes = d.taps.length * 28;
  const base = k.scratch.get(accFloats * 8 + tapBytes);
  if (base < 0) return false;
  // The accumulators first (8-byte aligned as the block is), the taps after them.
  const tapsAt = base + accFloats * 8;
  writeTaps(k.heap, tapsAt, d.taps);
  const [sh, sw] = win.stride;
  const plane = d.Ho * d.Wo;
  // Byte strides of one image (or channel) in a, in out, and where it starts.
  const aStep = which === 'conv2d' ? d.C * d.H * d.W * 4 : plane * 4 * (which === 'gradX' ? d.O : 1);
  const outStep = which === 'conv2d' ? d.O * plane * 4 : which === 'gradX' ? d.C * d.H * d.W * 4 : d.C * d.K * 4;
  const args = (from: number, n: number, acc: number): number[] => [
    ptr[0] + from * aStep, ptr[1], ptr[2] + from * outStep, acc, tapsAt, d.taps.length,
    split === 'images' ? n : d.N, d.C, d.H, d.W, split === 'channels' ? n : d.O, d.K, d.Ho, d.Wo, sh, sw,
    ...(which === 'gradW' ? [d.O] : []),
  ];
  const f = which === 'conv2d' ? k.conv2d : which === 'gradX' ? k.gradX : k.gradW;
  const pool = macs >= THREAD_MIN_MACS && count > 1 ? threads() : null;
  if (pool === null || !pool.usable) {
    f(...(args(0, count, base) as Parameters<ConvKernel>));
    return true;
  }
  const per = Math.ceil(count / Math.min(pool.workers + 1, count));
  const jobs: { kernel: number; args: number[] }[] = [];
  for (let id = 0, from = per; from < count; id++, from += per) {
    const n = Math.min(per, count - from);
    const acc = pool.workerScratch(id, (which === 'conv2d' ? accPer : accPer * n) * 8);
    if (acc < 0) return false;
    jobs.push({ kernel: KERNEL[which === 'conv2d' ? 'conv2d' : which === 'gradX' ? 'conv2dGradX' : 'conv2dGradW'], args: args(from, n, acc) });
  }
  pool.run(jobs, () => f(...(args(0, Math.min(per, count), base) as Parameters<ConvKernel>)));
  return true;
}

export function conv2dWasm(x: HostArray, xs: Shape, w: HostArray, ws: Shape, win: Window2d, out: HostArray, threads: Threads = NO_THREADS): boolean {
  const d = convDims(xs, ws, win);
  return run('conv2d', x, w, out, d, win, d.Ho * d.Wo, threads);
}

export function conv2dGradXWasm(dy: HostArray, w: HostArray, ws: Shape, xs: Shape, win: Window2d, out: HostArray, threads: Threads = NO_THREADS): boolean {
  const d = convDims(xs, ws, win);
  return run('gradX', dy, w, out, d, win, d.C * d.H * d.W, threads);
}

export function conv2dGradWWasm(dy: HostArray, x: HostArray, xs: Shape, ws: Shape, win: Window2d, out: HostArray, threads: Threads = NO_THREADS): boolean {
  const d = convDims(xs, ws, win);
  return run('gradW', dy, x, out, d, win, d.C * d.K, threads);
}

/** The pool's geometry and kernel arguments common to the pool and its gradient. */
function poolDims(xs: Shape, win: Window2d) {
  const [N, C, H, W] = xs as [number, number, number, number];
  const [, , Ho, Wo] = pool2dShape(xs, win) as [number, number, number, number];
  return { P: N * C, H, W, Ho, Wo, taps: tapsOf(H, W, Ho, Wo, win), area: win.kernel[0] * win.kernel[1] };
}

export function pool2dWasm(kind: PoolKind, x: HostArray, xs: Shape, win: Window2d, out: HostArray): boolean {
  if (x.length < MIN_MACS) return false;
  const k = load();
  if (!k || !addresses(k.heap, [x, out], ptr)) return false;
  const d = poolDims(xs, win);
  const plane = d.Ho * d.Wo;
  const base = k.scratch.get(plane * 8 + d.taps.length * 28);
  if (base < 0) return false;
  const tapsAt = base + plane * 8;
  writeTaps(k.heap, tapsAt, d.taps);
  k.pool(ptr[0], ptr[1], base, tapsAt, d.taps.length, d.P, d.H, d.W, d.Ho, d.Wo, win.stride[0], win.stride[1], kind === 'avg' ? 1 : 0, d.area);
  return true;
}

export function pool2dGradWasm(kind: PoolKind, x: HostArray, xs: Shape, dy: HostArray, win: Window2d, out: HostArray): boolean {
  if (x.length < MIN_MACS) return false;
  const k = load();
  if (!k || !addresses(k.heap, [x, dy, out], ptr)) return false;
  const d = poolDims(xs, win);
  const plane = d.Ho * d.Wo;
  // acc (the input's size, float64), best (a plane, float64), at (a plane, int32), the taps.
  const base = k.scratch.get(out.length * 8 + plane * 8 + plane * 4 + d.taps.length * 28);
  if (base < 0) return false;
  const best = base + out.length * 8;
  const at = best + plane * 8;
  const tapsAt = at + plane * 4;
  writeTaps(k.heap, tapsAt, d.taps);
  k.poolGrad(ptr[0], ptr[1], ptr[2], base, best, at, tapsAt, d.taps.length, d.P, d.H, d.W, d.Ho, d.Wo, win.stride[0], win.stride[1], kind === 'avg' ? 1 : 0, d.area);
  return true;
}

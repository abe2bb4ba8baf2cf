/**
 * The convolution and its gradients in WebAssembly (./conv.wat), for float32 tensors in the
 * engine's shared heap: ../conv.ts's loops and float64 accumulators, so the same bits. Each
 * function answers false, having written nothing, where it does not take the call (no shared
 * heap, an operand outside it, too small a product); the caller then runs the TypeScript kernel.
 */
import type { Window2d } from '../../backend.js';
import type { Shape } from '../../../tensor/shape.js';
import type { HostArray } from '../../../tensor/tensor.js';
import { type ConvDims, convDims } from '../conv.js';
import { addresses } from './elementwise.js';
import { CONV_WASM } from './generated/conv-wasm.js';
import { Scratch, sharedKernels, type WasmHeap } from './heap.js';

type ConvKernel = (
  a: number, b: number, out: number, acc: number, taps: number, ntaps: number,
  N: number, C: number, H: number, W: number, O: number, K: number, Ho: number, Wo: number, sh: number, sw: number,
) => void;

interface Kernels {
  readonly heap: WasmHeap;
  readonly scratch: Scratch;
  readonly conv2d: ConvKernel;
  readonly gradX: ConvKernel;
  readonly gradW: ConvKernel;
}

/** Below this many multiply-adds TypeScript runs it: the call and the taps' table cost about that. */
const MIN_MACS = 256;

const load = sharedKernels<Kernels>(CONV_WASM, (e, heap) => ({
  heap,
  scratch: new Scratch(heap),
  conv2d: e['conv2d'] as ConvKernel,
  gradX: e['conv2d_grad_x'] as ConvKernel,
  gradW: e['conv2d_grad_w'] as ConvKernel,
}));

const ptr = [0, 0, 0];

/** Runs one of the kernels: the taps' table and `accFloats` float64 accumulators go in scratch. */
function run(kernel: (k: Kernels) => ConvKernel, a: HostArray, b: HostArray, out: HostArray, d: ConvDims, win: Window2d, accFloats: number): boolean {
  if (d.N * d.O * d.C * d.taps.length * d.Ho * d.Wo < MIN_MACS) return false;
  const k = load();
  if (!k || !addresses(k.heap, [a, b, out], ptr)) return false;
  const tapBytes = d.taps.length * 28;
  const base = k.scratch.get(accFloats * 8 + tapBytes);
  if (base < 0) return false;
  // The accumulators first (8-byte aligned as the block is), the taps after them.
  const tapsAt = base + accFloats * 8;
  const table = new Int32Array(k.heap.memory.buffer, tapsAt, d.taps.length * 7);
  d.taps.forEach((t, i) => table.set([t.tap, t.oh0, t.oh1, t.ow0, t.ow1, t.di, t.dj], i * 7));
  kernel(k)(ptr[0], ptr[1], ptr[2], base, tapsAt, d.taps.length, d.N, d.C, d.H, d.W, d.O, d.K, d.Ho, d.Wo, win.stride[0], win.stride[1]);
  return true;
}

export function conv2dWasm(x: HostArray, xs: Shape, w: HostArray, ws: Shape, win: Window2d, out: HostArray): boolean {
  const d = convDims(xs, ws, win);
  return run((k) => k.conv2d, x, w, out, d, win, d.Ho * d.Wo);
}

export function conv2dGradXWasm(dy: HostArray, w: HostArray, ws: Shape, xs: Shape, win: Window2d, out: HostArray): boolean {
  const d = convDims(xs, ws, win);
  return run((k) => k.gradX, dy, w, out, d, win, out.length);
}

export function conv2dGradWWasm(dy: HostArray, x: HostArray, xs: Shape, ws: Shape, win: Window2d, out: HostArray): boolean {
  const d = convDims(xs, ws, win);
  return run((k) => k.gradW, dy, x, out, d, win, out.length);
}

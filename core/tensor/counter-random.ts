/**
 * Counter-based random bits: every element's bits are a hash of (seed,
 * counter, element index), so any backend can compute any element on its own
 * and get the same bits. Dropout masks come from here: the `dropout_mask` kernel
 * kind computes them on the device (the CPU backend with the functions below,
 * WebGPU with the same u32 arithmetic in WGSL, core/backend/webgpu/kernels/dropout.ts),
 * and the host only computes the key and the threshold.
 *
 * The exact algorithm (all values u32; `*` wraps mod 2^32, i.e. Math.imul in
 * TypeScript and plain `*` on `u32` in WGSL; `>>` is a logical shift):
 *
 * ```
 * mix(x):        x ^= x >> 16;  x *= 0x7feb352d;  x ^= x >> 15;  x *= 0x846ca68b;  x ^= x >> 16
 * key(s, c):     mix(mix(s ^ 0x9e3779b9) + c)               // once per draw (a uniform for a kernel)
 * bits(s, c, i): mix(mix(i ^ key(s, c)) + key(s, c))        // element i, row-major
 * ```
 *
 * `mix` is Chris Wellons' "lowbias32" integer hash (hash-prospector). It is
 * not Philox: Philox needs the high half of a 32×32 product, which WGSL has no
 * instruction for, while this needs only wrapping u32 multiplies, xors and shifts.
 *
 * Dropout with probability p keeps element i when `bits(s, c, i) >= t`, with
 * `t = min(ceil(p · 2^32), 2^32 − 1)` computed on the host (so `u / 2^32 >= p`
 * for p < 1 − 2^−32), and scales kept elements by `1 / (1 − p)` computed in
 * float64 and rounded once to the backend's float type.
 */
import type { HostArray } from './tensor.js';

/** lowbias32: a bijective u32 → u32 mixing function. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The per-draw key: one u32 from the stream's seed and the draw's counter. */
export function counterKey(seed: number, counter: number): number {
  return mix32((mix32((seed ^ 0x9e3779b9) >>> 0) + counter) >>> 0);
}

/** Element `index`'s bits for draw (`seed`, `counter`). */
export function counterBits(seed: number, counter: number, index: number): number {
  const key = counterKey(seed, counter);
  return bitsFromKey(key, index);
}

function bitsFromKey(key: number, index: number): number {
  return mix32((mix32((index ^ key) >>> 0) + key) >>> 0);
}

/** The u32 threshold below which dropout drops an element: min(ceil(p · 2^32), 2^32 − 1). */
export function dropoutThreshold(p: number): number {
  return Math.min(Math.ceil(p * 4294967296), 4294967295);
}

/**
 * Writes dropout's mask for the draw with `key` into `out` (all of it, row-major): `scale` where
 * an element's bits are at least `threshold`, else 0. Assigning the float64 `scale` into a
 * Float32Array rounds it once, as uploading a float64 mask would.
 */
export function fillDropoutMask(key: number, threshold: number, scale: number, out: HostArray): void {
  for (let i = 0; i < out.length; i++) out[i] = bitsFromKey(key, i) >= threshold ? scale : 0;
}

/**
 * Dropout's mask for draw (`seed`, `counter`) over `n` elements: 1 / (1 − p) where an element is
 * kept, 0 where it is dropped (see the module comment for the exact rule).
 */
export function dropoutMask(seed: number, counter: number, n: number, p: number): Float64Array {
  const m = new Float64Array(n);
  fillDropoutMask(counterKey(seed, counter), dropoutThreshold(p), 1 / (1 - p), m);
  return m;
}

/**
 * A seed and a counter: each draw hands out the next counter under the same seed, so a run's
 * draws are fixed by the seed and their order, and any draw can be recomputed from its pair.
 */
export class CounterRng {
  readonly seed: number;
  private counter: number;

  constructor(seed: number, counter = 0) {
    this.seed = seed >>> 0;
    this.counter = counter >>> 0;
  }

  /** The counter for the next draw (then advanced, wrapping at 2^32). */
  next(): number {
    const c = this.counter;
    this.counter = (c + 1) >>> 0;
    return c;
  }
}

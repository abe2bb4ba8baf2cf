/**
 * The CPU matmul kernels against a naive float64 triple loop: the TypeScript
 * kernel in both precisions, and the WebAssembly SIMD one (float32 only) with
 * the same cases. The blocked kernels have many edges (register tiles, packed
 * panels, k blocks, batch broadcasting, strided transposed reads), so the
 * shapes below straddle each of them.
 */
import { describe, expect, it } from 'vitest';
import { matmul, matmulShape } from '../../core/backend/cpu/matmul.js';
import { matmulWasm, wasmMatmulAvailable } from '../../core/backend/cpu/wasm/matmul.js';
import { Rng } from '../../core/tensor/random.js';
import { type Shape, sizeOf } from '../../core/tensor/shape.js';
import type { HostArray } from '../../core/tensor/tensor.js';

type Dtype = 'float32' | 'float64';

/** A kernel under test, with the precisions it computes in and its error bound in each. */
interface Kernel {
  readonly name: string;
  readonly available: boolean;
  readonly tolerance: Partial<Record<Dtype, number>>;
  run(a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, ta: boolean, tb: boolean, out: HostArray): void;
}

const KERNELS: readonly Kernel[] = [
  // float32 output rounds partial sums (once per k block); float64 only reorders them.
  { name: 'typescript', available: true, tolerance: { float32: 2e-6, float64: 1e-13 }, run: matmul },
  {
    // Sums in float32: each add rounds, so the bound grows with k (the issue asks 1e-5 relative).
    name: 'wasm-simd',
    available: wasmMatmulAvailable(),
    tolerance: { float32: 1e-5 },
    run(a, aShape, b, bShape, ta, tb, out) {
      if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)) throw new TypeError('float32 only');
      expect(matmulWasm(a, aShape, b, bShape, ta, tb, out)).toBe(true);
    },
  },
];

interface Case {
  /** Leading (batch) dims of a and b; they broadcast against each other. */
  readonly aBatch: Shape;
  readonly bBatch: Shape;
  readonly n: number;
  readonly k: number;
  readonly m: number;
}

const TRANS: readonly (readonly [boolean, boolean])[] = [[false, false], [true, false], [false, true], [true, true]];

/** Stored shape of an operand whose logical matrix is rows x cols. */
function stored(batch: Shape, rows: number, cols: number, trans: boolean): number[] {
  return trans ? [...batch, cols, rows] : [...batch, rows, cols];
}

function randomArray(dtype: Dtype, n: number, rng: Rng): HostArray {
  const arr = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) arr[i] = rng.uniform(-1, 1);
  return arr;
}

/**
 * Reference: C = op(A) · op(B) in float64 with its own index arithmetic, plus
 * the per-element error scale sum_k |a||b| that rounding is relative to.
 */
function reference(a: HostArray, aShape: Shape, b: HostArray, bShape: Shape, ta: boolean, tb: boolean) {
  const ar = aShape.length;
  const br = bShape.length;
  const n = ta ? aShape[ar - 1] : aShape[ar - 2];
  const k = ta ? aShape[ar - 2] : aShape[ar - 1];
  const m = tb ? bShape[br - 2] : bShape[br - 1];
  const rank = Math.max(ar, br) - 2;
  const batch: number[] = [];
  for (let d = 0; d < rank; d++) {
    const da = aShape[ar - 2 - rank + d] ?? 1;
    const db = bShape[br - 2 - rank + d] ?? 1;
    batch.push(Math.max(da, db));
  }
  const count = sizeOf(batch);
  const value = new Float64Array(count * n * m);
  const scale = new Float64Array(count * n * m);
  const idx = new Array<number>(rank).fill(0);
  for (let t = 0; t < count; t++) {
    let rem = t;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = rem % batch[d];
      rem = Math.floor(rem / batch[d]);
    }
    // Flat matrix index in each operand, a size-1 (or missing) dim repeating.
    let ai = 0;
    let bi = 0;
    for (let d = 0; d < rank; d++) {
      const da = aShape[ar - 2 - rank + d];
      const db = bShape[br - 2 - rank + d];
      if (da !== undefined) ai = ai * da + (da === 1 ? 0 : idx[d]);
      if (db !== undefined) bi = bi * db + (db === 1 ? 0 : idx[d]);
    }
    const aBase = ai * n * k;
    const bBase = bi * k * m;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        let e = 0;
        for (let p = 0; p < k; p++) {
          const av = a[aBase + (ta ? p * n + i : i * k + p)];
          const bv = b[bBase + (tb ? j * k + p : p * m + j)];
          s += av * bv;
          e += Math.abs(av * bv);
        }
        value[t * n * m + i * m + j] = s;
        scale[t * n * m + i * m + j] = e;
      }
    }
  }
  return { shape: [...batch, n, m], value, scale };
}

/** Runs one case and returns the worst error relative to sum_k |a||b|. */
function worstError(kernel: Kernel, c: Case, ta: boolean, tb: boolean, dtype: Dtype, seed: number): number {
  const rng = new Rng(seed);
  const aShape = stored(c.aBatch, c.n, c.k, ta);
  const bShape = stored(c.bBatch, c.k, c.m, tb);
  const a = randomArray(dtype, sizeOf(aShape), rng);
  const b = randomArray(dtype, sizeOf(bShape), rng);
  const aCopy = a.slice();
  const bCopy = b.slice();
  const ref = reference(a, aShape, b, bShape, ta, tb);
  expect(matmulShape(aShape, bShape, ta, tb)).toEqual(ref.shape);
  const out = dtype === 'float32' ? new Float32Array(ref.value.length) : new Float64Array(ref.value.length);
  // Poison the output so that a cell the kernel never writes is caught.
  out.fill(Number.NaN);
  kernel.run(a, aShape, b, bShape, ta, tb, out);
  expect(a).toEqual(aCopy);
  expect(b).toEqual(bCopy);
  let worst = 0;
  for (let i = 0; i < out.length; i++) {
    const err = Math.abs(out[i] - ref.value[i]) / (ref.scale[i] + 1e-30);
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : err;
  }
  return worst;
}

const plain = (n: number, k: number, m: number): Case => ({ aBatch: [], bBatch: [], n, k, m });

const CASES: (readonly [string, Case])[] = [
  ['1x1x1', plain(1, 1, 1)],
  ['row vector 1x300x5', plain(1, 300, 5)],
  ['column result 9x40x1', plain(9, 40, 1)],
  ['odd 5x7x3', plain(5, 7, 3)],
  ['exact tiles 8x8x8', plain(8, 8, 8)],
  ['not multiples of 4: 13x17x19', plain(13, 17, 19)],
  ['k = 1: 6x1x10', plain(6, 1, 10)],
  ['k > 256: 9x300x11', plain(9, 300, 11)],
  ['k across several blocks: 7x1031x6', plain(7, 1031, 6)],
  ['wide: 3x20x515', plain(3, 20, 515)],
  ['tall: 301x12x5', plain(301, 12, 5)],
  ['several blocks each way: 151x260x262', plain(151, 260, 262)],
  ['thin rows: 2x300x37', plain(2, 300, 37)],
  ['thin columns: 40x33x3', plain(40, 33, 3)],
  ['batched, same batch: [2,3]x5x7x4', { aBatch: [2, 3], bBatch: [2, 3], n: 5, k: 7, m: 4 }],
  ['batched a, plain b', { aBatch: [2, 3], bBatch: [], n: 5, k: 7, m: 4 }],
  ['plain a, batched b', { aBatch: [], bBatch: [4], n: 6, k: 9, m: 5 }],
  ['broadcast size-1 dims: [3,1]x[1,4]', { aBatch: [3, 1], bBatch: [1, 4], n: 6, k: 5, m: 9 }],
  ['broadcast rank and size-1: [2,1,4]x[3,4]', { aBatch: [2, 1, 4], bBatch: [3, 4], n: 3, k: 270, m: 5 }],
  ['wider than a packed panel of B (1024): 5x20x1100', plain(5, 20, 1100)],
  ['taller than a packed block of A (128): 261x9x17', plain(261, 9, 17)],
];

/** Odd sizes around the register tiles and blocks, each taken as n, k and m in turn. */
const ODD = [1, 2, 3, 5, 17, 63, 65, 129, 257];
for (let i = 0; i < ODD.length; i++) {
  const [n, k, m] = [ODD[i], ODD[(i + 3) % ODD.length], ODD[(i + 7) % ODD.length]];
  CASES.push([`odd ${n}x${k}x${m}`, plain(n, k, m)]);
}

for (const kernel of KERNELS) {
  const dtypes = Object.keys(kernel.tolerance) as Dtype[];
  describe.skipIf(!kernel.available)(`${kernel.name} matmul against a float64 triple loop`, () => {
    for (const dtype of dtypes) {
      for (const [name, c] of CASES) {
        for (const [ta, tb] of TRANS) {
          it(`${dtype} ${name} transA=${ta} transB=${tb}`, () => {
            expect(worstError(kernel, c, ta, tb, dtype, 1 + c.n * 7 + c.k * 13 + c.m)).toBeLessThan(kernel.tolerance[dtype] ?? 0);
          });
        }
      }
    }

    it('random shapes, batches and transposes', () => {
      const rng = new Rng(2024);
      for (let trial = 0; trial < 80; trial++) {
        const dim = () => 1 + rng.int(rng.next() < 0.7 ? 12 : 70);
        const batch = (): number[] => Array.from({ length: rng.int(3) }, () => (rng.next() < 0.3 ? 1 : 2));
        const aBatch = batch();
        // Make b's batch broadcast-compatible with a's: copy a dim or put 1.
        const bBatch = aBatch.slice(rng.int(aBatch.length + 1)).map((d) => (rng.next() < 0.4 ? 1 : d));
        const c: Case = { aBatch, bBatch, n: dim(), k: rng.next() < 0.2 ? 257 + rng.int(300) : dim(), m: dim() };
        const ta = rng.next() < 0.5;
        const tb = rng.next() < 0.5;
        const dtype = dtypes[rng.int(dtypes.length)];
        const err = worstError(kernel, c, ta, tb, dtype, trial);
        expect(err, `${JSON.stringify(c)} transA=${ta} transB=${tb} ${dtype}`).toBeLessThan(kernel.tolerance[dtype] ?? 0);
      }
    });
  });
}

describe('matmul edge cases', () => {
  it('k = 0 gives zeros', () => {
    const out = new Float32Array(12).fill(Number.NaN);
    matmul(new Float32Array(0), [3, 0], new Float32Array(0), [0, 4], false, false, out);
    expect(Array.from(out)).toEqual(new Array<number>(12).fill(0));
  });

  it('empty rows or columns write nothing and do not throw', () => {
    const out = new Float64Array(0);
    matmul(new Float64Array(0), [0, 5], new Float64Array(15), [5, 3], false, false, out);
    matmul(new Float64Array(10), [2, 5], new Float64Array(0), [5, 0], false, false, out);
    expect(out.length).toBe(0);
  });

  it('small exact integers give exact results', () => {
    // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]
    const out = new Float32Array(4);
    matmul(Float32Array.of(1, 2, 3, 4), [2, 2], Float32Array.of(5, 6, 7, 8), [2, 2], false, false, out);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
    // Same b read transposed: b^T = [[5,7],[6,8]].
    matmul(Float32Array.of(1, 2, 3, 4), [2, 2], Float32Array.of(5, 6, 7, 8), [2, 2], false, true, out);
    expect(Array.from(out)).toEqual([17, 23, 39, 53]);
  });
});

describe('matmulShape', () => {
  it('gives batch dims broadcast and n x m', () => {
    expect(matmulShape([2, 1, 5, 7], [3, 7, 4], false, false)).toEqual([2, 3, 5, 4]);
    expect(matmulShape([7, 5], [4, 7], true, true)).toEqual([5, 4]);
  });

  it('names both inner dimensions when they differ', () => {
    expect(() => matmulShape([2, 3], [4, 5], false, false)).toThrow('inner dimensions differ (3 vs 4)');
  });

  it('names both batch shapes when they do not broadcast', () => {
    expect(() => matmulShape([2, 3, 4], [3, 4, 5], false, false)).toThrow('[2] and [3] cannot be broadcast');
  });
});

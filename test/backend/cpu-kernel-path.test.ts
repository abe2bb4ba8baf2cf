/**
 * Which matmul kernel the CPU backend runs: WebAssembly SIMD for float32 matmuls above the
 * crossover where available, TypeScript below it, in float64 and when forced with
 * `kernels: 'js'`. Each path is recognised by its bits: the TypeScript kernel sums in float64,
 * the WebAssembly one in float32, so on a long k they round differently.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { matmul } from '../../core/backend/cpu/matmul.js';
import { matmulWasm, wasmMatmulAvailable, wasmMatmulPays } from '../../core/backend/cpu/wasm/matmul.js';
import { Rng } from '../../core/tensor/random.js';
import type { Shape } from '../../core/tensor/shape.js';

function random(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rng.uniform(-1, 1);
  return d;
}

/** op(a) · op(b) through a backend's kernel call. */
function viaBackend(kernels: 'auto' | 'js', a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, transA = false, transB = false): Float32Array {
  const backend = createCpuBackend({ precision: 'float32', kernels });
  const out = backend.readSync(backend.run({ kind: 'matmul', a: backend.upload(aShape, a), b: backend.upload(bShape, b), transA, transB }));
  return Float32Array.from(out);
}

function typescript(a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, n: number, m: number, transA = false, transB = false): Float32Array {
  const out = new Float32Array(n * m);
  matmul(a, aShape, b, bShape, transA, transB, out);
  return out;
}

function wasm(a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, n: number, m: number, transA = false, transB = false): Float32Array {
  const out = new Float32Array(n * m);
  expect(matmulWasm(a, aShape, b, bShape, transA, transB, out)).toBe(true);
  return out;
}

// 33 x 300 x 20: above the crossover, and k long enough that float32 and float64 sums differ.
const [N, K, M] = [33, 300, 20];
const A = random(N * K, 1);
const B = random(K * M, 2);

describe('the CPU backend picks its matmul kernel', () => {
  it('reports its path: wasm-simd for float32 where available, js when forced or in float64', () => {
    expect(createCpuBackend({ precision: 'float32' }).kernels).toBe(wasmMatmulAvailable() ? 'wasm-simd' : 'js');
    expect(createCpuBackend({ precision: 'float32', kernels: 'js' }).kernels).toBe('js');
    expect(createCpuBackend({ precision: 'float64' }).kernels).toBe('js');
  });

  it("kernels: 'js' runs the TypeScript kernel, bit for bit", () => {
    expect(viaBackend('js', A, [N, K], B, [K, M])).toEqual(typescript(A, [N, K], B, [K, M], N, M));
  });

  it.skipIf(!wasmMatmulAvailable())('runs WebAssembly above the crossover, bit for bit, and that differs from TypeScript', () => {
    expect(wasmMatmulPays(N, K, M)).toBe(true);
    const viaWasm = wasm(A, [N, K], B, [K, M], N, M);
    expect(viaBackend('auto', A, [N, K], B, [K, M])).toEqual(viaWasm);
    // Otherwise the two tests above could not tell the paths apart.
    expect(viaWasm).not.toEqual(typescript(A, [N, K], B, [K, M], N, M));
  });

  it.skipIf(!wasmMatmulAvailable())('runs TypeScript below the crossover', () => {
    const [n, k, m] = [2, 3, 2];
    expect(wasmMatmulPays(n, k, m)).toBe(false);
    const a = random(n * k, 3);
    const b = random(k * m, 4);
    expect(viaBackend('auto', a, [n, k], b, [k, m])).toEqual(typescript(a, [n, k], b, [k, m], n, m));
  });

  it('float64 keeps the TypeScript kernel', () => {
    const backend = createCpuBackend({ precision: 'float64' });
    const out = backend.readSync(backend.run({ kind: 'matmul', a: backend.upload([N, K], A), b: backend.upload([K, M], B), transA: false, transB: false }));
    const ref = new Float64Array(N * M);
    matmul(Float64Array.from(A), [N, K], Float64Array.from(B), [K, M], false, false, ref);
    expect(out).toEqual(ref);
  });
});

describe.skipIf(!wasmMatmulAvailable())('the WebAssembly matmul', () => {
  it('gives the same bits every time, whatever ran before (its memory is reused and grows)', () => {
    const first = wasm(A, [N, K], B, [K, M], N, M, false, false);
    // A bigger call grows the memory; smaller ones leave stale values above the operands.
    const big = random(700 * 700, 5);
    wasm(big, [700, 700], big, [700, 700], 700, 700, false, true);
    wasm(random(8 * 9, 6), [8, 9], random(9 * 7, 7), [9, 7], 8, 7);
    expect(wasm(A, [N, K], B, [K, M], N, M, false, false)).toEqual(first);
  });

  it('k = 0 gives zeros, and empty results write nothing', () => {
    const out = new Float32Array(12).fill(Number.NaN);
    expect(matmulWasm(new Float32Array(0), [3, 0], new Float32Array(0), [0, 4], false, false, out)).toBe(true);
    expect(Array.from(out)).toEqual(new Array<number>(12).fill(0));
    expect(matmulWasm(new Float32Array(0), [0, 5], new Float32Array(15), [5, 3], false, false, new Float32Array(0))).toBe(true);
  });

  it('small exact integers give exact results in every transposed variant', () => {
    // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]; transposes read the stored matrices flipped.
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    expect(Array.from(wasm(a, [2, 2], b, [2, 2], 2, 2))).toEqual([19, 22, 43, 50]);
    expect(Array.from(wasm(a, [2, 2], b, [2, 2], 2, 2, false, true))).toEqual([17, 23, 39, 53]);
    expect(Array.from(wasm(a, [2, 2], b, [2, 2], 2, 2, true, false))).toEqual([26, 30, 38, 44]);
    expect(Array.from(wasm(a, [2, 2], b, [2, 2], 2, 2, true, true))).toEqual([23, 31, 34, 46]);
  });
});

/**
 * The WebAssembly elementwise, reduction and update kernels (core/backend/cpu/wasm/) give the
 * TypeScript kernels' bits: every op, odd sizes, broadcasts, and the values where float32 and
 * float64 arithmetic part ways (NaN, signed zeros, infinities, subnormals, values near the top
 * of float32's range). Each case runs through two CPU backends, 'auto' (storage in the heap,
 * these kernels) and 'js', and also calls the kernel directly to prove it took the call rather
 * than falling back to TypeScript. ./wasm-elementwise-chromium.test.ts runs the same cases in a
 * cross-origin-isolated Chromium worker.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY_OPS, UNARY_OPS, type UnaryGradOp, type UpdateRule } from '../../core/backend/backend.js';
import { allFiniteWasm, wasmElementwiseAvailable } from '../../core/backend/cpu/wasm/elementwise.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { ELEMENTWISE_CASES, runElementwiseCases, runMatmulCases } from './wasm-elementwise-cases.js';

describe.skipIf(!wasmElementwiseAvailable())('the WebAssembly elementwise kernels', () => {
  it('cover the ops they claim, each checked here', () => {
    // The cases list every binary, unary, unary-gradient and update kind the kernels take.
    const names = new Set(ELEMENTWISE_CASES.map((c) => c.name.split(' ')[0]));
    for (const op of BINARY_OPS.filter((o) => o !== 'pow')) expect(names).toContain(`binary:${op}`);
    for (const op of UNARY_OPS) expect(names).toContain(`unary:${op}`);
    for (const op of ['neg', 'exp', 'log', 'sqrt', 'abs', 'recip', 'square', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu'] satisfies UnaryGradOp[]) expect(names).toContain(`unary_grad:${op}`);
    for (const rule of ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] satisfies UpdateRule[]) expect(names).toContain(`update:${rule}`);
    for (const op of ['conv2d', 'conv2d_grad_x', 'conv2d_grad_w']) expect(names).toContain(`conv:${op}`);
    for (const op of ['softmax', 'log_softmax', 'softmax_grad', 'log_softmax_grad']) expect(names).toContain(`softmax:${op}`);
    for (const op of ['pool2d:max', 'pool2d:avg', 'pool2d_grad:max', 'pool2d_grad:avg']) expect(names).toContain(`pool:${op}`);
  });

  it('give the TypeScript kernels\' bits, and take every call they should', () => {
    const failures = runElementwiseCases(ELEMENTWISE_CASES);
    expect(failures).toEqual([]);
  });

  it('find a NaN or an infinity anywhere in a gradient in the heap, and nothing in finite ones', () => {
    const backend = createCpuBackend({ precision: 'float32' });
    for (const n of [64, 67, 1001]) {
      const finite = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1e-40 : i % 3 === 1 ? -3.4e38 : i));
      expect(allFiniteWasm(backend.readSync(backend.upload([n], finite)))).toBe(true);
      for (const at of [0, 3, n - 4, n - 1]) {
        for (const bad of [Number.NaN, Infinity, -Infinity]) {
          const d = finite.slice();
          d[at] = bad;
          expect(allFiniteWasm(backend.readSync(backend.upload([n], d))), `${bad} at ${at} of ${n}`).toBe(false);
        }
      }
    }
    // Arrays outside the heap, or too short to pay for the call, are left to TypeScript.
    expect(allFiniteWasm(new Float32Array(100))).toBeUndefined();
    expect(allFiniteWasm(backend.readSync(backend.upload([3], [1, 2, 3])))).toBeUndefined();
  });

  it('the matmul, with its operands in the heap, stays within 1e-5 of float64', () => {
    expect(runMatmulCases()).toEqual([]);
  });

  it('give the same bits on random shapes and broadcasts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 150 }),
        fc.constantFrom('same', 'row', 'column', 'scalar', 'lead'),
        fc.constantFrom('add', 'sub', 'mul', 'div', 'max', 'min', 'ge'),
        fc.integer({ min: 0, max: 1 << 30 }),
        (rows, cols, kind, op, seed) => {
          const a = [rows, cols];
          const b = kind === 'same' ? a : kind === 'row' ? [cols] : kind === 'column' ? [rows, 1] : kind === 'scalar' ? [1] : [1, rows, cols];
          const failures = runElementwiseCases([{ name: `binary:${op} random`, kind: 'binary', op, shapes: [a, b], seed, expectWasm: null }]);
          expect(failures).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

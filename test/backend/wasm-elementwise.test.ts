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
import { wasmElementwiseAvailable } from '../../core/backend/cpu/wasm/elementwise.js';
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
    for (const op of ['pool2d:max', 'pool2d:avg', 'pool2d_grad:max', 'pool2d_grad:avg']) expect(names).toContain(`pool:${op}`);
  });

  it('give the TypeScript kernels\' bits, and take every call they should', () => {
    const failures = runElementwiseCases(ELEMENTWISE_CASES);
    expect(failures).toEqual([]);
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

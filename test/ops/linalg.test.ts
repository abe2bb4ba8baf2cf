/**
 * matmul: gradient checks over 2-D, batched (with broadcast leading dims) and
 * 1-D operands, forward values against hand-computed products, NumPy's shape
 * rules and their error messages, and float32 against float64.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../core/tensor/shape.js';
import { computeOp } from './harness.js';
import { expectFloat32Matches, expectGradOk, grads, randomInput, run, seedArb, t } from './op-helpers.js';

const matmul = computeOp('matmul');
const dim = fc.integer({ min: 1, max: 4 });

/** Batch dims for a and b that broadcast: each a suffix of a common batch with some dims set to 1. */
const batchPair = fc
  .array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 })
  .chain((full) => {
    const one = fc.tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }))
      .map(([drop, ones]) => full.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
    return fc.tuple(one, one);
  });

describe('matmul: gradient checks', () => {
  it('2-D and batched with broadcast leading dims', () => {
    fc.assert(
      fc.property(batchPair, dim, dim, dim, seedArb, ([ba, bb], n, k, m, seed) => {
        expectGradOk('matmul', [randomInput([...ba, n, k], seed), randomInput([...bb, k, m], seed + 1)]);
      }),
      { numRuns: 25 },
    );
  });

  it('1-D operands (vector-matrix, matrix-vector, dot, batched)', () => {
    fc.assert(
      fc.property(dim, dim, fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), seedArb, (k, m, batch, seed) => {
        expectGradOk('matmul', [randomInput([k], seed), randomInput([...batch, k, m], seed + 1)]);
        expectGradOk('matmul', [randomInput([...batch, m, k], seed), randomInput([k], seed + 1)]);
        expectGradOk('matmul', [randomInput([k], seed), randomInput([k], seed + 1)]);
      }),
      { numRuns: 15 },
    );
  });

  it('named cases: [2,3]x[3,4], [5,2,3]x[3,4], [2,3]x[5,3,4], [5,1,2,3]x[4,3,2]', () => {
    const cases: [Shape, Shape][] = [[[2, 3], [3, 4]], [[5, 2, 3], [3, 4]], [[2, 3], [5, 3, 4]], [[5, 1, 2, 3], [4, 3, 2]]];
    cases.forEach(([a, b], i) => expectGradOk('matmul', [randomInput(a, i + 1), randomInput(b, i + 11)]));
  });
});

describe('matmul: forward', () => {
  it('2-D product', () => {
    const a = t([2, 3], [1, 2, 3, 4, 5, 6]);
    const b = t([3, 2], [7, 8, 9, 10, 11, 12]);
    expect(run('matmul', [a, b])).toEqual({ shape: [2, 2], data: [58, 64, 139, 154] });
  });

  it('batched, with b broadcast over the batch', () => {
    const a = t([2, 1, 2], [1, 2, 3, 4]);
    const b = t([2, 2], [1, 0, 0, 2]);
    expect(run('matmul', [a, b])).toEqual({ shape: [2, 1, 2], data: [1, 4, 3, 8] });
  });

  it('1-D operands drop their added axis, as in NumPy', () => {
    const v = t([2], [1, 2]);
    const m = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(run('matmul', [v, m])).toEqual({ shape: [3], data: [9, 12, 15] });
    expect(run('matmul', [m, t([3], [1, 0, -1])])).toEqual({ shape: [2], data: [-2, -2] });
    expect(run('matmul', [v, t([2], [3, 4])])).toEqual({ shape: [], data: [11] });
  });

  it('gradients by hand: dA = dY Bᵀ, dB = Aᵀ dY', () => {
    const a = t([1, 2], [1, 2]);
    const b = t([2, 2], [3, 4, 5, 6]);
    const [ga, gb] = grads('matmul', [a, b], {}, [1, 10]);
    expect(ga).toEqual({ shape: [1, 2], data: [43, 65] });
    expect(gb).toEqual({ shape: [2, 2], data: [1, 10, 2, 20] });
  });

  it('a broadcast operand gets its gradient summed over the batch', () => {
    const a = t([3, 1, 2], [1, 2, 3, 4, 5, 6]);
    const b = t([2, 1], [1, 1]);
    const [, gb] = grads('matmul', [a, b]);
    expect(gb).toEqual({ shape: [2, 1], data: [9, 12] });
  });

  it('float32 agrees with float64', () => {
    expectFloat32Matches('matmul', [randomInput([3, 5, 7], 1), randomInput([7, 4], 2)]);
    expectFloat32Matches('matmul', [randomInput([9], 3), randomInput([2, 9, 6], 4)]);
  });
});

describe('matmul: shape rule', () => {
  it('output shapes', () => {
    expect(matmul.shape([[2, 3], [3, 4]], {})).toEqual([2, 4]);
    expect(matmul.shape([[7, 1, 2, 3], [5, 3, 4]], {})).toEqual([7, 5, 2, 4]);
    expect(matmul.shape([[3], [2, 3, 4]], {})).toEqual([2, 4]);
    expect(matmul.shape([[2, 3, 4], [4]], {})).toEqual([2, 3]);
    expect(matmul.shape([[4], [4]], {})).toEqual([]);
  });

  it('inner dimension mismatch names both shapes', () => {
    expect(() => matmul.shape([[2, 3], [4, 5]], {})).toThrow('matmul: inner dimensions differ: [2, 3] x [4, 5]');
    expect(() => matmul.shape([[3], [4]], {})).toThrow('matmul: inner dimensions differ: [3] x [4]');
  });

  it('batch mismatch and scalars name both shapes', () => {
    expect(() => matmul.shape([[2, 2, 3], [3, 3, 4]], {})).toThrow('matmul: batch dimensions cannot be broadcast together: [2, 2, 3] x [3, 3, 4]');
    expect(() => matmul.shape([[], [3, 4]], {})).toThrow('matmul: operands need at least 1 dimension, got [] x [3, 4]');
  });

  it('forward agrees with the shape rule', () => {
    expect(run('matmul', [randomInput([2, 1, 3, 2], 5), randomInput([4, 2, 5], 6)]).shape).toEqual([2, 4, 3, 5]);
  });
});

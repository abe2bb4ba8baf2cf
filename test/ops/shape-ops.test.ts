/**
 * transpose, reshape and flatten: gradient checks on random shapes and
 * permutations, forward values, -1 inference, and the error messages for bad
 * perms and element-count mismatches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOp } from './harness.js';
import { expectFloat32Matches, expectGradOk, grads, randomInput, run, seedArb, shapeArb, t } from './op-helpers.js';

const RUNS = { numRuns: 20 };

/** A shape of rank 0..4 with a random permutation of its axes. */
const shapeAndPerm = shapeArb(0, 4).chain((shape) =>
  fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }).map((perm) => ({ shape, perm })),
);

describe('transpose', () => {
  it('gradient check: random shapes and permutations', () => {
    fc.assert(fc.property(shapeAndPerm, seedArb, ({ shape, perm }, seed) => expectGradOk('transpose', [randomInput(shape, seed)], { attrs: { perm } })), RUNS);
  });

  it('gradient check: default perm reverses the axes', () => {
    fc.assert(fc.property(shapeArb(0, 4), seedArb, (shape, seed) => expectGradOk('transpose', [randomInput(shape, seed)])), RUNS);
  });

  it('forward: 2-D, default and explicit perms', () => {
    const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(run('transpose', [x])).toEqual({ shape: [3, 2], data: [1, 4, 2, 5, 3, 6] });
    expect(run('transpose', [x], { perm: [1, 0] })).toEqual({ shape: [3, 2], data: [1, 4, 2, 5, 3, 6] });
    expect(run('transpose', [x], { perm: [0, 1] })).toEqual({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] });
  });

  it('forward: 3-D perm [2, 0, 1] and negative axes', () => {
    const x = t([2, 2, 3], Array.from({ length: 12 }, (_, i) => i));
    const want = { shape: [3, 2, 2], data: [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11] };
    expect(run('transpose', [x], { perm: [2, 0, 1] })).toEqual(want);
    expect(run('transpose', [x], { perm: [-1, 0, -2] })).toEqual(want);
  });

  it('backward applies the inverse permutation', () => {
    const x = t([2, 3, 4], Array.from({ length: 24 }, (_, i) => i));
    const dy = Array.from({ length: 24 }, (_, i) => 100 + i);
    // y = transpose(x, [1, 2, 0]) has shape [3, 4, 2]; dx[i, j, k] = dy[j, k, i].
    const [gx] = grads('transpose', [x], { perm: [1, 2, 0] }, dy);
    expect(gx?.shape).toEqual([2, 3, 4]);
    const at = (i: number, j: number, k: number) => gx?.data[i * 12 + j * 4 + k];
    expect(at(1, 2, 3)).toBe(dy[2 * 8 + 3 * 2 + 1]);
    expect(at(0, 1, 2)).toBe(dy[1 * 8 + 2 * 2 + 0]);
  });

  it('rejects perms that are not permutations, naming the perm and the shape', () => {
    const op = computeOp('transpose');
    expect(() => op.shape([[2, 3]], { perm: [0, 0] })).toThrow('transpose: perm [0, 0] is not a permutation of the 2 axes of [2, 3]');
    expect(() => op.shape([[2, 3]], { perm: [0, 1, 2] })).toThrow('perm [0, 1, 2] is not a permutation of the 2 axes of [2, 3]');
    expect(() => op.shape([[2, 3]], { perm: [0, 2] })).toThrow('perm [0, 2]');
    expect(() => op.shape([[2, 3]], { perm: [0, -3] })).toThrow('perm [0, -3]');
  });
});

describe('reshape', () => {
  /** A shape and another of the same element count (its dims regrouped), maybe with one -1. */
  const reshapePair = fc
    .array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 })
    .chain((factors) =>
      fc.tuple(fc.shuffledSubarray(factors, { minLength: factors.length, maxLength: factors.length }), fc.integer({ min: 0, max: 4 }), fc.boolean()).map(([other, cut, infer]) => {
        const split = Math.min(cut, other.length);
        const target = [other.slice(0, split).reduce((a, b) => a * b, 1), ...other.slice(split)];
        if (infer) target[target.length - 1 - (cut % target.length)] = -1;
        return { from: factors, target };
      }),
    );

  it('gradient check: random regroupings, with and without -1', () => {
    fc.assert(fc.property(reshapePair, seedArb, ({ from, target }, seed) => expectGradOk('reshape', [randomInput(from, seed)], { attrs: { shape: target } })), RUNS);
  });

  it('forward: row-major order is kept; -1 is inferred', () => {
    const x = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(run('reshape', [x], { shape: [3, 2] })).toEqual({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
    expect(run('reshape', [x], { shape: [-1] }).shape).toEqual([6]);
    expect(run('reshape', [x], { shape: [1, -1, 2] }).shape).toEqual([1, 3, 2]);
    expect(run('reshape', [t([], [7])], { shape: [1, 1] })).toEqual({ shape: [1, 1], data: [7] });
    expect(computeOp('reshape').shape([[0, 3]], { shape: [3, 0] })).toEqual([3, 0]);
  });

  it('backward: gradient reshaped to the input shape', () => {
    const [gx] = grads('reshape', [t([2, 3], [1, 2, 3, 4, 5, 6])], { shape: [6] }, [6, 5, 4, 3, 2, 1]);
    expect(gx).toEqual({ shape: [2, 3], data: [6, 5, 4, 3, 2, 1] });
  });

  it('errors name both shapes and the element counts', () => {
    const op = computeOp('reshape');
    expect(() => op.shape([[2, 3]], { shape: [4, 2] })).toThrow('cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)');
    expect(() => op.shape([[2, 3]], { shape: [4, -1] })).toThrow('cannot reshape [2, 3] (6 elements) to [4, -1]: 6 is not a multiple of 4');
    expect(() => op.shape([[2, 3]], { shape: [-1, -1] })).toThrow('only one dimension may be -1');
    expect(() => op.shape([[2, 3]], { shape: [-2, -3] })).toThrow('dimensions must be >= 0');
    expect(() => op.shape([[0, 3]], { shape: [0, -1] })).toThrow('cannot reshape [0, 3] (0 elements) to [0, -1]');
    expect(() => op.shape([[2, 3]], {})).toThrow('reshape: attr "shape" is required');
  });
});

describe('flatten', () => {
  it('gradient check: random shapes of rank 0..4', () => {
    fc.assert(fc.property(shapeArb(0, 4), seedArb, (shape, seed) => expectGradOk('flatten', [randomInput(shape, seed)])), RUNS);
  });

  it('keeps dim 0 and merges the rest; always 2-D', () => {
    const op = computeOp('flatten');
    expect(op.shape([[4, 2, 3, 5]], {})).toEqual([4, 30]);
    expect(op.shape([[4, 7]], {})).toEqual([4, 7]);
    expect(op.shape([[4]], {})).toEqual([4, 1]);
    expect(op.shape([[]], {})).toEqual([1, 1]);
    expect(run('flatten', [t([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])])).toEqual({ shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] });
  });

  it('backward: gradient reshaped back', () => {
    const [gx] = grads('flatten', [t([2, 1, 2], [1, 2, 3, 4])], {}, [9, 8, 7, 6]);
    expect(gx).toEqual({ shape: [2, 1, 2], data: [9, 8, 7, 6] });
  });
});

describe('float32 backend matches float64', () => {
  it('transpose, reshape, flatten', () => {
    expectFloat32Matches('transpose', [randomInput([2, 3, 4], 1)], { perm: [2, 0, 1] });
    expectFloat32Matches('reshape', [randomInput([2, 3, 4], 2)], { shape: [4, -1] });
    expectFloat32Matches('flatten', [randomInput([2, 3, 4], 3)]);
  });
});

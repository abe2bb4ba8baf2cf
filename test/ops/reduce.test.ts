/**
 * sum, mean and reduce_max: gradient checks over random shapes, axes and
 * keepdims, forward values NumPy gives, reduce_max's first-maximum rule, and
 * axis errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOp } from './harness.js';
import { distinct, expectClose, expectFloat32Matches, expectGradOk, grads, randomInput, run, seedArb, shapeArb, t } from './op-helpers.js';

const RUNS = { numRuns: 20 };

/** A shape of rank 0..3 and an axis attr for it: absent, one int (maybe negative), or a list. */
const shapeAndAxis = shapeArb(0, 3).chain((shape) => {
  const r = shape.length;
  const axis = fc.integer({ min: -Math.max(r, 1), max: Math.max(r, 1) - 1 });
  const choices: fc.Arbitrary<number | number[] | undefined>[] = [fc.constant(undefined)];
  if (r > 0) choices.push(axis, fc.subarray(shape.map((_, i) => i)));
  return fc.tuple(fc.constant(shape), fc.oneof(...choices), fc.boolean());
});

describe('gradient checks: random shapes, axes and keepdims', () => {
  for (const name of ['sum', 'mean', 'reduce_max']) {
    it(name, () => {
      fc.assert(
        fc.property(shapeAndAxis, seedArb, ([shape, axis, keepdims], seed) => {
          // Distinct values keep reduce_max away from ties, where it is not differentiable.
          const x = name === 'reduce_max' ? distinct(shape, seed) : randomInput(shape, seed);
          expectGradOk(name, [x], { attrs: { axis, keepdims } });
        }),
        RUNS,
      );
    });
  }
});

describe('forward values', () => {
  const x = t([2, 3], [1, 5, 3, 4, 2, 6]);

  it('sum', () => {
    expect(run('sum', [x])).toEqual({ shape: [], data: [21] });
    expect(run('sum', [x], { axis: 0 })).toEqual({ shape: [3], data: [5, 7, 9] });
    expect(run('sum', [x], { axis: -1, keepdims: true })).toEqual({ shape: [2, 1], data: [9, 12] });
    expect(run('sum', [x], { axis: [0, 1], keepdims: true })).toEqual({ shape: [1, 1], data: [21] });
    expect(run('sum', [x], { axis: [] })).toEqual({ shape: [2, 3], data: [1, 5, 3, 4, 2, 6] });
    expect(run('sum', [t([], [4])])).toEqual({ shape: [], data: [4] });
  });

  it('mean', () => {
    expect(run('mean', [x]).data).toEqual([3.5]);
    expectClose(run('mean', [x], { axis: 1 }).data, [3, 4]);
    expect(run('mean', [x], { axis: 0, keepdims: true })).toEqual({ shape: [1, 3], data: [2.5, 3.5, 4.5] });
  });

  it('reduce_max', () => {
    expect(run('reduce_max', [x])).toEqual({ shape: [], data: [6] });
    expect(run('reduce_max', [x], { axis: 0 })).toEqual({ shape: [3], data: [4, 5, 6] });
    expect(run('reduce_max', [x], { axis: 1, keepdims: true })).toEqual({ shape: [2, 1], data: [5, 6] });
    expect(run('reduce_max', [t([2], [-3, -7])]).data).toEqual([-3]);
  });

  it('3-D over a middle axis and a pair of axes', () => {
    const y = t([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(run('sum', [y], { axis: 1 })).toEqual({ shape: [2, 2], data: [4, 6, 12, 14] });
    expect(run('sum', [y], { axis: [0, 2] })).toEqual({ shape: [2], data: [14, 22] });
    expect(run('reduce_max', [y], { axis: [0, 2] })).toEqual({ shape: [2], data: [6, 8] });
  });
});

describe('backward by hand', () => {
  it('sum copies dy to every summed element', () => {
    const [gx] = grads('sum', [t([2, 3], [1, 2, 3, 4, 5, 6])], { axis: 1 }, [10, 20]);
    expect(gx).toEqual({ shape: [2, 3], data: [10, 10, 10, 20, 20, 20] });
  });

  it('mean shares dy equally', () => {
    const [gx] = grads('mean', [t([2, 2], [1, 2, 3, 4])], { axis: 0, keepdims: true }, [4, 8]);
    expect(gx).toEqual({ shape: [2, 2], data: [2, 4, 2, 4] });
  });

  it('reduce_max routes the gradient to the first maximum on ties', () => {
    const [g] = grads('reduce_max', [t([2, 4], [1, 7, 7, 2, 5, 5, 5, 5])], { axis: 1 }, [10, 20]);
    expect(g?.data).toEqual([0, 10, 0, 0, 20, 0, 0, 0]);
    const [gAll] = grads('reduce_max', [t([2, 2], [3, 1, 3, 3])]);
    expect(gAll?.data).toEqual([1, 0, 0, 0]);
    const [gCol] = grads('reduce_max', [t([3, 2], [1, 4, 9, 4, 9, 0])], { axis: 0 }, [1, 2]);
    expect(gCol?.data).toEqual([0, 2, 1, 0, 0, 0]);
  });

  it('an empty axis list reduces nothing and passes dy through', () => {
    expect(grads('reduce_max', [t([2], [1, 1])], { axis: [] }, [3, 4])[0]?.data).toEqual([3, 4]);
  });
});

describe('shape rule', () => {
  it('output shapes with keepdims', () => {
    const sum = computeOp('sum');
    expect(sum.shape([[2, 3, 4]], { axis: [0, -1], keepdims: false })).toEqual([3]);
    expect(sum.shape([[2, 3, 4]], { axis: [0, -1], keepdims: true })).toEqual([1, 3, 1]);
    expect(sum.shape([[2, 3, 4]], { axis: undefined, keepdims: false })).toEqual([]);
  });

  it('rejects an axis out of range', () => {
    for (const name of ['sum', 'mean', 'reduce_max']) {
      expect(() => computeOp(name).shape([[2, 3]], { axis: 2, keepdims: false })).toThrow('axis 2 is out of range for a tensor of rank 2');
      expect(() => computeOp(name).shape([[2, 3]], { axis: [0, -3], keepdims: false })).toThrow('axis -3 is out of range');
    }
  });
});

describe('float32 backend matches float64', () => {
  it('sum, mean and reduce_max', () => {
    const x = randomInput([4, 5, 6], 9);
    expectFloat32Matches('sum', [x], { axis: 1 });
    expectFloat32Matches('mean', [x], { axis: [0, 2] });
    expectFloat32Matches('reduce_max', [x], { axis: -1, keepdims: true });
    expectFloat32Matches('sum', [x]);
  });
});

/**
 * softmax and log_softmax: gradient checks along every axis of random shapes,
 * forward values, stability for huge logits, and axis errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOp } from './harness.js';
import { expectClose, expectFloat32Matches, expectGradOk, grads, randomInput, run, seedArb, shapeArb, t } from './op-helpers.js';

/** A shape of rank 1..4 and a valid axis for it (negative half the time). */
const shapeAndAxis = shapeArb(1, 4).chain((shape) => fc.tuple(fc.constant(shape), fc.integer({ min: -shape.length, max: shape.length - 1 })));

describe('gradient checks', () => {
  for (const name of ['softmax', 'log_softmax']) {
    it(`${name}: random shapes and axes`, () => {
      fc.assert(
        fc.property(shapeAndAxis, seedArb, ([shape, axis], seed) => expectGradOk(name, [randomInput(shape, seed, -3, 3)], { attrs: { axis } })),
        { numRuns: 20 },
      );
    });

    it(`${name}: default axis -1, and a scalar`, () => {
      expectGradOk(name, [randomInput([3, 5], 4, -3, 3)]);
      expectGradOk(name, [randomInput([], 5)]);
    });
  }
});

describe('forward values', () => {
  it('softmax of [1, 2, 3] (NumPy)', () => {
    expectClose(run('softmax', [t([3], [1, 2, 3])]).data, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219], 1e-14);
    expectClose(run('log_softmax', [t([3], [1, 2, 3])]).data, [-2.40760596444438, -1.4076059644443801, -0.4076059644443803], 1e-14);
  });

  it('rows sum to 1 along the chosen axis', () => {
    const x = randomInput([3, 4, 2], 7, -5, 5);
    for (const axis of [0, 1, 2, -1]) {
      const y = run('softmax', [x], { axis });
      const sums = run('sum', [t(y.shape, y.data)], { axis });
      expectClose(sums.data, new Array<number>(sums.data.length).fill(1), 1e-14);
    }
  });

  it('axis 0 of a matrix normalises columns', () => {
    const y = run('softmax', [t([2, 2], [0, 0, Math.log(3), 0])], { axis: 0 });
    expectClose(y.data, [0.25, 0.5, 0.75, 0.5]);
  });

  it('is stable for huge logits', () => {
    const x = t([2, 3], [1000, 1001, 1002, -1000, -1000, -1000]);
    expectClose(run('softmax', [x]).data, [0.09003057317038046, 0.24472847105479767, 0.6652409557748219, 1 / 3, 1 / 3, 1 / 3], 1e-14);
    const ls = run('log_softmax', [x]).data;
    expect(ls.every(Number.isFinite)).toBe(true);
    // x - lse cancels two numbers near -1000, so only ~1e-13 absolute survives.
    expectClose(ls.slice(3), [-Math.log(3), -Math.log(3), -Math.log(3)], 1e-12);
  });

  it('a scalar normalises to 1 (log: 0) with zero gradient, like PyTorch', () => {
    expect(run('softmax', [t([], [5])])).toEqual({ shape: [], data: [1] });
    expect(run('log_softmax', [t([], [5])])).toEqual({ shape: [], data: [0] });
    expect(grads('softmax', [t([], [5])])[0]).toEqual({ shape: [], data: [0] });
  });
});

describe('backward by hand', () => {
  it('an upstream gradient constant along the axis gives zero (softmax is shift-invariant)', () => {
    for (const name of ['softmax', 'log_softmax']) {
      const [g] = grads(name, [t([2, 3], [0.3, -1, 2, 1, 1, 0])], {}, name === 'softmax' ? [5, 5, 5, 7, 7, 7] : [0, 0, 0, 0, 0, 0]);
      expectClose(g?.data ?? [], [0, 0, 0, 0, 0, 0], 1e-15);
    }
  });

  it('log_softmax with a one-hot dy gives onehot - softmax (the cross-entropy gradient, negated)', () => {
    const x = t([3], [1, 2, 3]);
    const [g] = grads('log_softmax', [x], {}, [0, 1, 0]);
    const p = run('softmax', [x]).data;
    expectClose(g?.data ?? [], [-p[0], 1 - p[1], -p[2]], 1e-14);
  });
});

describe('shape rule', () => {
  it('keeps the input shape and rejects an axis out of range', () => {
    const op = computeOp('softmax');
    expect(op.shape([[2, 3]], { axis: -1 })).toEqual([2, 3]);
    expect(() => op.shape([[2, 3]], { axis: 2 })).toThrow('softmax: axis 2 is out of range for a tensor of rank 2');
    expect(() => computeOp('log_softmax').shape([[2, 3]], { axis: -3 })).toThrow('log_softmax: axis -3 is out of range');
  });
});

describe('float32 backend matches float64', () => {
  it('softmax and log_softmax', () => {
    const x = randomInput([4, 6], 11, -4, 4);
    expectFloat32Matches('softmax', [x]);
    expectFloat32Matches('log_softmax', [x], { axis: 0 });
  });
});

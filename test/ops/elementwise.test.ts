/**
 * Binary and unary elementwise ops: finite-difference gradient checks on
 * random (broadcast) shapes, forward values known by hand or from NumPy, the
 * tie rules of contract.md, shape errors, and float32 against float64.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Shape } from '../../core/tensor/shape.js';
import { type CheckInput, computeOp } from './harness.js';
import { awayFromZero, broadcastPairArb, expectClose, expectFloat32Matches, expectGradOk, grads, randomInput, run, seedArb, shapeArb, t } from './op-helpers.js';

const RUNS = { numRuns: 15 };

/** Where each binary op is smooth: operand generators per op. */
const BINARY: Record<string, (shape: Shape, seed: number) => [CheckInput, CheckInput]> = {
  add: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
  sub: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
  mul: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
  div: (s, seed) => [randomInput(s, seed), awayFromZero(s, seed + 1, 0.5)],
  // Independent uniforms: a tie within the finite-difference step is a ~1e-6 event.
  max: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
  min: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
  pow: (s, seed) => [randomInput(s, seed, 0.5, 2), randomInput(s, seed + 1, -2, 2)],
};

describe('binary ops: gradient checks', () => {
  for (const [name, gen] of Object.entries(BINARY)) {
    it(`${name}: random broadcasting shapes`, () => {
      fc.assert(
        fc.property(broadcastPairArb(), seedArb, ([sa, sb], seed) => {
          const [a] = gen(sa, seed);
          const [, b] = gen(sb, seed);
          expectGradOk(name, [a, b]);
        }),
        RUNS,
      );
    });

    it(`${name}: [2,3] with [3], [4,1,3] with [2,1], scalar with matrix`, () => {
      const cases: [Shape, Shape][] = [[[2, 3], [3]], [[4, 1, 3], [2, 1]], [[], [2, 3]], [[2, 3], []]];
      cases.forEach(([sa, sb], i) => expectGradOk(name, [gen(sa, 10 + i)[0], gen(sb, 20 + i)[1]]));
    });
  }
});

interface UnaryCase {
  readonly gen: (shape: Shape, seed: number) => CheckInput;
  readonly attrs?: Record<string, unknown>;
}

const smooth = (s: Shape, seed: number) => randomInput(s, seed, -2, 2);
const positive = (s: Shape, seed: number) => randomInput(s, seed, 0.5, 2);
const kinked = (s: Shape, seed: number) => awayFromZero(s, seed);

const UNARY: Record<string, UnaryCase> = {
  neg: { gen: smooth },
  exp: { gen: smooth },
  log: { gen: positive },
  sqrt: { gen: positive },
  abs: { gen: kinked },
  recip: { gen: positive },
  square: { gen: smooth },
  sigmoid: { gen: smooth },
  tanh: { gen: smooth },
  relu: { gen: kinked },
  leaky_relu: { gen: kinked, attrs: { alpha: 0.2 } },
  elu: { gen: kinked, attrs: { alpha: 0.5 } },
  softplus: { gen: smooth },
};

describe('unary ops: gradient checks', () => {
  for (const [name, c] of Object.entries(UNARY)) {
    it(`${name}: random shapes`, () => {
      fc.assert(
        fc.property(shapeArb(), seedArb, (shape, seed) => expectGradOk(name, [c.gen(shape, seed)], { attrs: c.attrs })),
        RUNS,
      );
    });
  }

  it('leaky_relu and elu with default alpha', () => {
    expectGradOk('leaky_relu', [kinked([3, 4], 5)]);
    expectGradOk('elu', [kinked([3, 4], 6)]);
  });
});

describe('binary ops: forward values', () => {
  it('broadcast [2,3] with [3] and a scalar', () => {
    const a = t([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(run('add', [a, t([3], [10, 20, 30])])).toEqual({ shape: [2, 3], data: [11, 22, 33, 14, 25, 36] });
    expect(run('sub', [a, t([], [1])]).data).toEqual([0, 1, 2, 3, 4, 5]);
    expect(run('mul', [t([2, 1], [2, 3]), t([3], [1, 2, 3])])).toEqual({ shape: [2, 3], data: [2, 4, 6, 3, 6, 9] });
    expect(run('div', [a, t([2, 1], [2, 4])]).data).toEqual([0.5, 1, 1.5, 1, 1.25, 1.5]);
  });

  it('max, min and pow', () => {
    expect(run('max', [t([3], [1, -2, 3]), t([3], [0, 5, 3])]).data).toEqual([1, 5, 3]);
    expect(run('min', [t([3], [1, -2, 3]), t([3], [0, 5, 3])]).data).toEqual([0, -2, 3]);
    expectClose(run('pow', [t([3], [2, 9, 4]), t([3], [3, 0.5, -1])]).data, [8, 3, 0.25]);
  });

  it('the chain from the contract example: (x + y) * z', () => {
    const q = run('add', [t([], [-2]), t([], [5])]);
    expect(run('mul', [q, t([], [-4])]).data).toEqual([-12]);
    const [dq, dz] = grads('mul', [q, t([], [-4])]);
    expect(dq?.data).toEqual([-4]);
    expect(dz?.data).toEqual([3]);
  });

  it('reports incompatible shapes naming both', () => {
    expect(() => computeOp('add').shape([[2, 3], [4]], {})).toThrow('shapes [2, 3] and [4] cannot be broadcast together');
    expect(() => computeOp('mul').shape([[4, 2, 3], [3, 3]], {})).toThrow(/\[4, 2, 3\] and \[3, 3\]/);
  });
});

describe('unary ops: forward values', () => {
  const x = t([5], [-2, -0.5, 0, 0.5, 2]);
  const known: [string, readonly number[], Record<string, unknown>?][] = [
    ['neg', [2, 0.5, -0, -0.5, -2]],
    ['abs', [2, 0.5, 0, 0.5, 2]],
    ['square', [4, 0.25, 0, 0.25, 4]],
    ['relu', [0, 0, 0, 0.5, 2]],
    ['leaky_relu', [-0.02, -0.005, 0, 0.5, 2]],
    ['leaky_relu', [-0.4, -0.1, 0, 0.5, 2], { alpha: 0.2 }],
    ['elu', [Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 0.5, 2]],
    ['elu', [2 * (Math.exp(-2) - 1), 2 * (Math.exp(-0.5) - 1), 0, 0.5, 2], { alpha: 2 }],
    ['exp', [0.1353352832366127, 0.6065306597126334, 1, 1.6487212707001282, 7.38905609893065]],
    ['sigmoid', [0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.8807970779778823]],
    ['tanh', [-0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.9640275800758169]],
    ['softplus', [0.12692801104297263, 0.4740769841801067, Math.LN2, 0.9740769841801067, 2.1269280110429727]],
  ];
  for (const [name, expected, attrs] of known) {
    it(`${name}${attrs ? ` ${JSON.stringify(attrs)}` : ''}`, () => expectClose(run(name, [x], attrs).data, expected, 1e-14));
  }

  it('log, sqrt and recip on positive values', () => {
    const p = t([3], [0.25, 1, 4]);
    expectClose(run('log', [p]).data, [-Math.log(4), 0, Math.log(4)]);
    expectClose(run('sqrt', [p]).data, [0.5, 1, 2]);
    expectClose(run('recip', [p]).data, [4, 1, 0.25]);
  });

  it('softplus does not overflow for large inputs', () => {
    expectClose(run('softplus', [t([2], [1000, -1000])]).data, [1000, 0]);
    expectClose(run('sigmoid', [t([2], [1000, -1000])]).data, [1, 0]);
  });
});

describe('tie rules (contract.md section 2)', () => {
  it('max routes the gradient to a on ties, min likewise', () => {
    const a = t([3], [1, 2, 3]);
    const b = t([3], [1, 5, 0]);
    const dy = [10, 20, 30];
    const [ga, gb] = grads('max', [a, b], {}, dy);
    expect(ga?.data).toEqual([10, 0, 30]);
    expect(gb?.data).toEqual([0, 20, 0]);
    const [ma, mb] = grads('min', [a, b], {}, dy);
    expect(ma?.data).toEqual([10, 20, 0]);
    expect(mb?.data).toEqual([0, 0, 30]);
  });

  it('max ties with a broadcast operand: b gets the summed remainder', () => {
    const [ga, gb] = grads('max', [t([2, 2], [1, 0, 1, 3]), t([], [1])]);
    expect(ga?.data).toEqual([1, 0, 1, 1]);
    expect(gb?.data).toEqual([1]);
  });

  it('relu at exactly 0 has gradient 0; leaky_relu there has slope alpha', () => {
    expect(grads('relu', [t([3], [-1, 0, 1])])[0]?.data).toEqual([0, 0, 1]);
    expect(grads('leaky_relu', [t([3], [-1, 0, 1])], { alpha: 0.25 })[0]?.data).toEqual([0.25, 0.25, 1]);
  });

  it('abs at 0 has gradient 0', () => {
    expect(grads('abs', [t([3], [-2, 0, 2])])[0]?.data).toEqual([-1, 0, 1]);
  });

  it('pow gives the exponent no gradient (not NaN) where a <= 0', () => {
    const [ga, gb] = grads('pow', [t([3], [-2, 0, 2]), t([3], [2, 2, 2])]);
    expect(ga?.data).toEqual([-4, 0, 4]);
    expectClose(gb?.data ?? [], [0, 0, 4 * Math.LN2]);
  });
});

describe('float32 backend matches float64', () => {
  it('binary ops with broadcasting', () => {
    for (const [name, gen] of Object.entries(BINARY)) expectFloat32Matches(name, [gen([3, 4], 3)[0], gen([4], 4)[1]]);
  });

  it('unary ops', () => {
    for (const [name, c] of Object.entries(UNARY)) expectFloat32Matches(name, [c.gen([3, 4], 4)], c.attrs);
  });
});

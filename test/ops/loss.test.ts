/**
 * Loss ops: finite-difference gradient checks on random shapes and both target
 * forms, forward values known by hand (ln C, the cs231n SVM example, PyTorch's
 * clamps), stability at extreme inputs, and shape errors that name both shapes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { Kernels } from '../../core/ops/kernels.js';
import { getOp } from '../../core/ops/registry.js';
import { CounterRng } from '../../core/tensor/counter-random.js';
import { Rng } from '../../core/tensor/random.js';
import type { Shape } from '../../core/tensor/shape.js';
import { type CheckInput, computeOp } from './harness.js';
import { expectClose, expectFloat32Matches, expectGradOk, grads, randomInput, run, seedArb, t } from './op-helpers.js';

const RUNS = { numRuns: 8 };
/**
 * Losses divide by n, so single gradient entries can be ~1e-5 while finite
 * differences of an O(1) sum carry ~1e-10 of rounding: compare those absolutely.
 */
const FD = { floor: 1e-4 };
const batchArb = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 4 }));

/** Class indices [n] drawn uniformly from [0, c), as whole-number floats; not differentiated. */
function indices(n: number, c: number, seed: number): CheckInput {
  const rng = new Rng(seed);
  return { shape: [n], data: Array.from({ length: n }, () => rng.int(c)), noGrad: true };
}

/** Rows of positive values summing to 1. */
function probs(shape: Shape, seed: number): CheckInput {
  const raw = randomInput(shape, seed, 0.1, 1);
  const c = shape[shape.length - 1];
  const data = Float64Array.from(raw.data);
  for (let r = 0; r < data.length; r += c) {
    const s = data.slice(r, r + c).reduce((a, b) => a + b, 0);
    for (let j = r; j < r + c; j++) data[j] /= s;
  }
  return { shape, data };
}

const scalar = (name: string, inputs: readonly CheckInput[]) => {
  const r = run(name, inputs);
  expect(r.shape).toEqual([]);
  return r.data[0];
};

describe('losses: registry', () => {
  it('lists every loss in the losses family with pred and target ports', () => {
    for (const name of ['mse', 'l1', 'cross_entropy', 'nll', 'bce', 'bce_logits', 'hinge', 'kl_div']) {
      const op = getOp(name);
      expect(op?.category).toBe('losses');
      expect(op?.inputs.map((p) => p.name)).toEqual(['pred', 'target']);
    }
  });
});

describe('losses: gradient checks', () => {
  const elementwise: Record<string, (s: Shape, seed: number) => [CheckInput, CheckInput]> = {
    mse: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
    // Independent uniforms: |pred − target| within the step of 0 is a ~1e-6 event.
    l1: (s, seed) => [randomInput(s, seed), randomInput(s, seed + 1)],
    bce: (s, seed) => [randomInput(s, seed, 0.05, 0.95), randomInput(s, seed + 1, 0, 1)],
    bce_logits: (s, seed) => [randomInput(s, seed, -4, 4), randomInput(s, seed + 1, 0, 1)],
    kl_div: (s, seed) => [randomInput(s, seed, -3, -0.1), randomInput(s, seed + 1, 0.05, 1)],
  };
  for (const [name, gen] of Object.entries(elementwise)) {
    it(`${name}: random shapes, both ports`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }), seedArb, (shape, seed) => expectGradOk(name, gen(shape, seed), FD)),
        RUNS,
      );
    });
  }

  const classPred: Record<string, (s: Shape, seed: number) => CheckInput> = {
    cross_entropy: (s, seed) => randomInput(s, seed, -3, 3),
    nll: (s, seed) => randomInput(s, seed, -3, -0.1),
    hinge: (s, seed) => randomInput(s, seed, -2, 2),
  };
  for (const [name, pred] of Object.entries(classPred)) {
    it(`${name}: class-index targets`, () => {
      fc.assert(fc.property(batchArb, seedArb, ([n, c], seed) => expectGradOk(name, [pred([n, c], seed), indices(n, c, seed + 1)], FD)), RUNS);
    });
    it(`${name}: probability targets get a gradient too`, () => {
      fc.assert(fc.property(batchArb, seedArb, ([n, c], seed) => expectGradOk(name, [pred([n, c], seed), probs([n, c], seed + 1)], FD)), RUNS);
    });
    it(`${name}: one unbatched sample, pred [C] with target [] or [C]`, () => {
      expectGradOk(name, [pred([4], 5), { shape: [], data: [2], noGrad: true }], FD);
      expectGradOk(name, [pred([4], 6), probs([4], 7)], FD);
    });
  }

  it('index targets get no gradient even when asked (the executor fills zeros)', () => {
    const backend = createCpuBackend({ precision: 'float64' });
    for (const name of ['cross_entropy', 'nll', 'hinge']) {
      const op = computeOp(name);
      const k = new Kernels(backend);
      const ins = [k.upload([2, 3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), k.upload([2], [0, 2])];
      const r = op.forward({ k, mode: 'eval', random: new CounterRng(1), state: new Map() }, ins, {});
      const gs = op.backward({ k }, { inputs: ins, out: r.out, dy: k.scalar(1), attrs: {}, saved: r.saved, needs: [true, true], mode: 'eval' });
      expect(gs[0]?.shape).toEqual([2, 3]);
      expect(gs[1]).toBeNull();
    }
  });
});

describe('losses: forward values', () => {
  it('mse and l1 average over every element', () => {
    const p = t([2, 2], [1, 2, 3, 4]);
    const y = t([2, 2], [0, 2, 5, 3]);
    expectClose([scalar('mse', [p, y])], [(1 + 0 + 4 + 1) / 4]);
    expectClose([scalar('l1', [p, y])], [(1 + 0 + 2 + 1) / 4]);
    expectClose(grads('mse', [p, y])[0]?.data ?? [], [0.5, 0, -1, 0.5]);
  });

  it('cross_entropy of zero logits is ln C for either target form', () => {
    for (const c of [2, 3, 10]) {
      const zeros = t([3, c], new Array<number>(3 * c).fill(0));
      expectClose([scalar('cross_entropy', [zeros, t([3], [0, 1, c - 1])])], [Math.log(c)]);
      const oneHot = t([3, c], Array.from({ length: 3 * c }, (_, i) => (i % c === 1 ? 1 : 0)));
      expectClose([scalar('cross_entropy', [zeros, oneHot])], [Math.log(c)]);
    }
  });

  it('cross_entropy matches -log softmax by hand and stays finite for huge logits', () => {
    const logits = [2, 1, 0.1];
    const lse = Math.log(logits.reduce((s, v) => s + Math.exp(v), 0));
    expectClose([scalar('cross_entropy', [t([1, 3], logits), t([1], [0])])], [lse - 2], 1e-12);
    const big = scalar('cross_entropy', [t([2, 2], [1000, 0, 0, -1000]), t([2], [1, 0])]);
    expectClose([big], [500], 1e-12);
    expectFloat32Matches('cross_entropy', [t([2, 2], [1000, 0, 0, -1000]), t([2], [1, 0])]);
  });

  it('cross_entropy gradient is (softmax − onehot)/N', () => {
    const g = grads('cross_entropy', [t([2, 2], [0, 0, 0, 0]), t([2], [0, 1])])[0];
    expectClose(g?.data ?? [], [-0.25, 0.25, 0.25, -0.25]);
  });

  it('nll picks minus the target log-probability, averaged over the batch', () => {
    const logp = t([2, 3], [-1, -2, -3, -0.5, -1.5, -2.5]);
    expectClose([scalar('nll', [logp, t([2], [2, 0])])], [(3 + 0.5) / 2]);
  });

  it('hinge reproduces the cs231n worked example (2.9, 0, 12.9; mean 5.27)', () => {
    // Columns are images (cat, car, frog) in the notes; rows here are samples.
    const values = [3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1];
    const scores = t([3, 3], values);
    const perSample = [0, 1, 2].map((y) => scalar('hinge', [t([1, 3], values.slice(3 * y, 3 * y + 3)), t([1], [y])]));
    expectClose(perSample, [2.9, 0, 12.9], 1e-12);
    expectClose([scalar('hinge', [scores, t([3], [0, 1, 2])])], [15.8 / 3], 1e-12);
    const oneHot = t([3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expectClose([scalar('hinge', [scores, oneHot])], [15.8 / 3], 1e-12);
  });

  it('hinge gradient: +1 per violating class, minus their count at the correct class, over N', () => {
    expectClose(grads('hinge', [t([1, 3], [3.2, 5.1, -1.7]), t([1], [0])])[0]?.data ?? [], [-1, 1, 0]);
    const g = grads('hinge', [t([2, 3], [2.2, 2.5, -3.1, 0, 0, 0]), t([2], [2, 1])])[0];
    expectClose(g?.data ?? [], [0.5, 0.5, -1, 0.5, -1, 0.5]);
  });

  it('bce clamps log at −100 like PyTorch, and bce_logits equals bce(sigmoid(x))', () => {
    expectClose([scalar('bce', [t([2], [0, 1]), t([2], [1, 0])])], [100]);
    expectClose([scalar('bce', [t([1], [0.8]), t([1], [1])])], [-Math.log(0.8)]);
    const x = [-3, -0.5, 0, 1.2, 4];
    const target = t([5], [0, 1, 0.3, 1, 0]);
    const sig = x.map((v) => 1 / (1 + Math.exp(-v)));
    expectClose([scalar('bce_logits', [t([5], x), target])], [scalar('bce', [t([5], sig), target])], 1e-12);
  });

  it('bce_logits stays finite at |x| = 100, in float32 too', () => {
    const inputs = [t([4], [100, -100, 100, -100]), t([4], [1, 0, 0, 1])];
    expectClose([scalar('bce_logits', inputs)], [(0 + 0 + 100 + 100) / 4], 1e-12);
    expectFloat32Matches('bce_logits', inputs);
    const g = grads('bce_logits', inputs)[0]?.data ?? [];
    expect(g.every(Number.isFinite)).toBe(true);
  });

  it('kl_div is batchmean and zero-probability targets contribute nothing', () => {
    const target = [0.5, 0.5, 0, 1, 0, 0];
    const logp = [Math.log(0.25), Math.log(0.25), Math.log(0.5), -2, -1, -3];
    const expected = (0.5 * Math.log(2) + 0.5 * Math.log(2) + 0 + (0 + 2)) / 2;
    expectClose([scalar('kl_div', [t([2, 3], logp), t([2, 3], target)])], [expected], 1e-12);
    const same = [Math.log(0.2), Math.log(0.8)];
    expectClose([scalar('kl_div', [t([1, 2], same), t([1, 2], [0.2, 0.8])])], [0], 1e-12);
  });
});

describe('losses: shape errors name both shapes and say what is expected', () => {
  const shapeError = (name: string, pred: Shape, target: Shape): string => {
    try {
      computeOp(name).shape([pred, target], {});
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('cross_entropy, nll and hinge accept [N] indices or [N, C] probabilities only', () => {
    expect(shapeError('cross_entropy', [4, 3], [5])).toBe('cross_entropy: target [5] does not match pred [4, 3]: expected [4] class indices or [4, 3] probabilities');
    expect(shapeError('hinge', [4, 3], [4, 2])).toContain('expected [4] class indices or [4, 3] probabilities');
    expect(shapeError('nll', [2, 3, 4], [2])).toBe('nll: pred must be [N, C] (or [C] for one sample), got [2, 3, 4]');
    expect(computeOp('nll').shape([[4, 3], [4]], {})).toEqual([]);
  });

  it('elementwise losses and kl_div require equal shapes', () => {
    expect(shapeError('mse', [2, 3], [3])).toBe('mse: target [3] does not match pred [2, 3]: expected the same shape [2, 3]');
    expect(shapeError('kl_div', [2, 3], [2, 1])).toContain('target [2, 1] does not match pred [2, 3]');
    expect(computeOp('bce').shape([[2, 3], [2, 3]], {})).toEqual([]);
  });
});

/**
 * Layer ops: gradient checks in both modes, dropout's seeded masks and
 * scaling, batchnorm's statistics and running averages, conv2d against a
 * naive reference, pools against hand-computed values, and shape errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceTensor } from '../../core/backend/backend.js';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { Mode } from '../../core/ops/define-op.js';
import { Kernels } from '../../core/ops/kernels.js';
import { CounterRng } from '../../core/tensor/counter-random.js';
import { type Shape, sizeOf } from '../../core/tensor/shape.js';
import { type CheckInput, computeOp, forward, resolveAttrs } from './harness.js';
import { distinct, expectClose, expectFloat32Matches, expectGradOk, randomInput, run, seedArb, t } from './op-helpers.js';

const RUNS = { numRuns: 5 };
const backend = createCpuBackend({ precision: 'float64' });

function shapeError(name: string, shapes: readonly (Shape | undefined)[], attrs: Record<string, unknown> = {}): string {
  const op = computeOp(name);
  try {
    op.shape(shapes, resolveAttrs(op, attrs));
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('dropout', () => {
  const x = randomInput([50, 40], 3, 0.5, 1.5);
  const zeros = (d: ArrayLike<number>) => Array.from(d).filter((v) => v === 0).length;

  it('is the identity in eval mode', () => {
    expect(Array.from(forward('dropout', [x], { attrs: { p: 0.5 }, mode: 'eval' }).data)).toEqual(Array.from(x.data));
  });

  it('train: the same seed gives the same mask; another seed another', () => {
    const a = forward('dropout', [x], { attrs: { p: 0.3 }, mode: 'train', seed: 11 }).data;
    const b = forward('dropout', [x], { attrs: { p: 0.3 }, mode: 'train', seed: 11 }).data;
    const c = forward('dropout', [x], { attrs: { p: 0.3 }, mode: 'train', seed: 12 }).data;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('train: zeroes about a fraction p and scales survivors by 1/(1−p), so E[out] ≈ x', () => {
    const ones = { shape: [20000], data: new Float64Array(20000).fill(1) };
    for (const p of [0.1, 0.5, 0.8]) {
      const out = forward('dropout', [ones], { attrs: { p }, mode: 'train', seed: 5 }).data;
      expect(Math.abs(zeros(out) / out.length - p)).toBeLessThan(0.02);
      expect(Array.from(out).every((v) => v === 0 || Math.abs(v - 1 / (1 - p)) < 1e-12)).toBe(true);
      expect(Math.abs(out.reduce((s, v) => s + v, 0) / out.length - 1)).toBeLessThan(0.05);
    }
    expect(zeros(forward('dropout', [ones], { attrs: { p: 0 }, mode: 'train' }).data)).toBe(0);
  });

  it('gradient checks in both modes (train: the mask is fixed by the seed)', () => {
    for (const mode of ['train', 'eval'] as const) {
      fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }), seedArb, (shape, seed) => expectGradOk('dropout', [randomInput(shape, seed)], { attrs: { p: 0.4 }, mode, seed })), RUNS);
    }
  });

  it('refuses p = 1 by its attr spec (exclusive max)', () => {
    expect(shapeError('dropout', [[2]], { p: 1 })).toBe('attr "p" must be < 1, got 1');
  });
});

/** Runs batchnorm with state from initState; returns the output and the state afterwards. */
function batchnormStep(inputs: readonly CheckInput[], mode: Mode, attrs: Record<string, unknown> = {}) {
  const op = computeOp('batchnorm');
  const k = new Kernels(backend);
  const resolved = resolveAttrs(op, attrs);
  const init = op.initState?.(inputs.map((i) => i.shape), resolved) ?? {};
  const state = new Map(Object.entries(init).map(([name, v]) => [name, k.upload(v.shape, v.data)]));
  const r = op.forward({ k, mode, random: new CounterRng(1), state }, inputs.map((i) => k.upload(i.shape, i.data)), resolved);
  const read = (name: string) => Array.from(backend.readSync(state.get(name) as DeviceTensor));
  return { out: Array.from(backend.readSync(r.out)), mean: read('running_mean'), var: read('running_var') };
}

/** Per-channel mean and biased variance of x [N, C, ...] (channel axis 1). */
function channelStats(shape: Shape, data: ArrayLike<number>): { mean: number[]; biased: number[]; unbiased: number[] } {
  const c = shape[1];
  const inner = sizeOf(shape.slice(2));
  const groups: number[][] = Array.from({ length: c }, () => []);
  for (let i = 0; i < data.length; i++) groups[Math.floor(i / inner) % c].push(data[i]);
  const mean = groups.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
  const ss = groups.map((g, j) => g.reduce((s, v) => s + (v - mean[j]) ** 2, 0));
  return { mean, biased: ss.map((s, j) => s / groups[j].length), unbiased: ss.map((s, j) => s / (groups[j].length - 1)) };
}

describe('batchnorm', () => {
  const params = (c: number, seed: number): CheckInput[] => [randomInput([c], seed, 0.5, 2), randomInput([c], seed + 1)];
  const unit = (c: number): CheckInput[] => [t([c], new Array<number>(c).fill(1)), t([c], new Array<number>(c).fill(0))];

  it('train: per-feature output mean 0 and variance 1 for [N, C] and per channel for [N, C, H, W]', () => {
    for (const shape of [[16, 3], [4, 2, 3, 3]]) {
      const x = randomInput(shape, 7, -3, 5);
      const { out } = batchnormStep([x, ...unit(shape[1])], 'train');
      const s = channelStats(shape, out);
      expectClose(s.mean, new Array<number>(shape[1]).fill(0), 1e-12);
      // Exactly var / (var + eps): eps keeps the output variance just under 1.
      const inVar = channelStats(shape, x.data).biased;
      expectClose(s.biased, inVar.map((v) => v / (v + 1e-5)), 1e-12);
      s.biased.forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-4));
    }
  });

  it('train: running stats move by momentum towards the batch mean and unbiased variance', () => {
    const shape = [5, 3, 2, 2];
    const x = randomInput(shape, 9, -2, 4);
    const s = channelStats(shape, x.data);
    const r = batchnormStep([x, ...unit(3)], 'train', { momentum: 0.2 });
    expectClose(r.mean, s.mean.map((m) => 0.2 * m), 1e-12);
    expectClose(r.var, s.unbiased.map((v) => 0.8 + 0.2 * v), 1e-12);
  });

  it('eval: uses the running stats from attrs (or 0 and 1), leaving them unchanged', () => {
    const x = t([2, 2], [1, 2, 3, 4]);
    const attrs = { running_mean: [1, 2], running_var: [4, 0.25], eps: 1e-5 };
    const r = batchnormStep([x, t([2], [2, 1]), t([2], [0.5, -1])], 'eval', attrs);
    const expected = [2 * (0 / Math.sqrt(4 + 1e-5)) + 0.5, 0 - 1, 2 * (2 / Math.sqrt(4 + 1e-5)) + 0.5, 2 / Math.sqrt(0.25 + 1e-5) - 1];
    expectClose(r.out, expected, 1e-12);
    expectClose(r.mean, [1, 2]);
    expectClose(r.var, [4, 0.25]);
    expectClose(run('batchnorm', [x, ...unit(2)]).data, [1, 2, 3, 4].map((v) => v / Math.sqrt(1 + 1e-5)), 1e-12);
  });

  it('gradient checks for x, gamma and beta in both modes, for [N, C], [N, C, L] and [N, C, H, W]', () => {
    for (const mode of ['train', 'eval'] as const) {
      for (const [i, shape] of [[4, 3], [2, 2, 3, 2], [3, 2, 2], [3, 1]].entries()) {
        expectGradOk('batchnorm', [randomInput(shape, 20 + i, -2, 2), ...params(shape[1], 30 + i)], { mode, attrs: { running_mean: new Array<number>(shape[1]).fill(0.3), running_var: new Array<number>(shape[1]).fill(1.7) } });
      }
    }
  });

  it('float32 agrees with float64', () => {
    expectFloat32Matches('batchnorm', [randomInput([3, 4, 2, 2], 5), ...params(4, 6)]);
  });

  it('shape errors name the shapes and what is expected', () => {
    expect(shapeError('batchnorm', [[8, 3], [4], [3]])).toBe('batchnorm: gamma [4] does not match x [8, 3]: expected [3] (one per channel)');
    expect(shapeError('batchnorm', [[8], [8], [8]])).toBe('batchnorm: x must be [N, C] or [N, C, H, W], got [8]');
    expect(shapeError('batchnorm', [[8, 3], [3], [3]], { running_mean: [0, 0] })).toBe('batchnorm: running_mean has shape [2] but x [8, 3] has 3 channels: expected [3]');
    expect(shapeError('batchnorm', [[8, 3], [3], [3]], { running_var: [1, -1, 1] })).toBe('batchnorm: running_var must not be negative');
  });
});

/** Direct definition of NCHW cross-correlation with zero padding. */
function naiveConv(x: CheckInput, w: CheckInput, stride: number, pad: number): { shape: number[]; data: number[] } {
  const [N, C, H, W] = x.shape;
  const [O, , kh, kw] = w.shape;
  const Ho = Math.floor((H + 2 * pad - kh) / stride) + 1;
  const Wo = Math.floor((W + 2 * pad - kw) / stride) + 1;
  const data: number[] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
    let s = 0;
    for (let c = 0; c < C; c++) for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) {
      const h = i * stride - pad + a;
      const v = j * stride - pad + b;
      if (h >= 0 && h < H && v >= 0 && v < W) s += x.data[((n * C + c) * H + h) * W + v] * w.data[((o * C + c) * kh + a) * kw + b];
    }
    data.push(s);
  }
  return { shape: [N, O, Ho, Wo], data };
}

describe('conv2d', () => {
  it('matches a naive reference with stride 2 and padding 1, bias added per output channel', () => {
    const x = randomInput([2, 3, 5, 6], 1);
    const w = randomInput([4, 3, 3, 2], 2);
    const ref = naiveConv(x, w, 2, 1);
    const r = run('conv2d', [x, w], { stride: 2, padding: 1 });
    expect(r.shape).toEqual(ref.shape);
    expectClose(r.data, ref.data);
    const withBias = run('conv2d', [x, w, t([4], [1, 2, 3, 4])], { stride: 2, padding: 1 });
    const per = sizeOf(ref.shape.slice(2));
    expectClose(withBias.data, ref.data.map((v, i) => v + 1 + (Math.floor(i / per) % 4)));
    expectFloat32Matches('conv2d', [x, w], { stride: [2, 1], padding: [1, 0] });
  });

  it('gradient checks for x, w and b over strides and paddings', () => {
    const cases: [Shape, Shape, Record<string, unknown>][] = [
      [[2, 2, 5, 5], [3, 2, 3, 3], { stride: 2, padding: 1 }],
      [[1, 3, 4, 6], [2, 3, 2, 3], { stride: [1, 2], padding: [0, 1] }],
      [[2, 1, 3, 3], [1, 1, 3, 3], {}],
    ];
    cases.forEach(([xs, ws, attrs], i) => {
      expectGradOk('conv2d', [randomInput(xs, 40 + i), randomInput(ws, 50 + i), randomInput([ws[0]], 60 + i)], { attrs });
      expectGradOk('conv2d', [randomInput(xs, 70 + i), randomInput(ws, 80 + i)], { attrs });
    });
  });

  it('shape errors: channel mismatch names both shapes; output smaller than 1; bias', () => {
    expect(shapeError('conv2d', [[1, 3, 8, 8], [4, 2, 3, 3], undefined])).toBe('conv2d: w [4, 2, 3, 3] expects 2 input channels but x [1, 3, 8, 8] has 3');
    expect(shapeError('conv2d', [[1, 1, 2, 8], [1, 1, 3, 3], undefined])).toContain('conv2d: output height would be 0');
    expect(shapeError('conv2d', [[1, 1, 4, 4], [2, 1, 3, 3], [3]])).toBe('conv2d: b [3] does not match w [2, 1, 3, 3]: expected [2] (one per output channel)');
    expect(shapeError('conv2d', [[1, 4, 4], [2, 1, 3, 3], undefined])).toBe('conv2d: x must be [N, C, H, W], got [1, 4, 4]');
    expect(computeOp('conv2d').shape([[2, 3, 7, 7], [5, 3, 3, 3], [5]], resolveAttrs(computeOp('conv2d'), { stride: 2, padding: 1 }))).toEqual([2, 5, 4, 4]);
  });
});

describe('pools', () => {
  const grid = t([1, 1, 4, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);

  it('maxpool2d and avgpool2d: kernel 2 (stride defaults to the kernel)', () => {
    expect(run('maxpool2d', [grid], { kernel: 2 })).toEqual({ shape: [1, 1, 2, 2], data: [6, 8, 14, 16] });
    expect(run('avgpool2d', [grid], { kernel: 2 })).toEqual({ shape: [1, 1, 2, 2], data: [3.5, 5.5, 11.5, 13.5] });
    expect(run('maxpool2d', [grid], { kernel: [2, 3], stride: 1 }).data).toEqual([7, 8, 11, 12, 15, 16]);
  });

  it('padding: max ignores it, average counts it as zeros', () => {
    expect(run('maxpool2d', [grid], { kernel: 2, padding: 1 }).data).toEqual([1, 3, 4, 9, 11, 12, 13, 15, 16]);
    expect(run('avgpool2d', [grid], { kernel: 2, padding: 1 }).data).toEqual([0.25, 1.25, 1, 3.5, 8.5, 5, 3.25, 7.25, 4]);
  });

  it('maxpool2d routes the gradient to each window maximum; avgpool2d spreads it', () => {
    const op = computeOp('maxpool2d');
    const k = new Kernels(backend);
    const x = k.upload(grid.shape, grid.data);
    const attrs = resolveAttrs(op, { kernel: 2 });
    const r = op.forward({ k, mode: 'eval', random: new CounterRng(1), state: new Map() }, [x], attrs);
    const [g] = op.backward({ k }, { inputs: [x], out: r.out, dy: k.upload([1, 1, 2, 2], [1, 2, 3, 4]), attrs, saved: r.saved, needs: [true], mode: 'eval' });
    expect(Array.from(backend.readSync(g as DeviceTensor))).toEqual([0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4]);
  });

  it('gradient checks with overlapping windows, padding and uneven strides', () => {
    for (const name of ['maxpool2d', 'avgpool2d']) {
      for (const [i, attrs] of [{ kernel: 2 }, { kernel: 3, stride: 2, padding: 1 }, { kernel: [2, 3], stride: [1, 2] }].entries()) {
        // Distinct values keep maxima unique, so max pooling is differentiable there.
        expectGradOk(name, [distinct([2, 2, 5, 6], 90 + i)], { attrs });
      }
    }
  });

  it('kernel is required; padding at most half the kernel; output at least 1', () => {
    expect(shapeError('maxpool2d', [[1, 1, 4, 4]])).toBe('maxpool2d: attr "kernel" is required (a number or a pair)');
    expect(shapeError('avgpool2d', [[1, 1, 4, 4]], { kernel: 2, padding: 2 })).toBe('avgpool2d: padding [2, 2] must be at most half the kernel [2, 2]');
    expect(shapeError('maxpool2d', [[1, 1, 4, 2]], { kernel: 3 })).toContain('maxpool2d: output width would be 0');
  });
});

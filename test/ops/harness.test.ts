/**
 * The op harness itself: a backward pass broken on purpose, NaN or Infinity in
 * one element after the first, must fail the check and be named by port and element.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ComputeOpDef } from '../../core/ops/define-op.js';
import { computeOp, gradCheck } from './harness.js';

describe('op gradient harness', () => {
  const tanh = computeOp('tanh');
  const original = tanh.backward;
  afterEach(() => Object.assign(tanh, { backward: original }));

  const x = { shape: [4], data: [0.1, -0.2, 0.3, -0.4] };

  it('passes a correct backward rule', () => {
    const r = gradCheck('tanh', [x]);
    expect(r.nonFinite).toBe('');
    expect(r.maxRelError[0]).toBeLessThan(1e-6);
  });

  it.each([NaN, Infinity, -Infinity])('fails when one element of the gradient is %s', (bad) => {
    // Only element 2 is poisoned: elements 0 and 1 check out first.
    const broken: ComputeOpDef['backward'] = (ctx, args) =>
      original(ctx, args).map((g) => g && ctx.k.mul(g, ctx.k.upload(g.shape, [1, 1, bad, 1])));
    Object.assign(tanh, { backward: broken });
    const r = gradCheck('tanh', [x]);
    expect(r.maxRelError[0]).toBe(Infinity);
    expect(r.nonFinite).toBe(`port x[2]: analytic gradient is ${bad}`);
    expect(r.worst).toMatch(/^port x\[2\]: analytic (NaN|-?Infinity)/);
  });
});

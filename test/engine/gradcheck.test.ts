import { afterEach, describe, expect, it } from 'vitest';
import { gradcheck, relativeError } from '../../core/engine/gradcheck.js';
import type { ComputeOpDef } from '../../core/ops/define-op.js';
import { getOp } from '../../core/ops/registry.js';
import type { GraphDoc } from '../../core/graph/types.js';

const neuron: GraphDoc = {
  format: 'backprop-studio/graph',
  version: 1,
  nodes: [
    { id: 'x', op: 'input', attrs: { value: [[0.5, -1.5], [2, 0.25], [-1, 1]] } },
    { id: 'w', op: 'param', attrs: { value: [[0.3, -0.2, 0.9], [0.1, 0.7, -0.4]] } },
    { id: 'b', op: 'param', attrs: { value: [0.1, -0.1, 0.2] } },
    { id: 'xw', op: 'matmul' },
    { id: 'h', op: 'add' },
    { id: 'act', op: 'tanh' },
    { id: 'e', op: 'exp' },
    { id: 'out', op: 'mul' },
  ],
  edges: [
    { from: 'x', to: 'xw', port: 'a' },
    { from: 'w', to: 'xw', port: 'b' },
    { from: 'xw', to: 'h', port: 'a' },
    { from: 'b', to: 'h', port: 'b' },
    { from: 'h', to: 'act', port: 'x' },
    { from: 'act', to: 'e', port: 'x' },
    { from: 'e', to: 'out', port: 'a' },
    { from: 'act', to: 'out', port: 'b' },
  ],
  output: 'out',
};

describe('gradcheck', () => {
  const exp = getOp('exp') as ComputeOpDef;
  const original = exp.backward;
  afterEach(() => Object.assign(exp, { backward: original }));

  it('agrees with the analytic gradients of a small network', async () => {
    const r = await gradcheck(neuron);
    expect(r.ok).toBe(true);
    expect(r.nodes.map((n) => n.id).sort()).toEqual(['b', 'w', 'x']);
    for (const n of r.nodes) expect(n.maxRelError).toBeLessThan(1e-7);
  });

  it('catches a wrong backward rule', async () => {
    // exp's gradient off by a factor of two must be reported.
    Object.assign(exp, { backward: ((ctx, args) => original(ctx, args).map((g) => g && ctx.k.scale(g, 2))) satisfies ComputeOpDef['backward'] });
    const r = await gradcheck(neuron);
    expect(r.ok).toBe(false);
    expect(r.nodes.every((n) => n.maxRelError > 1e-2)).toBe(true);
  });

  it('samples large tensors and computes relative error with a floor', async () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1, 1.1)).toBeCloseTo(0.1 / 1.1);
    expect(relativeError(1e-12, 2e-12)).toBeLessThan(1e-5);
    const r = await gradcheck(neuron, { maxPerNode: 2 });
    expect(r.nodes.find((n) => n.id === 'w')?.checked).toBe(2);
  });
});

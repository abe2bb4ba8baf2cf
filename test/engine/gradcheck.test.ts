import { afterEach, describe, expect, it } from 'vitest';
import { gradcheck, relativeError } from '../../core/engine/gradcheck.js';
import type { ComputeOpDef } from '../../core/ops/define-op.js';
import { getOp } from '../../core/ops/registry.js';
import type { GraphDoc } from '../../core/graph/types.js';

/** Wraps a backward rule so that element `at` of every input gradient becomes `bad`. */
function poisoned(backward: ComputeOpDef['backward'], at: number, bad: number): ComputeOpDef['backward'] {
  return (ctx, args) =>
    backward(ctx, args).map((g) => {
      if (!g) return g;
      const mask = Array.from({ length: g.shape.reduce((a, b) => a * b, 1) }, (_, i) => (i === at ? bad : 1));
      return ctx.k.mul(g, ctx.k.upload(g.shape, mask));
    });
}

/** x (an input holding `value`) → op. */
function unary(op: string, value: number[]): GraphDoc {
  return {
    format: 'backprop-studio/graph',
    version: 1,
    nodes: [{ id: 'x', op: 'input', attrs: { value } }, { id: 'y', op }],
    edges: [{ from: 'x', to: 'y', port: 'x' }],
    output: 'y',
  };
}

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

  // One poisoned element after the first: NaN compares false with every threshold, so a
  // check that only asks `err > max` lets it through.
  it.each([NaN, Infinity])('fails on a %s analytic gradient in one element and names it', async (bad) => {
    Object.assign(exp, { backward: poisoned(original, 3, bad) });
    const r = await gradcheck(unary('exp', [0.1, 0.2, 0.3, 0.4, 0.5]));
    expect(r.ok).toBe(false);
    const [x] = r.nodes;
    expect(x.nonFinite).toBe(`analytic gradient is ${bad} at element 3`);
    expect(x.maxRelError).toBe(Infinity);
    expect(x.worst?.index).toBe(3);
  });

  it('fails when the numeric gradient is not finite (sqrt at 0)', async () => {
    const r = await gradcheck(unary('sqrt', [1, 4, 0]));
    expect(r.ok).toBe(false);
    expect(r.nodes[0].nonFinite).toBe('analytic gradient is Infinity and numeric gradient is NaN at element 2');
  });

  it('samples large tensors and computes relative error with a floor', async () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1, 1.1)).toBeCloseTo(0.1 / 1.1);
    expect(relativeError(1e-12, 2e-12)).toBeLessThan(1e-5);
    const r = await gradcheck(neuron, { maxPerNode: 2 });
    expect(r.nodes.find((n) => n.id === 'w')?.checked).toBe(2);
  });
});

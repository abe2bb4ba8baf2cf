/**
 * What a Session leaves alive on its backend: nothing grows over many runs
 * (tensors made between runs, runs that fail part-way), scalar constants are
 * uploaded once, and dispose frees everything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../core/engine/executor.js';
import type { GraphDoc } from '../../core/graph/types.js';
import type { ComputeOpDef } from '../../core/ops/define-op.js';
import { getOp } from '../../core/ops/registry.js';
import { countingBackend } from './counting-backend.js';

/** loss = mean(exp(x W) * 2 - 1) over a [4, 3] input and a [3, 2] param: scalar constants in forward and backward. */
const net: GraphDoc = {
  format: 'backprop-studio/graph',
  version: 1,
  nodes: [
    { id: 'x', op: 'input', attrs: { value: { shape: [4, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((v) => v / 20) } } },
    { id: 'W', op: 'param', attrs: { shape: [3, 2], init: 'uniform' } },
    { id: 'xW', op: 'matmul' },
    { id: 'e', op: 'exp' },
    { id: 'two', op: 'const', attrs: { value: 2 } },
    { id: 'm', op: 'mul' },
    { id: 'one', op: 'const', attrs: { value: 1 } },
    { id: 's', op: 'sub' },
    { id: 'loss', op: 'mean' },
  ],
  edges: [
    { from: 'x', to: 'xW', port: 'a' },
    { from: 'W', to: 'xW', port: 'b' },
    { from: 'xW', to: 'e', port: 'x' },
    { from: 'e', to: 'm', port: 'a' },
    { from: 'two', to: 'm', port: 'b' },
    { from: 'm', to: 's', port: 'a' },
    { from: 'one', to: 's', port: 'b' },
    { from: 's', to: 'loss', port: 'x' },
  ],
  output: 'loss',
};

describe('tensor lifetime across runs', () => {
  const exp = getOp('exp') as ComputeOpDef;
  const original = exp.forward;
  afterEach(() => Object.assign(exp, { forward: original }));

  it('frees tensors made through session.k between runs (as the gradient checker makes them)', () => {
    const b = countingBackend();
    const s = new Session(net, b);
    const liveAfter: number[] = [];
    for (let i = 0; i < 100; i++) {
      const r = s.run();
      r.release();
      // What gradcheck does for a node without a gradient, and what any caller of session.k may do.
      s.k.fill([4, 2], 0);
      s.k.fill([3], 1);
      liveAfter.push(b.live.size);
    }
    expect(liveAfter[99]).toBe(liveAfter[1]);
    s.dispose();
    expect(b.live.size).toBe(0);
  });

  it('frees what a run made before it failed part-way', () => {
    const b = countingBackend();
    const s = new Session(net, b);
    s.run().release();
    const before = b.live.size;
    Object.assign(exp, {
      forward: (() => {
        throw new Error('exp failed');
      }) satisfies ComputeOpDef['forward'],
    });
    for (let i = 0; i < 20; i++) expect(() => s.run()).toThrow('exp failed');
    expect(b.live.size).toBe(before);
    Object.assign(exp, { forward: original });
    s.run().release();
    expect(b.live.size).toBe(before);
  });

  it('uploads each scalar constant once: later runs make no scalar-shaped upload or fill', () => {
    const b = countingBackend();
    const s = new Session(net, b);
    s.run().release();
    b.reset();
    for (let i = 0; i < 10; i++) s.run().release();
    expect(b.counts.scalarWork).toBe(0);
    expect(b.counts.runs.fill ?? 0).toBe(0);
    expect(b.counts.uploads).toBe(0);
  });

  it('gives the same values and gradients with shared constants, run after run', async () => {
    const s = new Session(net, countingBackend());
    const read = async () => {
      const r = s.run();
      const out = { loss: [...(await r.read(r.output)).data], dW: [...(await r.read(r.grad('W')!)).data] };
      r.release();
      return out;
    };
    const first = await read();
    expect(await read()).toEqual(first);
    expect(first.loss[0]).toBeGreaterThan(0);
  });

  it('submits the queued work once per run', () => {
    const b = countingBackend();
    const s = new Session(net, b);
    b.reset();
    for (let i = 0; i < 3; i++) s.run().release();
    expect(b.counts.flushes).toBe(3);
  });

  it('frees params, constants and cached scalars on dispose', () => {
    const b = countingBackend();
    const s = new Session(net, b);
    for (let i = 0; i < 3; i++) s.run().release();
    s.k.fill([2], 3);
    s.dispose();
    expect(b.live.size).toBe(0);
  });
});

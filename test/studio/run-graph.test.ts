/** The editor's Run, as the engine worker does it. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { runGraph } from '../../core/studio/run-graph.js';
import { loadExample } from '../examples/example-helpers.js';

describe('Run', () => {
  it('computes the values and gradients of f = (x + y) z', async () => {
    const r = await runGraph(loadExample('add-mul'), createCpuBackend(), {});
    if (!r.ok) throw new Error(r.message);
    const v = (id: string) => Array.from(r.values[id]?.data ?? []);
    const g = (id: string) => Array.from(r.grads[id]?.data ?? []);
    expect([v('q'), v('f')]).toEqual([[3], [-12]]);
    expect([g('x'), g('y'), g('z'), g('q'), g('f')]).toEqual([[-4], [-4], [3], [-4], [1]]);
  });

  it('reports what flows back along every edge, and fan-out partials that add up to the node’s gradient', async () => {
    const r = await runGraph(loadExample('add-mul'), createCpuBackend(), {});
    if (!r.ok) throw new Error(r.message);
    const e = (id: string) => Array.from(r.edgeGrads[id]?.data ?? []);
    expect([e('x->q.a'), e('y->q.b'), e('q->f.a'), e('z->f.b')]).toEqual([[-4], [-4], [-4], [3]]);
    expect(r.order).toEqual(['x', 'y', 'z', 'q', 'f']);
    const doc = loadExample('add-mul');
    // x feeds both q and f: f = (x + y) * x, so df/dx = x + (x + y) = -2 + 3 = 1, from the two branches -2 and 3.
    const fan = { ...doc, edges: doc.edges.map((ed) => (ed.from === 'z' ? { ...ed, from: 'x' } : ed)) };
    const f = await runGraph(fan, createCpuBackend(), {});
    if (!f.ok) throw new Error(f.message);
    expect(Array.from(f.edgeGrads['x->q.a'].data)).toEqual([-2]);
    expect(Array.from(f.edgeGrads['x->f.b'].data)).toEqual([3]);
    expect(Array.from(f.grads['x'].data)).toEqual([1]);
  });

  it('feeds the first batch to dataset-bound inputs', async () => {
    const r = await runGraph(loadExample('xor-mlp'), createCpuBackend(), {});
    if (!r.ok) throw new Error(r.message);
    expect(r.values['X']?.shape).toEqual([4, 2]);
    expect(r.grads['W1']?.shape).toEqual([2, 8]);
  });

  it('explains what it cannot run instead of throwing, naming the node where it can', async () => {
    const digits = await runGraph(loadExample('digits-mlp'), createCpuBackend(), {});
    expect(digits).toEqual({ ok: false, message: expect.stringContaining('digits') });
    const broken = await runGraph({ ...loadExample('add-mul'), output: 'nope' }, createCpuBackend(), {});
    expect(broken).toEqual({ ok: false, message: 'output: output node "nope" does not exist' });
  });
});

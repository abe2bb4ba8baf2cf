import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { compile, diagnose } from '../../core/engine/compile.js';
import { Session } from '../../core/engine/executor.js';
import type { GraphDoc, GraphEdge, GraphNode } from '../../core/graph/types.js';
import { GraphError } from '../../core/graph/types.js';

function doc(nodes: GraphNode[], edges: GraphEdge[], output: string, extra: Partial<GraphDoc> = {}): GraphDoc {
  return { format: 'backprop-studio/graph', version: 1, nodes, edges, output, ...extra };
}

const addMul = doc(
  [
    { id: 'x', op: 'input', attrs: { value: -2 } },
    { id: 'y', op: 'input', attrs: { value: 5 } },
    { id: 'z', op: 'input', attrs: { value: -4 } },
    { id: 'q', op: 'add' },
    { id: 'f', op: 'mul' },
  ],
  [
    { from: 'x', to: 'q', port: 'a' },
    { from: 'y', to: 'q', port: 'b' },
    { from: 'q', to: 'f', port: 'a' },
    { from: 'z', to: 'f', port: 'b' },
  ],
  'f',
);

async function valuesAndGrads(d: GraphDoc) {
  const backend = createCpuBackend();
  const s = new Session(d, backend);
  const r = s.run();
  const out: Record<string, { value: number[]; grad?: number[] }> = {};
  for (const n of r.plan.nodes) {
    const v = r.value(n.id);
    const g = r.grad(n.id);
    out[n.id] = { value: v ? [...(await r.read(v)).data] : [], grad: g ? [...(await r.read(g)).data] : undefined };
  }
  r.release();
  return out;
}

describe('executor', () => {
  it('computes the seeds’ (x + y) z example', async () => {
    const r = await valuesAndGrads(addMul);
    expect(r.f.value).toEqual([-12]);
    expect(r.x.grad).toEqual([-4]);
    expect(r.y.grad).toEqual([-4]);
    expect(r.z.grad).toEqual([3]);
    expect(r.q.grad).toEqual([-4]);
  });

  it('sums gradients at fan-out (the copy gate)', async () => {
    // f = x * x + x: df/dx = 2x + 1 = 7 at x = 3.
    const d = doc(
      [
        { id: 'x', op: 'input', attrs: { value: 3 } },
        { id: 'sq', op: 'mul' },
        { id: 'f', op: 'add' },
      ],
      [
        { from: 'x', to: 'sq', port: 'a' },
        { from: 'x', to: 'sq', port: 'b' },
        { from: 'sq', to: 'f', port: 'a' },
        { from: 'x', to: 'f', port: 'b' },
      ],
      'f',
    );
    const r = await valuesAndGrads(d);
    expect(r.f.value).toEqual([12]);
    expect(r.x.grad).toEqual([7]);
  });

  it('gives no gradient to nodes the output does not depend on, and seeds ones for a non-scalar output', async () => {
    const d = doc(
      [
        { id: 'a', op: 'input', attrs: { value: [1, 2, 3] } },
        { id: 'b', op: 'input', attrs: { value: [4, 5, 6] } },
        { id: 'side', op: 'exp' },
        { id: 'y', op: 'mul' },
      ],
      [
        { from: 'a', to: 'side', port: 'x' },
        { from: 'a', to: 'y', port: 'a' },
        { from: 'b', to: 'y', port: 'b' },
      ],
      'y',
    );
    const r = await valuesAndGrads(d);
    expect(r.side.grad).toBeUndefined();
    expect(r.side.value.length).toBe(3);
    expect(r.a.grad).toEqual([4, 5, 6]);
  });

  it("with grads: 'params', computes only the gradients that reach a param, with the same bits for those", async () => {
    // (x W + b) with a param W and b, and an input x: x's gradient is never needed to train.
    const d = doc(
      [
        { id: 'x', op: 'input', attrs: { shape: [3, 4], value: [[1, -2, 3, 0.5], [2, 1, -1, 4], [0, 3, -3, 1]] } },
        { id: 'W', op: 'param', attrs: { shape: [4, 2], init: 'normal', std: 1 } },
        { id: 'b', op: 'param', attrs: { shape: [2], init: 'normal', std: 1 } },
        { id: 'xW', op: 'matmul' },
        { id: 'z', op: 'add' },
        { id: 'h', op: 'tanh' },
        { id: 'loss', op: 'sum' },
      ],
      [
        { from: 'x', to: 'xW', port: 'a' },
        { from: 'W', to: 'xW', port: 'b' },
        { from: 'xW', to: 'z', port: 'a' },
        { from: 'b', to: 'z', port: 'b' },
        { from: 'z', to: 'h', port: 'x' },
        { from: 'h', to: 'loss', port: 'x' },
      ],
      'loss',
    );
    const grads = async (opts: { grads?: 'all' | 'params' }) => {
      const s = new Session(d, createCpuBackend(), { seed: 4 });
      const r = s.run(opts);
      const out: Record<string, number[] | undefined> = {};
      for (const n of r.plan.nodes) {
        const g = r.grad(n.id);
        out[n.id] = g ? [...(await r.read(g)).data] : undefined;
      }
      r.release();
      return out;
    };
    const all = await grads({});
    const params = await grads({ grads: 'params' });
    expect(all['x']).toBeDefined();
    expect(params['x']).toBeUndefined();
    for (const id of ['W', 'b', 'xW', 'z', 'h', 'loss']) expect(params[id], id).toEqual(all[id]);
  });

  it('runs a 100,000-node chain without recursion limits', async () => {
    const n = 100_000;
    const nodes: GraphNode[] = [{ id: 'n0', op: 'input', attrs: { value: 1 } }];
    const edges: GraphEdge[] = [];
    for (let i = 1; i < n; i++) {
      nodes.push({ id: `n${i}`, op: 'neg' });
      edges.push({ from: `n${i - 1}`, to: `n${i}`, port: 'x' });
    }
    // Shuffle the file order: the sort, not the file, must establish the order.
    nodes.reverse();
    const backend = createCpuBackend();
    const s = new Session(doc(nodes, edges, `n${n - 1}`), backend);
    const r = s.run();
    expect([...(await r.read(r.output)).data]).toEqual([(n - 1) % 2 === 0 ? 1 : -1]);
    const g = r.grad('n0');
    expect(g && [...(await r.read(g)).data]).toEqual([(n - 1) % 2 === 0 ? 1 : -1]);
  });

  it('names the nodes on a cycle', () => {
    const d = doc(
      [
        { id: 'x', op: 'input', attrs: { value: 1 } },
        { id: 'a', op: 'add' },
        { id: 'b', op: 'exp' },
        { id: 'c', op: 'neg' },
      ],
      [
        { from: 'x', to: 'a', port: 'a' },
        { from: 'c', to: 'a', port: 'b' },
        { from: 'a', to: 'b', port: 'x' },
        { from: 'b', to: 'c', port: 'x' },
      ],
      'c',
    );
    expect(() => compile(d)).toThrow(GraphError);
    const [p] = diagnose(d);
    expect(p.message).toMatch(/^cycle: /);
    for (const id of ['a', 'b', 'c']) expect(p.message).toContain(id);
    expect(p.message).not.toContain('x →');
  });

  it('reports every structural problem with its node or edge', () => {
    const d = doc(
      [
        { id: 'x', op: 'input', attrs: { value: 1 } },
        { id: 'q', op: 'ad' },
        { id: 'r', op: 'add', attrs: { alhpa: 1 } },
        { id: 's', op: 'relu' },
      ],
      [
        { from: 'x', to: 'r', port: 'a' },
        { from: 'x', to: 'r', port: 'a' },
        { from: 'x', to: 'r', port: 'c' },
        { from: 'ghost', to: 's', port: 'x' },
      ],
      'nope',
    );
    const msgs = diagnose(d).map((p) => `${p.node ?? ''}|${p.edge ?? ''}|${p.message}`);
    expect(msgs.some((m) => m.startsWith('q||') && m.includes('unknown op "ad"'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('r||') && m.includes('unknown attr "alhpa"'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('r|1|') && m.includes('two incoming edges (edges 0 and 1)'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('r|2|') && m.includes('no port "c"'))).toBe(true);
    expect(msgs.some((m) => m.includes('|3|') && m.includes('"ghost" does not exist'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('r||') && m.includes('port "b"') && m.includes('not connected'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('s||') && m.includes('not connected'))).toBe(true);
    expect(msgs.some((m) => m.includes('output node "nope"'))).toBe(true);
  });

  it('names the node and both shapes on a shape mismatch', () => {
    const d = doc(
      [
        { id: 'a', op: 'input', attrs: { value: [1, 2] } },
        { id: 'b', op: 'input', attrs: { value: [1, 2, 3] } },
        { id: 's', op: 'add' },
      ],
      [
        { from: 'a', to: 's', port: 'a' },
        { from: 'b', to: 's', port: 'b' },
      ],
      's',
    );
    const [p] = diagnose(d);
    expect(p.node).toBe('s');
    expect(p.message).toContain('[2]');
    expect(p.message).toContain('[3]');
  });

  it('refuses absurd tensor sizes before allocating', () => {
    const d = doc([{ id: 'w', op: 'param', attrs: { shape: [1_000_000, 1_000_000] } }], [], 'w');
    const [p] = diagnose(d);
    expect(p.node).toBe('w');
    expect(p.message).toMatch(/elements; the limit is/);
  });

  it('reuses one plan per set of feed shapes', () => {
    const d = doc(
      [
        { id: 'x', op: 'input', attrs: { bind: 'features' } },
        { id: 'y', op: 'relu' },
      ],
      [{ from: 'x', to: 'y', port: 'x' }],
      'y',
    );
    const s = new Session(d, createCpuBackend(), { feedShapes: { x: [4, 3] } });
    const feed = (n: number) => ({ x: { shape: [n, 3], data: new Float32Array(n * 3) } });
    const r1 = s.run({ feeds: feed(4) });
    const r2 = s.run({ feeds: feed(4) });
    const r3 = s.run({ feeds: feed(5) });
    expect(r1.plan).toBe(r2.plan);
    expect(r3.plan).not.toBe(r1.plan);
    expect(r3.output.shape).toEqual([5, 3]);
    // A declared shape is a promise: feeding another one is an error naming both.
    const fixed = doc([{ id: 'x', op: 'input', attrs: { shape: [2, 3] } }, { id: 'y', op: 'relu' }], [{ from: 'x', to: 'y', port: 'x' }], 'y');
    expect(() => new Session(fixed, createCpuBackend()).run({ feeds: feed(4) })).toThrow(/\[4, 3\].*\[2, 3\]/);
  });

  it('initialises params reproducibly from the seed and the id', async () => {
    const d = doc([{ id: 'w', op: 'param', attrs: { shape: [3, 4], init: 'he_normal' } }], [], 'w');
    const read = async (seed: number) => {
      const s = new Session(d, createCpuBackend(), { seed });
      return [...(await s.backend.download(s.param('w')))];
    };
    expect(await read(1)).toEqual(await read(1));
    expect(await read(1)).not.toEqual(await read(2));
  });
});

import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { loadMnistRaw } from '../../core/cli/digits-loader.js';
import { compileStructure, diagnose } from '../../core/engine/compile.js';
import { Session } from '../../core/engine/executor.js';
import { loadGraphText } from '../../core/graph/load.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { writeGraph } from '../../core/graph/write.js';
import { findBindings, sliceBatch } from '../../core/train/batches.js';
import { createTrainer } from '../../core/train/trainer.js';
import { exampleNames, exampleText, loadExample } from './example-helpers.js';

const EXPECTED = [
  'add-mul.bpgraph',
  'digits-mlp.bpgraph',
  'gate-patterns.bpgraph',
  'init-he.bpgraph',
  'init-small.bpgraph',
  'init-xavier.bpgraph',
  'sigmoid-neuron.bpgraph',
  'spiral-relu-net.bpgraph',
  'spiral-softmax.bpgraph',
  'xor-mlp.bpgraph',
];

const isBound = (doc: GraphDoc) => doc.nodes.some((n) => n.attrs?.['bind'] !== undefined);

/** Values and gradients of one forward/backward pass, by node id (bound inputs get the first batch). */
async function runOnce(doc: GraphDoc): Promise<{ value: Map<string, number[]>; grad: Map<string, number[]> }> {
  const backend = createCpuBackend();
  let session: Session;
  let feeds = {};
  let dispose: () => void;
  if (isBound(doc)) {
    const digits = (doc.training?.['dataset'] as { name?: string } | undefined)?.name === 'digits';
    const trainer = createTrainer(doc, backend, digits ? { digitsRaw: await loadMnistRaw() } : {});
    session = trainer.session;
    feeds = sliceBatch(findBindings(compileStructure(doc)), trainer.train, 0, trainer.batchSize).feeds;
    dispose = () => trainer.dispose();
  } else {
    session = new Session(doc, backend);
    dispose = () => session.dispose();
  }
  const r = session.run({ feeds });
  const value = new Map<string, number[]>();
  const grad = new Map<string, number[]>();
  for (const n of r.plan.nodes) {
    const v = r.value(n.id);
    if (!v) throw new Error(`node ${n.id} was not computed`);
    value.set(n.id, Array.from(backend.readSync(v)));
    const g = r.grad(n.id);
    if (g) grad.set(n.id, Array.from(backend.readSync(g)));
  }
  r.release();
  dispose();
  return { value, grad };
}

const round2 = (x: number | undefined) => Number((x ?? NaN).toFixed(2));

describe('example graphs', () => {
  it('are all there', () => {
    expect(exampleNames()).toEqual(EXPECTED);
  });

  it.each(EXPECTED)('%s loads, is canonical, and has a name, a description and a layout', (name) => {
    const text = exampleText(name);
    const r = loadGraphText(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(writeGraph(r.doc)).toBe(text);
    expect(typeof r.doc.meta?.['name']).toBe('string');
    expect(String(r.doc.meta?.['description']).length).toBeGreaterThan(40);
    const places = new Set<string>();
    for (const n of r.doc.nodes) {
      expect(typeof n.ui?.['x'], n.id).toBe('number');
      expect(typeof n.ui?.['y'], n.id).toBe('number');
      places.add(`${String(n.ui?.['x'])},${String(n.ui?.['y'])}`);
    }
    // No two nodes on top of each other.
    expect(places.size).toBe(r.doc.nodes.length);
  });

  it.each(EXPECTED)('%s compiles and runs forward and backward with finite numbers', async (name) => {
    const doc = loadExample(name);
    if (!isBound(doc)) expect(diagnose(doc)).toEqual([]);
    const { value, grad } = await runOnce(doc);
    expect(value.get(doc.output)).toBeDefined();
    expect(grad.get(doc.output)?.every((g) => g === 1)).toBe(true);
    for (const [id, v] of value) expect(v.every(Number.isFinite), id).toBe(true);
    for (const [id, g] of grad) expect(g.every(Number.isFinite), id).toBe(true);
  });

  it('add-mul: f = -12; x and y get -4, z gets 3', async () => {
    const { value, grad } = await runOnce(loadExample('add-mul'));
    expect(value.get('f')).toEqual([-12]);
    expect(value.get('q')).toEqual([3]);
    expect([grad.get('x'), grad.get('y'), grad.get('z'), grad.get('q')]).toEqual([[-4], [-4], [3], [-4]]);
  });

  it('sigmoid-neuron: output 0.73; w0 -0.2, x0 0.39, w1 -0.39, x1 -0.59, w2 0.2', async () => {
    const { value, grad } = await runOnce(loadExample('sigmoid-neuron'));
    expect(round2(value.get('f')?.[0])).toBe(0.73);
    expect(value.get('dot')).toEqual([1]);
    const g = (id: string) => round2(grad.get(id)?.[0]);
    expect([g('w0'), g('x0'), g('w1'), g('x1'), g('w2')]).toEqual([-0.2, 0.39, -0.39, -0.59, 0.2]);
    // The gates' local steps of the lecture: 1/x gives -0.53, exp scales it to -0.2, neg flips it.
    expect([g('plus1'), g('exp'), g('neg'), g('dot')]).toEqual([-0.53, -0.53, -0.2, 0.2]);
  });

  it('gate-patterns: add distributes, mul swaps, max routes, copy adds', async () => {
    const { value, grad } = await runOnce(loadExample('gate-patterns'));
    expect(value.get('f')).toEqual([-17]);
    const g = (id: string) => grad.get(id)?.[0];
    expect([g('xy'), g('m')]).toEqual([2, 2]);
    expect(g('y')).toBe(6);
    expect([g('z'), g('w')]).toEqual([2, 0]);
    expect(g('x')).toBe(-8 + 1);
  });
});

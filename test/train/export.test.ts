/** Saving a trained graph: params and running statistics go into attrs, nothing else changes. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { parseTensorLiteral } from '../../core/graph/literal.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { createTrainer } from '../../core/train/trainer.js';
import { batchnormNet, mlp } from './graphs.js';

const backend = createCpuBackend({ precision: 'float32' });
const attrsOf = (doc: GraphDoc, id: string) => doc.nodes.find((n) => n.id === id)?.attrs ?? {};

describe('exportGraph', () => {
  it('stores every trained param, base64 when large, and the reloaded graph computes the same loss', async () => {
    const doc = mlp({ sizes: [2, 100, 3], training: { dataset: { name: 'spiral' }, epochs: 3, seed: 2, optimizer: { type: 'adam', lr: 0.01 } } });
    const withUi: GraphDoc = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, ui: { x: 1, y: 2 } })) };
    const t = createTrainer(withUi, backend);
    await t.run();
    const out = await t.exportGraph();

    const { params } = await t.session.exportState();
    for (const [id, p] of params) {
      const value = attrsOf(out, id)['value'];
      expect(parseTensorLiteral(value)).toEqual({ shape: p.shape, data: p.data });
      expect(attrsOf(out, id)['init']).toBe(attrsOf(doc, id)['init']);
    }
    expect(attrsOf(out, 'W1')['value']).toMatchObject({ shape: [2, 100], dtype: 'float32' });
    expect(Array.isArray(attrsOf(out, 'b2')['value'])).toBe(true);
    // Untouched: the document passed in, and every field but param attrs.
    expect(attrsOf(withUi, 'W1')['value']).toBeUndefined();
    expect(out.training).toBe(withUi.training);
    expect(out.edges).toBe(withUi.edges);
    expect(out.meta).toBe(withUi.meta);
    expect(out.nodes.map((n) => n.ui)).toEqual(withUi.nodes.map((n) => n.ui));
    expect(out.nodes.find((n) => n.id === 'loss')).toBe(withUi.nodes.find((n) => n.id === 'loss'));

    const reloaded = createTrainer(out, backend);
    expect(await reloaded.evaluate('train')).toEqual(await t.evaluate('train'));
  });

  it('stores batchnorm running statistics, which eval mode then uses', async () => {
    const doc = batchnormNet({ dataset: { name: 'spiral' }, batchSize: 50, epochs: 2, predictions: 'logits', optimizer: { lr: 0.1, momentum: 0.9 } });
    const t = createTrainer(doc, backend);
    await t.run();
    const out = await t.exportGraph();
    const bn = attrsOf(out, 'bn');
    const mean = parseTensorLiteral(bn['running_mean']);
    const variance = parseTensorLiteral(bn['running_var']);
    expect(mean.shape).toEqual([16]);
    expect(mean.data.some((v) => v !== 0)).toBe(true);
    expect(variance.data.some((v) => v !== 1)).toBe(true);
    expect(bn['momentum']).toBeUndefined();
    expect(await createTrainer(out, backend).evaluate('train')).toEqual(await t.evaluate('train'));
  });
});

/** The editor's gradient check through the worker's protocol (comlink over a Node MessageChannel, structured cloning included). */
import { describe, expect, it } from 'vitest';
import { engineChannels } from './engine-channel.js';
import type { GraphDoc } from '../../core/graph/types.js';
import { example } from './helpers.js';

const connect = engineChannels();

/** `op` applied to an input holding `value`: sqrt and log of 0 have an infinite gradient there. */
function unaryAt(op: string, value: number): GraphDoc {
  return {
    format: 'backprop-studio/graph',
    version: 1,
    nodes: [{ id: 'x', op: 'input', attrs: { value } }, { id: 'g', op }],
    edges: [{ from: 'x', to: 'g', port: 'x' }],
    output: 'g',
  };
}

describe('gradcheck in the engine worker', () => {
  it('passes every param and input of the sigmoid neuron', async () => {
    const api = connect();
    await api.setDocument(example('sigmoid-neuron.bpgraph'));
    const r = await api.gradcheck();
    if (!r.ok) throw new Error(r.message);
    expect(r.pass).toBe(true);
    expect(r.rows.map((n) => n.id).sort()).toEqual(['w0', 'w1', 'w2', 'x0', 'x1']);
    for (const row of r.rows) {
      expect(row.pass).toBe(true);
      expect(row.relError).toBeLessThan(1e-6);
      expect(row.worst?.analytic).toBeCloseTo(row.worst?.numeric ?? NaN, 6);
    }
  });

  it.each(['sqrt', 'log'])('fails %s of 0, whose gradient is not finite', async (op) => {
    const api = connect();
    await api.setDocument(unaryAt(op, 0));
    const r = await api.gradcheck();
    if (!r.ok) throw new Error(r.message);
    expect(r.pass).toBe(false);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ id: 'x', pass: false, relError: Infinity });
    expect(r.rows[0].nonFinite).toMatch(/analytic gradient is (Infinity|NaN)/);
  });

  it('feeds dataset-bound inputs a few rows, as bpstudio gradcheck does', async () => {
    const api = connect();
    await api.setDocument(example('xor-mlp.bpgraph'));
    const r = await api.gradcheck();
    if (!r.ok) throw new Error(r.message);
    expect(r.rows.some((n) => n.op === 'param')).toBe(true);
    expect(r.rows.every((n) => n.checked > 0)).toBe(true);
  });

  it('says why a broken graph cannot be checked', async () => {
    const api = connect();
    await api.setDocument({ ...unaryAt('sqrt', 1), output: 'nope' });
    const r = await api.gradcheck();
    expect(r.ok).toBe(false);
  });
});

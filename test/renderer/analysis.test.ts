import { describe, expect, it } from 'vitest';
import { analyze } from '../../renderer/model/analysis.js';
import { docOf, example } from './helpers.js';

describe('live analysis', () => {
  it('infers shapes of a valid graph', () => {
    const a = analyze(example('add-mul.bpgraph'));
    expect(a.problems).toEqual([]);
    expect(a.shapes.get('f')).toEqual([]);
  });

  it('infers shapes of dataset-bound inputs from the training block', () => {
    const a = analyze(example('xor-mlp.bpgraph'));
    expect(a.problems).toEqual([]);
    expect(a.shapes.get('X')).toEqual([4, 2]);
    expect(a.shapes.get('h1')).toEqual([4, 8]);
    const digits = analyze(example('digits-mlp.bpgraph'));
    expect(digits.problems).toEqual([]);
    expect(digits.shapes.get('X')?.[1]).toBe(196);
  });

  it('locates problems on the nodes and edges core names', () => {
    const doc = docOf(
      JSON.stringify({
        format: 'backprop-studio/graph',
        version: 1,
        nodes: [
          { id: 'a', op: 'input', attrs: { value: [1, 2] } },
          { id: 'b', op: 'input', attrs: { value: [1, 2, 3] } },
          { id: 's', op: 'add' },
          { id: 't', op: 'neg' },
        ],
        edges: [
          { from: 'a', to: 's', port: 'a' },
          { from: 'b', to: 's', port: 'b' },
          { from: 'a', to: 't', port: 'y' },
        ],
        output: 's',
      }),
    );
    const a = analyze(doc);
    expect(a.nodeProblems.get('t')?.join()).toMatch(/no port "y"/);
    expect(a.edgeProblems.get('a->t.y')?.join()).toMatch(/no port "y"/);
    expect(a.shapes.size).toBe(0);
    const fixed = analyze({ ...doc, nodes: doc.nodes.filter((n) => n.id !== 't'), edges: doc.edges.slice(0, 2) });
    expect(fixed.nodeProblems.get('s')?.join()).toMatch(/\[2\].*\[3\]/);
  });

  it('lists shape problems elsewhere while a node is not wired yet', () => {
    const base = example('add-mul.bpgraph');
    const doc = {
      ...base,
      nodes: [
        ...base.nodes.map((n) => (n.id === 'x' ? { ...n, attrs: { value: [1, 2, 3] } } : n.id === 'y' ? { ...n, attrs: { value: [1, 2] } } : n)),
        { id: 'dropout1', op: 'dropout' },
      ],
    };
    const a = analyze(doc);
    expect(a.nodeProblems.get('dropout1')?.join()).toMatch(/missing input/);
    expect(a.nodeProblems.get('q')?.join()).toMatch(/\[3\].*\[2\]/);
    expect(a.problems).toHaveLength(2);
  });

  it('finds nothing wrong with a new, empty document', () => {
    expect(analyze({ format: 'backprop-studio/graph', version: 1, nodes: [], edges: [], output: '' }).problems).toEqual([]);
  });
});

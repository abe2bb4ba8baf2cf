import elkBundled from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { moveNodes } from '../../renderer/model/doc-edit.js';
import { needsLayout, positionsFromElk, toElkGraph } from '../../renderer/model/layout-graph.js';
import { docOf, example } from './helpers.js';

describe('automatic layout input and output', () => {
  it('lays a graph without positions out left to right with ELK', async () => {
    const base = example('gate-patterns.bpgraph');
    const doc = { ...base, nodes: base.nodes.map(({ ui: _ui, ...n }) => n) };
    expect(needsLayout(doc)).toBe(true);
    // The bundled build runs ELK in-process here; the app runs the same algorithm in a worker.
    // (It is CommonJS: under NodeNext the default import is module.exports, whose `default` is itself.)
    const laid = await new elkBundled.default().layout(toElkGraph(doc, new Map()));
    const positions = positionsFromElk(doc, laid);
    expect(positions.size).toBe(doc.nodes.length);
    const x = (id: string) => positions.get(id)?.x ?? NaN;
    expect(x('x')).toBeLessThan(x('xy'));
    expect(x('xy')).toBeLessThan(x('s'));
    expect(x('s')).toBeLessThan(x('d'));
    expect(Math.min(...[...positions.values()].map((p) => p.x))).toBe(40);
    expect(needsLayout(moveNodes(doc, positions))).toBe(false);
  });

  it('leaves out edges that name missing nodes or ports', () => {
    const doc = docOf(
      JSON.stringify({
        format: 'backprop-studio/graph',
        version: 1,
        nodes: [{ id: 'a', op: 'input', attrs: { value: 1 } }, { id: 'b', op: 'neg' }],
        edges: [
          { from: 'a', to: 'b', port: 'x' },
          { from: 'a', to: 'b', port: 'nope' },
          { from: 'ghost', to: 'b', port: 'x' },
        ],
        output: 'b',
      }),
    );
    expect(toElkGraph(doc, new Map()).edges).toEqual([{ id: 'e0', sources: ['n0o'], targets: ['n1p0'] }]);
    expect(needsLayout(example('add-mul.bpgraph'))).toBe(false);
  });
});

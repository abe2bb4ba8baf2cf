import { describe, expect, it } from 'vitest';
import { writeGraph } from '../../core/graph/write.js';
import { moveNodes } from '../../renderer/model/doc-edit.js';
import { FlowCache, positionsFromFlow } from '../../renderer/model/flow.js';
import { docOf, example, exampleTexts } from './helpers.js';

describe('GraphDoc ↔ canvas', () => {
  it.each(exampleTexts())('$name: load → canvas → document writes the file unchanged', ({ text }) => {
    const doc = docOf(text);
    const cache = new FlowCache();
    const nodes = cache.nodes(doc, new Set(), new Map());
    const edges = cache.edges(doc, new Set());
    expect(nodes).toHaveLength(doc.nodes.length);
    expect(edges.map((e) => [e.source, e.target, e.targetHandle])).toEqual(doc.edges.map((e) => [e.from, e.to, e.port]));
    const back = moveNodes(doc, positionsFromFlow(nodes));
    expect(back).toBe(doc);
    expect(writeGraph(back)).toBe(text);
  });

  it('keeps unknown fields through an edit', () => {
    const text = writeGraph({
      format: 'backprop-studio/graph',
      version: 1,
      nodes: [{ id: 'a', op: 'input', attrs: { value: 1 }, ui: { x: 1, y: 2, color: 'red' }, extra: { note: 'kept' } }],
      edges: [],
      output: 'a',
      extra: { future: { field: true } },
    });
    const doc = docOf(text);
    const moved = moveNodes(doc, new Map([['a', { x: 10, y: 20 }]]));
    expect(writeGraph(moved)).toBe(text.replace('"x": 1, "y": 2', '"x": 10, "y": 20'));
  });

  it('rebuilds only the flow nodes whose document node or selection changed', () => {
    const doc = example('gate-patterns.bpgraph');
    const cache = new FlowCache();
    const first = cache.nodes(doc, new Set(), new Map());
    const moved = moveNodes(doc, new Map([['m', { x: 210, y: 140 }]]));
    const second = cache.nodes(moved, new Set(['x']), new Map());
    const changed = second.filter((n, i) => n !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['x', 'm']);
    expect(second.find((n) => n.id === 'm')?.position).toEqual({ x: 210, y: 140 });
    expect(second.find((n) => n.id === 'x')?.selected).toBe(true);
    const edgesA = cache.edges(doc, new Set());
    const edgesB = cache.edges(moved, new Set());
    expect(edgesB.every((e, i) => e === edgesA[i])).toBe(true);
  });

  it('marks the output node and gives nodes without positions a provisional place', () => {
    const doc = docOf(
      JSON.stringify({
        format: 'backprop-studio/graph',
        version: 1,
        nodes: [
          { id: 'a', op: 'input', attrs: { value: 1 } },
          { id: 'b', op: 'neg' },
        ],
        edges: [{ from: 'a', to: 'b', port: 'x' }],
        output: 'b',
      }),
    );
    const nodes = new FlowCache().nodes(doc, new Set(), new Map());
    expect(nodes.map((n) => n.data.isOutput)).toEqual([false, true]);
    expect(nodes[0].position).not.toEqual(nodes[1].position);
  });
});

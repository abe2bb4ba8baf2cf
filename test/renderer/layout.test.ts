import elkBundled from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { moveNodes } from '../../renderer/model/doc-edit.js';
import { fitZoom, needsLayout, positionsFromElk, toElkGraph, wrapFor } from '../../renderer/model/layout-graph.js';
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

  it('wraps a chain too wide for the canvas onto rows, and leaves a graph that reads well as it is', async () => {
    // The canvas of a 1280×800 window with the palette, the inspector and the training panel open.
    const view = { width: 752, height: 436 };
    const elk = new elkBundled.default();
    const sizeOf = (n: { width?: number; height?: number }) => ({ width: n.width ?? 0, height: n.height ?? 0 });
    const xor = example('xor-mlp.bpgraph');
    const flat = sizeOf(await elk.layout(toElkGraph(xor, new Map())));
    const wrap = wrapFor(flat, view);
    expect(wrap?.['elk.layered.wrapping.strategy']).toBe('MULTI_EDGE');
    const wrapped = sizeOf(await elk.layout(toElkGraph(xor, new Map(), wrap)));
    expect(fitZoom(wrapped, view)).toBeGreaterThan(fitZoom(flat, view) * 1.2);
    // (x + y) z fits at a readable zoom unwrapped; a tall graph would not get readable by wrapping.
    expect(wrapFor(sizeOf(await elk.layout(toElkGraph(example('add-mul.bpgraph'), new Map()))), view)).toBeUndefined();
    expect(wrapFor({ width: 400, height: 2000 }, view)).toBeUndefined();
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

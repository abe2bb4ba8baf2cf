import { describe, expect, it } from 'vitest';
import { benchGraph } from '../../bench/editor-graph.js';
import { diagnose } from '../../core/engine/compile.js';
import { loadGraphText } from '../../core/graph/load.js';

// The editor benchmark's graph must stay what its report says: exactly N nodes, valid, with or without positions.
describe('editor benchmark graph', () => {
  it.each([200, 777, 1000])('%i nodes, valid, about 1.6 edges per node', (n) => {
    const g = benchGraph(n, true);
    const r = loadGraphText(g.text);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(r.doc.nodes).toHaveLength(n);
    expect(g.nodes).toBe(n);
    expect(g.edges).toBe(r.doc.edges.length);
    expect(g.edges / n).toBeGreaterThan(1.4);
    expect(g.edges / n).toBeLessThan(1.8);
    expect(diagnose(r.doc)).toEqual([]);
    expect(r.doc.nodes.every((node) => typeof node.ui?.['x'] === 'number' && typeof node.ui?.['y'] === 'number')).toBe(true);
  });

  it('leaves positions out on request, and is otherwise the same graph', () => {
    const a = loadGraphText(benchGraph(1000, true).text);
    const b = loadGraphText(benchGraph(1000, false).text);
    if (!a.ok || !b.ok) throw new Error('benchmark graph did not load');
    expect(b.doc.nodes.every((node) => node.ui === undefined)).toBe(true);
    expect(b.doc.nodes.map((node) => node.id)).toEqual(a.doc.nodes.map((node) => node.id));
    expect(b.doc.edges).toEqual(a.doc.edges);
  });

  it('refuses sizes it cannot build', () => {
    expect(() => benchGraph(50, true)).toThrow(/at least 200/);
  });
});

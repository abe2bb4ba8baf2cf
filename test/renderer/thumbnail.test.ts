import { describe, expect, it } from 'vitest';
import { graphThumbnail } from '../../renderer/model/thumbnail.js';
import { docOf, example, exampleTexts } from './helpers.js';

describe('gallery thumbnails', () => {
  it('draws f = (x + y) z as five boxes at their positions, coloured by category, and four wires port to port', () => {
    const t = graphThumbnail(example('add-mul.bpgraph'), 20);
    const byId = new Map(t.boxes.map((b) => [b.id, b]));
    expect([...byId.keys()].sort()).toEqual(['f', 'q', 'x', 'y', 'z']);
    const x = byId.get('x');
    const q = byId.get('q');
    expect(x).toMatchObject({ x: 40, y: 40, width: 120, category: 'sources' });
    expect(q?.category).toBe('binary');
    expect(t.wires).toHaveLength(4);
    // x → q.a leaves x's right edge at its header's middle and enters q's left edge at port a's row (the first).
    const m = /^M([\d.]+) ([\d.]+)C.* ([\d.]+) ([\d.]+)$/.exec(t.wires[0]);
    expect(m?.slice(1).map(Number)).toEqual([x!.x + 120, x!.y + 12, q!.x, q!.y + 24 + 8]);
    // The view box holds every box with the margin around it.
    const [minX, minY, w, h] = t.viewBox.split(' ').map(Number);
    for (const b of t.boxes) {
      expect(b.x - minX).toBeGreaterThanOrEqual(20);
      expect(b.y - minY).toBeGreaterThanOrEqual(20);
      expect(minX + w - (b.x + b.width)).toBeGreaterThanOrEqual(20);
      expect(minY + h - (b.y + b.height)).toBeGreaterThanOrEqual(20);
    }
    expect(Math.min(...t.boxes.map((b) => b.x)) - minX).toBe(20);
  });

  it('enters the second port lower than the first', () => {
    const t = graphThumbnail(example('add-mul.bpgraph'));
    const endY = (i: number) => Number(t.wires[i].split(' ').at(-1));
    const doc = example('add-mul.bpgraph');
    const a = doc.edges.findIndex((e) => e.to === 'q' && e.port === 'a');
    const b = doc.edges.findIndex((e) => e.to === 'q' && e.port === 'b');
    expect(endY(b) - endY(a)).toBe(16);
  });

  it('puts nodes without positions on a grid, and marks unknown ops', () => {
    const doc = docOf(
      JSON.stringify({ format: 'backprop-studio/graph', version: 1, nodes: [{ id: 'a', op: 'input' }, { id: 'b', op: 'exp' }], edges: [{ from: 'a', to: 'b', port: 'x' }], output: 'b' }),
    );
    const t = graphThumbnail(doc, 10);
    expect(t.boxes.map((b) => [b.x, b.y])).toEqual([
      [0, 0],
      [170, 0],
    ]);
    expect(t.viewBox.startsWith('-10 -10 ')).toBe(true);
    expect(graphThumbnail({ ...doc, nodes: [{ id: 'q', op: 'no_such_op' }], edges: [] }).boxes[0].category).toBe('unknown');
  });

  it('draws every example, one box per node and one wire per edge', () => {
    for (const { name, text } of exampleTexts()) {
      const doc = docOf(text);
      const t = graphThumbnail(doc);
      expect(t.boxes, name).toHaveLength(doc.nodes.length);
      expect(t.wires, name).toHaveLength(doc.edges.length);
      expect(t.wires.every((d) => !d.includes('NaN')), name).toBe(true);
    }
  });

  it('gives an empty graph an empty picture', () => {
    const t = graphThumbnail({ ...example('add-mul.bpgraph'), nodes: [], edges: [] }, 5);
    expect(t).toEqual({ viewBox: '0 0 10 10', boxes: [], wires: [] });
  });
});

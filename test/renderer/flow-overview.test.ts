import { describe, expect, it } from 'vitest';
import { FlowCache } from '../../renderer/model/flow.js';
import { example } from './helpers.js';

// Far out on a big graph the canvas hides React Flow's edges and draws the wires itself (WireOverview).
describe('hidden edges for the far-out overview', () => {
  it('marks every edge hidden, and only then', () => {
    const doc = example('gate-patterns.bpgraph');
    const cache = new FlowCache();
    expect(cache.edges(doc, new Set()).some((e) => e.hidden)).toBe(false);
    expect(cache.edges(doc, new Set(), true).every((e) => e.hidden === true)).toBe(true);
    expect(cache.edges(doc, new Set(), false).some((e) => e.hidden)).toBe(false);
  });

  it('reuses edge objects while neither the edge, its selection nor the mode changes', () => {
    const doc = example('gate-patterns.bpgraph');
    const cache = new FlowCache();
    const first = cache.edges(doc, new Set(), true);
    expect(cache.edges(doc, new Set(), true)).toEqual(first);
    expect(cache.edges(doc, new Set(), true).every((e, i) => e === first[i])).toBe(true);
    const shown = cache.edges(doc, new Set(), false);
    expect(shown.every((e, i) => e !== first[i])).toBe(true);
    expect(shown.map((e) => e.id)).toEqual(first.map((e) => e.id));
  });
});

import { describe, expect, it } from 'vitest';
import { FlowCache } from '../../renderer/model/flow.js';
import { example } from './helpers.js';

// Big graphs re-render edges often (selection, the far-out overview switching on and off): unchanged ones are reused.
describe('flow edges', () => {
  it('are the same objects while neither the edge nor its selection changes', () => {
    const doc = example('gate-patterns.bpgraph');
    const cache = new FlowCache();
    const first = cache.edges(doc, new Set());
    expect(cache.edges(doc, new Set()).every((e, i) => e === first[i])).toBe(true);
    const picked = first[1]?.id ?? '';
    const next = cache.edges(doc, new Set([picked]));
    expect(next.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(next.filter((e, i) => e !== first[i]).map((e) => e.id)).toEqual([picked]);
    expect(next.find((e) => e.id === picked)?.selected).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { cycleThrough } from '../../renderer/model/graph-queries.js';
import { connectPorts } from '../../renderer/store/edit-actions.js';
import { createAppStore } from '../../renderer/store/store.js';
import { example } from './helpers.js';

describe('connecting ports', () => {
  it('refuses an edge that closes a cycle and says through which nodes', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().dispatch({ kind: 'delete', nodes: [], edges: ['x->q.a'] });
    const before = store.getState().doc;
    expect(connectPorts(store, 'f', 'q', 'a')).toBe(false);
    expect(store.getState().doc).toBe(before);
    expect(store.getState().toasts.map((t) => t.text)).toContain('refused: would create a cycle q → f → q');
  });

  it('refuses a self-loop', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().dispatch({ kind: 'delete', nodes: [], edges: ['x->q.a'] });
    expect(connectPorts(store, 'q', 'q', 'a')).toBe(false);
    expect(store.getState().toasts.at(-1)?.text).toBe('refused: would create a cycle q → q');
  });

  it('refuses a second edge into a port', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    expect(connectPorts(store, 'z', 'q', 'a')).toBe(false);
    expect(store.getState().toasts.at(-1)?.text).toBe('refused: port a of q is already connected (from x)');
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('refuses unknown ports and nodes', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    expect(connectPorts(store, 'x', 'f', 'c')).toBe(false);
    expect(store.getState().toasts.at(-1)?.text).toBe('refused: mul has no port "c" (its ports: a, b)');
    expect(connectPorts(store, 'nope', 'f', 'a')).toBe(false);
  });

  it('moves the output downstream when the output starts feeding a node', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().dispatch({ kind: 'add-node', op: 'exp', at: { x: 520, y: 40 } });
    expect(connectPorts(store, 'f', 'exp1', 'x')).toBe(true);
    expect(store.getState().doc.output).toBe('exp1');
    store.getState().undo();
    expect(store.getState().doc.output).toBe('f');
  });

  it('finds the shortest cycle path', () => {
    const doc = example('gate-patterns.bpgraph');
    expect(cycleThrough(doc, 'f', 'x')).toEqual(['x', 'f', 'x']);
    expect(cycleThrough(doc, 'd', 'xy')).toEqual(['xy', 's', 'd', 'xy']);
    expect(cycleThrough(doc, 'x', 'f')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { parseFragment } from '../../renderer/model/fragment.js';
import { copySelection, cutSelection, duplicateSelection, paste } from '../../renderer/store/edit-actions.js';
import { createAppStore } from '../../renderer/store/store.js';
import { example } from './helpers.js';

describe('copy, paste, duplicate, cut', () => {
  it('pastes copies with fresh ids (op name + number) and rewires the edges among them', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['x', 'y', 'q']);
    copySelection(store);
    const created = paste(store);
    expect(created).toEqual(['input1', 'input2', 'add1']);
    const doc = store.getState().doc;
    const copies = doc.edges.filter((e) => created.includes(e.to));
    expect(copies).toEqual([
      { from: 'input1', to: 'add1', port: 'a' },
      { from: 'input2', to: 'add1', port: 'b' },
    ]);
    expect(doc.nodes.find((n) => n.id === 'input1')).toEqual({ id: 'input1', op: 'input', attrs: { value: -2 }, ui: { x: 80, y: 80 } });
    expect(store.getState().selection.nodes).toEqual(new Set(created));
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('cascades repeated pastes instead of stacking them', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['f']);
    copySelection(store);
    const [a] = paste(store);
    const [b] = paste(store);
    const ui = (id: string) => store.getState().doc.nodes.find((n) => n.id === id)?.ui;
    expect([a, b]).toEqual(['mul1', 'mul2']);
    expect(ui(a)).toEqual({ x: 400, y: 80 });
    expect(ui(b)).toEqual({ x: 440, y: 120 });
  });

  it('pastes at a point', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['x', 'y']);
    copySelection(store);
    const created = paste(store, { x: 500, y: 500 });
    const pos = created.map((id) => store.getState().doc.nodes.find((n) => n.id === id)?.ui);
    expect(pos).toEqual([{ x: 500, y: 500 }, { x: 500, y: 590 }]);
  });

  it('duplicates in one step without touching the clipboard', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['q']);
    expect(duplicateSelection(store)).toEqual(['add1']);
    expect(store.getState().clipboard).toBeNull();
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('cut removes the nodes and their edges in one step; paste brings copies back', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['q']);
    cutSelection(store);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['x', 'y', 'z', 'f']);
    expect(store.getState().doc.edges).toEqual([{ from: 'z', to: 'f', port: 'b' }]);
    expect(paste(store)).toEqual(['add1']);
    expect(store.getState().history.past).toHaveLength(2);
  });

  it('reads a fragment back from clipboard text and ignores anything else', () => {
    const store = createAppStore(example('add-mul.bpgraph'));
    store.getState().select(['x', 'q']);
    const f = copySelection(store);
    expect(parseFragment(JSON.stringify(f))).toEqual(f);
    expect(parseFragment('hello')).toBeUndefined();
    expect(parseFragment('{"kind":"other","nodes":[],"edges":[]}')).toBeUndefined();
  });
});

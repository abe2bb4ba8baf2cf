/** The selection slice: selected node ids and canvas edge ids. Never part of undo history. */
import type { StateCreator } from 'zustand/vanilla';
import { edgeIds } from '../model/graph-queries.js';
import type { AppState, SelectionSlice } from './types.js';

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selection: { nodes: new Set(), edges: new Set() },

  select(nodes, edges = []) {
    set({ selection: { nodes: new Set(nodes), edges: new Set(edges) } });
  },

  changeSelection(changes) {
    if (changes.length === 0) return;
    const sel = get().selection;
    const nodes = new Set(sel.nodes);
    const edges = new Set(sel.edges);
    for (const c of changes) {
      const target = c.edge ? edges : nodes;
      if (c.selected) target.add(c.id);
      else target.delete(c.id);
    }
    const same = nodes.size === sel.nodes.size && edges.size === sel.edges.size && [...nodes].every((id) => sel.nodes.has(id)) && [...edges].every((id) => sel.edges.has(id));
    if (!same) set({ selection: { nodes, edges } });
  },

  selectAll() {
    const doc = get().doc;
    set({ selection: { nodes: new Set(doc.nodes.map((n) => n.id)), edges: new Set(edgeIds(doc.edges)) } });
  },

  clearSelection() {
    const sel = get().selection;
    if (sel.nodes.size || sel.edges.size) set({ selection: { nodes: new Set(), edges: new Set() } });
  },
});

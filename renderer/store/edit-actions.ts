/**
 * Editing gestures built from commands: add, connect, delete, copy, cut,
 * paste, duplicate, nudge. Each dispatches at most one recorded command, so
 * each is one undo step; selection follows what was created.
 */
import { positionOf, provisionalPosition, type XY } from '../model/doc-edit.js';
import { copyFragment, type Fragment } from '../model/fragment.js';
import type { AppStore } from './store.js';

/** How far a paste or duplicate lands from the original. */
export const PASTE_OFFSET: XY = { x: 40, y: 40 };
/** Arrow keys move by this; with Shift by BIG_NUDGE (both multiples of the snap grid). */
export const NUDGE = 10;
export const BIG_NUDGE = 50;

/** Adds `op` at `at` (flow coordinates) and selects it; returns the new id. */
export function addOp(store: AppStore, op: string, at: XY): string | undefined {
  const s = store.getState();
  const r = s.dispatch({ kind: 'add-node', op, at });
  const id = r.ok ? r.created?.[0] : undefined;
  if (id) s.select([id]);
  return id;
}

/** Wires `from` into `to.port`; a refusal shows its reason. */
export function connectPorts(store: AppStore, from: string, to: string, port: string): boolean {
  return store.getState().dispatch({ kind: 'connect', from, to, port }).ok;
}

export function deleteSelection(store: AppStore): boolean {
  const s = store.getState();
  const { nodes, edges } = s.selection;
  if (nodes.size === 0 && edges.size === 0) return false;
  return s.dispatch({ kind: 'delete', nodes: [...nodes], edges: [...edges] }).ok;
}

/** Puts the selected nodes (and the edges among them) on the clipboard; returns the fragment. */
export function copySelection(store: AppStore): Fragment | undefined {
  const s = store.getState();
  const fragment = copyFragment(s.doc, s.selection.nodes);
  if (fragment) s.setClipboard(fragment);
  else s.toast('info', 'select nodes to copy them');
  return fragment;
}

export function cutSelection(store: AppStore): Fragment | undefined {
  const fragment = copySelection(store);
  if (fragment) store.getState().dispatch({ kind: 'delete', nodes: fragment.nodes.map((n) => n.id), edges: [] });
  return fragment;
}

/**
 * Pastes a fragment (default: the clipboard) at `at`, or offset from where it
 * was copied; selects the copies. The clipboard then holds the copies, so that
 * pasting again cascades instead of stacking.
 */
export function paste(store: AppStore, at?: XY, fragment?: Fragment): string[] {
  const s = store.getState();
  const f = fragment ?? s.clipboard;
  if (!f) {
    s.toast('info', 'the clipboard is empty: copy nodes first');
    return [];
  }
  const r = s.dispatch({ kind: 'paste', fragment: f, place: at ? { at } : { offset: PASTE_OFFSET } });
  const created = r.ok ? [...(r.created ?? [])] : [];
  if (created.length) {
    const after = store.getState();
    after.select(created);
    after.setClipboard(copyFragment(after.doc, new Set(created)) ?? f);
  }
  return created;
}

/** Copies the selection next to itself in one step, leaving the clipboard alone. */
export function duplicateSelection(store: AppStore): string[] {
  const s = store.getState();
  const fragment = copyFragment(s.doc, s.selection.nodes);
  if (!fragment) return [];
  const r = s.dispatch({ kind: 'paste', fragment, place: { offset: PASTE_OFFSET }, label: 'duplicate' });
  const created = r.ok ? [...(r.created ?? [])] : [];
  if (created.length) store.getState().select(created);
  return created;
}

/** Moves the selected nodes; presses in quick succession (a held key) merge into one undo step. */
export function nudgeSelection(store: AppStore, dx: number, dy: number): boolean {
  const s = store.getState();
  if (s.selection.nodes.size === 0) return false;
  const positions = new Map<string, XY>();
  s.doc.nodes.forEach((n, i) => {
    if (!s.selection.nodes.has(n.id)) return;
    const p = positionOf(n) ?? provisionalPosition(i);
    positions.set(n.id, { x: p.x + dx, y: p.y + dy });
  });
  const merge = `nudge:${[...s.selection.nodes].sort().join(',')}`;
  return s.dispatch({ kind: 'move', positions, record: true, merge }).ok;
}

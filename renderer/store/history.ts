/**
 * Undo history as a stack of immutable document snapshots.
 *
 * Why snapshots rather than diffs: every edit (model/doc-edit.ts) returns a
 * new GraphDoc that shares all untouched nodes, edges, attrs and ui objects
 * with the previous one (structural sharing), so a snapshot costs the changed
 * objects plus two top-level arrays of pointers — tiny even for 1,000 nodes.
 * Undo is then "put the previous document back", which cannot drift out of
 * sync the way hand-written inverse diffs can, and "is the document saved?"
 * becomes an identity check against the saved snapshot. Only the document
 * enters history; selection, viewport, run results and analysis live in other
 * slices and never do (as in tldraw and Excalidraw).
 */
import type { GraphDoc } from '../../core/graph/types.js';

export interface HistoryEntry {
  /** The document before the step (in `past`) or after it (in `future`). */
  readonly doc: GraphDoc;
  /** What the step did, for the Undo/Redo tooltips. */
  readonly label: string;
  /** Steps with the same key within MERGE_WINDOW_MS form one step (typing a number, holding an arrow key). */
  readonly merge?: string;
  readonly at: number;
}

export interface History {
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
}

export const EMPTY_HISTORY: History = { past: [], future: [] };
/** Oldest steps are dropped beyond this. */
export const HISTORY_LIMIT = 300;
export const MERGE_WINDOW_MS = 1000;

/** Records a step whose document before was `before`; clears redo. */
export function recordStep(h: History, before: GraphDoc, label: string, merge: string | undefined, now: number): History {
  const top = h.past[h.past.length - 1];
  if (merge !== undefined && top && top.merge === merge && now - top.at < MERGE_WINDOW_MS) {
    return { past: [...h.past.slice(0, -1), { ...top, at: now }], future: [] };
  }
  const past = [...h.past, { doc: before, label, merge, at: now }];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] };
}

/** Steps back: the document to show and the new history, or undefined at the start of history. */
export function undoStep(h: History, current: GraphDoc): { doc: GraphDoc; history: History; label: string } | undefined {
  const top = h.past[h.past.length - 1];
  if (!top) return undefined;
  return { doc: top.doc, label: top.label, history: { past: h.past.slice(0, -1), future: [...h.future, { doc: current, label: top.label, at: top.at }] } };
}

/** Steps forward again after an undo. */
export function redoStep(h: History, current: GraphDoc): { doc: GraphDoc; history: History; label: string } | undefined {
  const top = h.future[h.future.length - 1];
  if (!top) return undefined;
  return { doc: top.doc, label: top.label, history: { past: [...h.past, { doc: current, label: top.label, at: top.at }], future: h.future.slice(0, -1) } };
}

/**
 * True when two documents compute the same thing (only positions or labels
 * differ): run results stay valid and the analysis need not be redone.
 * Relies on structural sharing: untouched attrs keep their identity.
 */
export function sameComputation(a: GraphDoc, b: GraphDoc): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.output !== b.output || a.training !== b.training || a.mode !== b.mode || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const m = a.nodes[i];
    const n = b.nodes[i];
    if (m !== n && (m.id !== n.id || m.op !== n.op || m.attrs !== n.attrs)) return false;
  }
  return true;
}

/**
 * Selectors, defined once here rather than inline in components. Each
 * returns a value that keeps its identity until the data it reads changes
 * (documents and analysis results are immutable), so a component re-renders
 * only when its own data changes. Per-node selectors take the id as a second
 * argument (`useApp((s) => nodeProblems(s, id))`).
 */
import type { GraphEdge, GraphNode } from '../../core/graph/types.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import type { Shape } from '../../core/tensor/shape.js';
import { edgeIds } from '../model/graph-queries.js';
import type { AppState } from './types.js';

export const selectDoc = (s: AppState) => s.doc;
export const selectFile = (s: AppState) => s.file;
export const selectDirty = (s: AppState) => s.doc !== s.cleanDoc;
export const selectCanUndo = (s: AppState) => s.history.past.length > 0 && s.gestureStart === null;
export const selectCanRedo = (s: AppState) => s.history.future.length > 0 && s.gestureStart === null;
export const selectUndoLabel = (s: AppState) => s.history.past.at(-1)?.label;
export const selectRedoLabel = (s: AppState) => s.history.future.at(-1)?.label;
export const selectSelection = (s: AppState) => s.selection;
export const selectSelectedCount = (s: AppState) => s.selection.nodes.size + s.selection.edges.size;
export const selectAnalysis = (s: AppState) => s.analysis;
export const selectProblems = (s: AppState) => s.analysis.problems;
export const selectRun = (s: AppState) => s.run;
export const selectRunStatus = (s: AppState) => s.run.status;
/** A Run's state (results or a failure) is on screen for an older version of the graph. */
export const selectRunOutOfDate = (s: AppState) => s.run.status !== 'idle' && s.runRevision !== s.computeRevision;
/** Results are on screen, out of date, and nothing will refresh them but a Run: they are shown dimmed. */
export const selectResultsStale = (s: AppState) => s.run.status === 'done' && s.runRevision !== s.computeRevision && !s.liveRefresh;
export const selectToasts = (s: AppState) => s.toasts;
export const selectModal = (s: AppState) => s.modal;
export const selectSearch = (s: AppState) => s.search;
export const selectMeasured = (s: AppState) => s.measured;
export const selectLayingOut = (s: AppState) => s.layingOut;
export const selectProblemsOpen = (s: AppState) => s.problemsOpen;
export const selectNodeCount = (s: AppState) => s.doc.nodes.length;
export const selectEdgeCount = (s: AppState) => s.doc.edges.length;
export const selectOutput = (s: AppState) => s.doc.output;
export const selectEdges = (s: AppState) => s.doc.edges;
export const selectEdgeProblemMap = (s: AppState) => s.analysis.edgeProblems;

/** The one selected node, when exactly one node (and no edge) is selected. */
export function selectInspected(s: AppState): GraphNode | undefined {
  if (s.selection.nodes.size !== 1 || s.selection.edges.size !== 0) return undefined;
  const [id] = s.selection.nodes;
  return s.doc.nodes.find((n) => n.id === id);
}

/** The graph's problems with a node, else what stops training that names it (a predictions node of the wrong shape...). */
export function nodeProblems(s: AppState, id: string): readonly string[] | undefined {
  return s.analysis.nodeProblems.get(id) ?? s.trainNodeProblems.get(id);
}

export function edgeProblems(s: AppState, id: string): readonly string[] | undefined {
  return s.analysis.edgeProblems.get(id);
}

export function nodeShape(s: AppState, id: string): Shape | undefined {
  return s.analysis.shapes.get(id);
}

export function nodeValue(s: AppState, id: string): HostTensor | undefined {
  return s.run.status === 'done' ? s.run.result.values.get(id) : undefined;
}

export function nodeGrad(s: AppState, id: string): HostTensor | undefined {
  return s.run.status === 'done' ? s.run.result.grads.get(id) : undefined;
}

/** The gradient that flows back along one edge (its consumer's partial), after Run. */
export function edgeGrad(s: AppState, id: string): HostTensor | undefined {
  return s.run.status === 'done' ? s.run.result.edgeGrads.get(id) : undefined;
}

/**
 * The gradient a wire from `source` carries back, as its labels and width show it: its consumer's
 * partial (where a value fans out, the partials differ per edge), else the source's gradient.
 */
export function wireGrad(s: AppState, id: string, source: string): HostTensor | undefined {
  return edgeGrad(s, id) ?? (nodeValue(s, source) ? nodeGrad(s, source) : undefined);
}

/** The one selected edge (the document's own object, so it keeps its identity), when exactly one edge and no node is selected. */
export function selectInspectedEdge(s: AppState): GraphEdge | undefined {
  if (s.selection.edges.size !== 1 || s.selection.nodes.size !== 0) return undefined;
  const [id] = s.selection.edges;
  return s.doc.edges[edgeIds(s.doc.edges).indexOf(id)];
}

/** The id of the one selected edge (see selectInspectedEdge). */
export function selectInspectedEdgeId(s: AppState): string | undefined {
  return s.selection.edges.size === 1 && s.selection.nodes.size === 0 ? [...s.selection.edges][0] : undefined;
}

const NO_EDGES: readonly string[] = [];
// Keyed by the edge list itself (documents are immutable), so every card asking for its consumers shares one pass over the edges.
const consumersCache = new WeakMap<readonly GraphEdge[], ReadonlyMap<string, readonly string[]>>();

/** Canvas ids of the edges leaving node `id` (its consumers), in document order; the same array until the edges change. */
export function nodeOutEdges(s: AppState, id: string): readonly string[] {
  let map = consumersCache.get(s.doc.edges);
  if (!map) {
    const m = new Map<string, string[]>();
    const ids = edgeIds(s.doc.edges);
    for (const [i, e] of s.doc.edges.entries()) {
      const key = ids[i];
      const list = m.get(e.from);
      if (list) list.push(key);
      else m.set(e.from, [key]);
    }
    map = m;
    consumersCache.set(s.doc.edges, map);
  }
  return map.get(id) ?? NO_EDGES;
}
export const selectBackendStatus = (s: AppState) => s.backend;

/** The document slice: the GraphDoc, its file, undo history and analysis. */
import type { StateCreator } from 'zustand/vanilla';
import type { GraphDoc } from '../../core/graph/types.js';
import { EMPTY_ANALYSIS } from '../model/analysis.js';
import { emptyDoc } from '../model/doc-edit.js';
import { edgeIds } from '../model/graph-queries.js';
import { assertNever } from '../../core/ops/attrs.js';
import { applyCommand, commandInfo, type DocCommand } from './commands.js';
import { emptyTrainState } from './train-slice.js';
import { EMPTY_HISTORY, type History, recordStep, redoStep, sameComputation, undoStep } from './history.js';
import type { AppState, DocumentSlice } from './types.js';

export const UNTITLED = 'untitled.bpgraph';

/** A stand-in "saved" document for one that has never been saved as it is (a recovered backup). */
const NEVER_SAVED: GraphDoc = emptyDoc();

export const createDocumentSlice: StateCreator<AppState, [], [], DocumentSlice> = (set, get) => {
  /** Puts `doc` in place and keeps the other slices consistent with it. */
  const commit = (doc: GraphDoc, history: History): void => {
    const s = get();
    const computeChanged = !sameComputation(s.doc, doc);
    const ids = s.selection.nodes.size || s.selection.edges.size ? new Set(doc.nodes.map((n) => n.id)) : undefined;
    set({
      doc,
      history,
      revision: s.revision + 1,
      // Results stay on screen, out of date (run-slice.ts), for the live runner to refresh or mark stale; a Run still
      // under way would drop its answer for the older graph, so it is called off here rather than left spinning.
      ...(computeChanged ? { computeRevision: s.computeRevision + 1, ...(s.run.status === 'running' ? { run: { status: 'idle' } } : {}) } : {}),
      ...(ids ? { selection: pruneSelection(s.selection, ids, doc) } : {}),
    });
  };

  return {
    doc: emptyDoc(),
    file: { name: UNTITLED },
    history: EMPTY_HISTORY,
    cleanDoc: emptyDoc(),
    gestureStart: null,
    revision: 0,
    computeRevision: 0,
    analysis: EMPTY_ANALYSIS,

    dispatch(cmd) {
      const s = get();
      if (s.progress?.phase === 'running' && changesGraphWhileTraining(cmd)) {
        const reason = `${commandInfo(cmd).label} must wait: pause training to change the graph (moving gates, training settings and freezing params work while it runs)`;
        s.toast('refusal', `refused: ${reason}`);
        return { ok: false, reason };
      }
      const r = applyCommand(s.doc, cmd);
      if (!r.ok) {
        s.toast('refusal', `refused: ${r.reason}`);
        return r;
      }
      if (r.doc === s.doc) return r;
      const info = commandInfo(cmd);
      // Inside a gesture nothing is recorded until it ends, whatever the command says: the gesture is one step.
      const history = info.record && s.gestureStart === null ? recordStep(s.history, s.doc, info.label, info.merge, Date.now()) : s.history;
      commit(r.doc, history);
      return r;
    },

    undo() {
      const s = get();
      if (s.gestureStart !== null) return;
      if (s.progress?.phase === 'running') {
        s.toast('refusal', 'refused: pause training before undoing');
        return;
      }
      const u = undoStep(s.history, s.doc);
      if (u) commit(u.doc, u.history);
    },

    redo() {
      const s = get();
      if (s.gestureStart !== null) return;
      if (s.progress?.phase === 'running') {
        s.toast('refusal', 'refused: pause training before redoing');
        return;
      }
      const r = redoStep(s.history, s.doc);
      if (r) commit(r.doc, r.history);
    },

    beginGesture() {
      const s = get();
      if (s.gestureStart === null) set({ gestureStart: s.doc });
    },

    endGesture() {
      const s = get();
      const start = s.gestureStart;
      if (start === null) return;
      set({ gestureStart: null, history: start === s.doc ? s.history : recordStep(s.history, start, 'move', undefined, Date.now()) });
    },

    loadDocument(doc, file, opts) {
      const s = get();
      set({
        doc,
        file,
        history: EMPTY_HISTORY,
        cleanDoc: opts?.dirty ? NEVER_SAVED : doc,
        gestureStart: null,
        revision: s.revision + 1,
        computeRevision: s.computeRevision + 1,
        analysis: EMPTY_ANALYSIS,
        selection: { nodes: new Set(), edges: new Set() },
        run: { status: 'idle' },
        measured: new Map(),
        search: null,
        // Another document's runs are not comparable with this one's.
        ...emptyTrainState(),
      });
    },

    markSaved(file, saved) {
      set({ file, cleanDoc: saved });
    },

    setAnalysis(analysis) {
      // The panel was opened to fix problems; once the last is fixed it has nothing to say and
      // would only cover the canvas. Opened by hand with no problems, it stays.
      const solved = analysis.problems.length === 0 && get().analysis.problems.length > 0;
      set(solved ? { analysis, problemsOpen: false } : { analysis });
    },
  };
};

/** What may not change under a running trainer: the graph itself. Positions, labels, the training block and freezing may. */
function changesGraphWhileTraining(cmd: DocCommand): boolean {
  switch (cmd.kind) {
    case 'move':
    case 'layout':
    case 'set-label':
    case 'set-meta':
    case 'set-training':
    case 'train':
      return false;
    case 'set-attr':
      return cmd.name !== 'frozen';
    case 'add-node':
    case 'paste':
    case 'delete':
    case 'connect':
    case 'rename':
    case 'set-output':
    case 'reset-weights':
      return true;
    default:
      return assertNever(cmd);
  }
}

function pruneSelection(sel: AppState['selection'], ids: ReadonlySet<string>, doc: GraphDoc): AppState['selection'] {
  const nodes = [...sel.nodes].filter((id) => ids.has(id));
  let edges = [...sel.edges];
  if (edges.length) {
    const live = new Set(edgeIds(doc.edges));
    edges = edges.filter((id) => live.has(id));
  }
  if (nodes.length === sel.nodes.size && edges.length === sel.edges.size) return sel;
  return { nodes: new Set(nodes), edges: new Set(edges) };
}

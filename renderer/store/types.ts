/** The shape of the one editor store: four slices (document, selection, view, run). */
import type { GraphDoc } from '../../core/graph/types.js';
import type { Recoverable } from '../../core/host/bridge.js';
import type { Analysis } from '../model/analysis.js';
import type { EditResult, XY } from '../model/doc-edit.js';
import type { Dimensions } from '../model/flow.js';
import type { Fragment } from '../model/fragment.js';
import type { BackendStatus, BoundaryGrid, DatasetView, PredictionsView, TrainIssue, TrainProgress, Visuals } from '../../core/studio/protocol.js';
import type { HostTensor } from '../../core/tensor/tensor.js';
import type { RunHistory } from '../model/train-history.js';
import type { DocCommand } from './commands.js';
import type { DebugSlice } from './debug-slice.js';
import type { History } from './history.js';

/** Where the open document lives, as its host describes it. */
export interface DocFile {
  /** File name for the title bar, e.g. `add-mul.bpgraph`. */
  readonly name: string;
  /** Electron: the full path. */
  readonly path?: string;
  /** The on-disk version the document was read from or saved as (conflict detection). */
  readonly token?: string;
  /** Browser: the File System Access handle to save back to; opaque outside the browser host. */
  readonly handle?: object;
}

export interface DocumentSlice {
  readonly doc: GraphDoc;
  readonly file: DocFile;
  readonly history: History;
  /** The document as last opened or saved: the document is dirty when it is not this very object. */
  readonly cleanDoc: GraphDoc;
  /** The document when the current drag began; null when no drag is in progress. */
  readonly gestureStart: GraphDoc | null;
  /** Bumped by every change (backups watch it). */
  readonly revision: number;
  /** Bumped when what the graph computes changes (analysis and run results watch it). */
  readonly computeRevision: number;
  readonly analysis: Analysis;
  /** Applies a command; refusals come back with their reason and are shown as a toast. */
  dispatch(cmd: DocCommand): EditResult;
  undo(): void;
  redo(): void;
  beginGesture(): void;
  endGesture(): void;
  /** Replaces the document (open, new, recover): clears history, selection and run results. */
  loadDocument(doc: GraphDoc, file: DocFile, opts?: { readonly dirty?: boolean }): void;
  /** After a save: `saved` is the document that was written (edits made while saving stay dirty). */
  markSaved(file: DocFile, saved: GraphDoc): void;
  setAnalysis(analysis: Analysis): void;
}

export interface SelectionSlice {
  readonly selection: { readonly nodes: ReadonlySet<string>; readonly edges: ReadonlySet<string> };
  select(nodes: Iterable<string>, edges?: Iterable<string>): void;
  /** Adds or removes single elements (from React Flow's select changes). */
  changeSelection(changes: readonly { readonly id: string; readonly selected: boolean; readonly edge: boolean }[]): void;
  selectAll(): void;
  clearSelection(): void;
}

export type ToastKind = 'refusal' | 'info' | 'error';
export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

export interface ChoiceOption {
  readonly id: string;
  readonly label: string;
  readonly tone?: 'primary' | 'danger' | 'plain';
}

export type Modal =
  /** A list of one-line messages: a file that failed to load, a failed save or run. */
  | { readonly kind: 'problems'; readonly title: string; readonly intro: string; readonly lines: readonly string[] }
  /** A question with buttons; `resolve` gets the chosen id, or null when dismissed. */
  | { readonly kind: 'choice'; readonly title: string; readonly message: string; readonly options: readonly ChoiceOption[]; resolve(id: string | null): void }
  | { readonly kind: 'gallery' }
  | { readonly kind: 'recover'; readonly items: readonly Recoverable[] };

export interface SearchBox {
  /** Where the box appears, in window pixels. */
  readonly screen: XY;
  /** Where the chosen op is added, in flow coordinates. */
  readonly flow: XY;
}

export interface ViewSlice {
  readonly toasts: readonly Toast[];
  readonly modal: Modal | null;
  readonly search: SearchBox | null;
  /** Card sizes React Flow measured (kept so derived flow nodes stay measured). */
  readonly measured: ReadonlyMap<string, Dimensions>;
  readonly clipboard: Fragment | null;
  readonly layingOut: boolean;
  readonly problemsOpen: boolean;
  /**
   * Attr texts the engine refused, by `<node>\u0000<attr>`, with the reason. Kept here rather
   * than in each field so that the card and the inspector show the same refused text, and it
   * survives the inspector closing, until the user fixes it or presses Escape.
   */
  readonly attrDrafts: ReadonlyMap<string, AttrDraft>;
  toast(kind: ToastKind, text: string): void;
  dismissToast(id: number): void;
  openModal(modal: Modal): void;
  closeModal(): void;
  openSearch(box: SearchBox | null): void;
  setMeasured(changes: readonly { readonly id: string; readonly dimensions: Dimensions }[]): void;
  setClipboard(fragment: Fragment | null): void;
  setLayingOut(on: boolean): void;
  setProblemsOpen(open: boolean): void;
  /** Records a refused attr text (or, with null, forgets it). */
  setAttrDraft(node: string, attr: string, draft: AttrDraft | null): void;
}

export interface AttrDraft {
  readonly text: string;
  readonly message: string;
}

/** The key of a node's attr in `attrDrafts`. */
export function attrDraftKey(node: string, attr: string): string {
  return `${node}\u0000${attr}`;
}

/** Every node's value and gradient from one Run. */
export interface RunValues {
  readonly output: string;
  readonly values: ReadonlyMap<string, HostTensor>;
  /** d(output)/d(node) for every node the output depends on. */
  readonly grads: ReadonlyMap<string, HostTensor>;
  /**
   * What flows back along each edge, by canvas edge id (`from->to.port`): the gradient the consumer
   * sends to that input. Where a value fans out these are the partials that add up to its node's grad.
   */
  readonly edgeGrads: ReadonlyMap<string, HostTensor>;
  /** Node ids in forward order (the backward pass ran them in reverse). */
  readonly order: readonly string[];
}

export type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly result: RunValues }
  | { readonly status: 'error'; readonly message: string };

export interface RunSlice {
  readonly run: RunState;
  /** The `computeRevision` the run state belongs to: when it is older, the results are out of date. */
  readonly runRevision: number;
  /**
   * The live runner will refresh out-of-date results by itself (a small graph without problems), so they
   * are not shown as stale meanwhile.
   */
  readonly liveRefresh: boolean;
  setRun(run: RunState): void;
  setLiveRefresh(on: boolean): void;
  /** What the engine computes on, and why; null until the worker has said. */
  readonly backend: BackendStatus | null;
  setBackendStatus(status: BackendStatus): void;
}

export type TrainTab = 'curves' | 'data' | 'diagnostics';

/** Training in the editor: the latest progress, the runs kept for the curves, the visuals, and the panel. */
export interface TrainSlice {
  /** The latest report (phase, counters); null before the engine has said anything. */
  readonly progress: TrainProgress | null;
  readonly runs: readonly RunHistory[];
  readonly boundary: BoundaryGrid | null;
  readonly predictions: PredictionsView | null;
  readonly dataset: { readonly ok: true; readonly view: DatasetView } | { readonly ok: false; readonly message: string } | null;
  /** What stops Start, located by field path (`training.optimizer.lr`) or node; empty when training can start. */
  readonly trainChecks: readonly TrainIssue[];
  /** The checks that name a node, by node: shown on its card like the graph's own problems. */
  readonly trainNodeProblems: ReadonlyMap<string, readonly string[]>;
  /** `height` is null until the user drags the panel's edge: then the panel takes its default, a share of the window (TrainingPanel). */
  readonly trainPanel: { readonly open: boolean; readonly height: number | null; readonly tab: TrainTab };
  /** Bumped whenever a run's history grows (the curves redraw on it). */
  readonly historyVersion: number;
  applyProgress(p: TrainProgress, label: string): void;
  applyVisuals(v: Visuals): void;
  setDataset(d: TrainSlice['dataset']): void;
  setTrainChecks(checks: readonly TrainIssue[]): void;
  setTrainPanel(panel: Partial<TrainSlice['trainPanel']>): void;
}

export type AppState = DocumentSlice & SelectionSlice & ViewSlice & RunSlice & TrainSlice & DebugSlice;

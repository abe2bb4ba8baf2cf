/**
 * Background work that follows the store: live diagnosis, backups of unsaved
 * work, and the title/dirty state reported to the host. Each subscribes to
 * the vanilla store and returns its unsubscribe function.
 */
import { writeGraph } from '../../core/graph/write.js';
import type { Host } from '../host/host.js';
import { type Analysis, analyze, EMPTY_ANALYSIS } from '../model/analysis.js';
import type { GraphDoc } from '../../core/graph/types.js';
import type { AppStore } from '../store/store.js';

/** Edits this close together are diagnosed once (typing in a field, dragging a wire). */
export const ANALYSIS_DELAY_MS = 150;
/** Unsaved work is backed up this long after the last edit. */
export const BACKUP_DELAY_MS = 1000;

/**
 * Re-diagnoses the document when what it computes changes; at once after a load, debounced after
 * edits. The editor passes the engine worker's analyser, so a big graph is checked off the page's
 * thread; a result that arrives after a newer edit is dropped.
 */
export function startAnalysis(store: AppStore, analyzer: (doc: GraphDoc) => Analysis | Promise<Analysis> = analyze): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const runNow = (): void => {
    timer = undefined;
    const s = store.getState();
    const revision = s.computeRevision;
    const apply = (a: Analysis): void => {
      if (store.getState().computeRevision === revision) store.getState().setAnalysis(a);
    };
    const r = analyzer(s.doc);
    if (r instanceof Promise) r.then(apply, () => undefined);
    else apply(r);
  };
  runNow();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.computeRevision === prev.computeRevision) return;
    if (timer !== undefined) clearTimeout(timer);
    if (s.analysis === EMPTY_ANALYSIS) runNow();
    else timer = setTimeout(runNow, ANALYSIS_DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Backs the document up about a second after each edit while it is dirty; drops the backup once it is clean. */
export function startBackups(store: AppStore, host: Host): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backedUp = false;
  const write = (): void => {
    timer = undefined;
    const s = store.getState();
    const dirty = s.doc !== s.cleanDoc;
    if (!dirty) {
      if (backedUp) host.backup({ text: null, name: s.file.name, path: s.file.path });
      backedUp = false;
      return;
    }
    try {
      host.backup({ text: writeGraph(s.doc), name: s.file.name, path: s.file.path });
      backedUp = true;
    } catch {
      // A value a file cannot hold; Save reports it, and the previous backup stays.
    }
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.revision === prev.revision && s.cleanDoc === prev.cleanDoc) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(write, s.doc === s.cleanDoc ? 0 : BACKUP_DELAY_MS);
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Tells the host the document's name and whether it has unsaved changes, whenever either changes. */
export function startTitleReports(store: AppStore, host: Host): () => void {
  let last = '';
  const report = (): void => {
    const s = store.getState();
    const dirty = s.doc !== s.cleanDoc;
    const key = `${s.file.name}\n${s.file.path ?? ''}\n${dirty}`;
    if (key === last) return;
    last = key;
    host.documentState({ name: s.file.name, ...(s.file.path !== undefined ? { path: s.file.path } : {}), dirty });
  };
  report();
  return store.subscribe(report);
}

/**
 * Document lifecycle between the store and the host: new, open (dialog,
 * drop, recent, example, recovery), save with conflict and error handling,
 * the unsaved-changes question, Run, and the automatic layout. A file that
 * fails to load leaves the current document untouched; a failed save keeps
 * the document dirty.
 */
import type { Recoverable } from '../../core/host/bridge.js';
import type { RunReply } from '../../core/studio/protocol.js';
import { checkStructure } from '../../core/engine/structure.js';
import { loadGraphText } from '../../core/graph/load.js';
import { GraphError, formatProblem } from '../../core/graph/types.js';
import { writeGraph } from '../../core/graph/write.js';
import { getOp } from '../../core/ops/registry.js';
import { isGraphFileName } from '../host/browser-records.js';
import { type Host, hostErrorMessage, type OpenedDocument } from '../host/host.js';
import { emptyDoc } from '../model/doc-edit.js';
import { needsLayout } from '../model/layout-graph.js';
import type { EngineClient } from '../engine/engine-client.js';
import { UNTITLED } from '../store/document-slice.js';
import type { AppStore } from '../store/store.js';
import type { ChoiceOption } from '../store/types.js';
import { layoutDocument } from '../workers/elk-layout.js';
import { canvasSize, fitView, showDocument } from './canvas-control.js';
import type { Example } from './examples.js';

/** More lines than this in an error dialog are summarised. */
const MAX_DIALOG_LINES = 40;

export class DocumentActions {
  constructor(
    private readonly store: AppStore,
    readonly host: Host,
    private readonly engine: EngineClient,
  ) {}

  private ask(title: string, message: string, options: readonly ChoiceOption[]): Promise<string | null> {
    return new Promise((resolve) => {
      this.store.getState().openModal({
        kind: 'choice',
        title,
        message,
        options,
        resolve: (id) => {
          this.store.getState().closeModal();
          resolve(id);
        },
      });
    });
  }

  private showProblems(title: string, intro: string, lines: readonly string[]): void {
    const shown = lines.length > MAX_DIALOG_LINES ? [...lines.slice(0, MAX_DIALOG_LINES - 1), `…and ${lines.length - MAX_DIALOG_LINES + 1} more`] : lines;
    this.store.getState().openModal({ kind: 'problems', title, intro, lines: shown });
  }

  /** True when the current document may be replaced: it is clean, or the user saved it or chose to discard it. */
  async confirmDiscard(): Promise<boolean> {
    const s = this.store.getState();
    if (s.doc === s.cleanDoc) return true;
    const choice = await this.ask('Unsaved changes', `Do you want to save the changes to ${s.file.name}? They are lost if you don't.`, [
      { id: 'save', label: 'Save', tone: 'primary' },
      { id: 'discard', label: "Don't save", tone: 'danger' },
      { id: 'cancel', label: 'Cancel', tone: 'plain' },
    ]);
    if (choice === 'save') return this.save();
    return choice === 'discard';
  }

  async newDocument(): Promise<void> {
    if (!(await this.confirmDiscard())) return;
    this.store.getState().loadDocument(emptyDoc(), { name: UNTITLED });
  }

  /** Closes the document: an empty one takes its place and the examples gallery opens. */
  async closeDocument(): Promise<void> {
    if (!(await this.confirmDiscard())) return;
    this.store.getState().loadDocument(emptyDoc(), { name: UNTITLED });
    this.store.getState().openModal({ kind: 'gallery' });
  }

  async open(): Promise<void> {
    if (!(await this.confirmDiscard())) return;
    try {
      const opened = await this.host.openDialog();
      if (opened) this.openDocument(opened);
    } catch (e) {
      this.showProblems('Could not open the file', 'The file could not be read:', [hostErrorMessage(e)]);
    }
  }

  async openDropped(file: File): Promise<void> {
    if (!isGraphFileName(file.name)) {
      this.store.getState().toast('error', `${file.name} is not a graph: drop a .bpgraph file`);
      return;
    }
    if (!(await this.confirmDiscard())) return;
    try {
      this.openDocument(await this.host.openDropped(file));
    } catch (e) {
      this.showProblems(`Could not open ${file.name}`, 'The file could not be read:', [hostErrorMessage(e)]);
    }
  }

  async openRecent(id: string): Promise<void> {
    if (!(await this.confirmDiscard())) return;
    try {
      this.openDocument(await this.host.openRecent(id));
    } catch (e) {
      this.showProblems('Could not open the file', 'The file could not be read:', [hostErrorMessage(e)]);
    }
  }

  async openExample(example: Example): Promise<void> {
    if (!(await this.confirmDiscard())) return;
    this.store.getState().closeModal();
    this.openDocument({ file: { name: example.file }, text: example.text });
  }

  /** A file the host pushed (command line, the OS): asks about unsaved changes first. */
  async openPushed(doc: OpenedDocument): Promise<void> {
    if (await this.confirmDiscard()) this.openDocument(doc);
  }

  async recover(item: Recoverable): Promise<void> {
    this.store.getState().closeModal();
    if (this.openDocument({ file: { name: item.name, path: item.path }, text: item.text }, { dirty: true })) {
      // From now on this session backs the document up; the old copy is no longer needed.
      await this.host.discardRecoverable(item.id).catch(() => undefined);
    }
  }

  /**
   * Loads text into the editor. A file that does not load shows core's
   * messages in a dialog and leaves the current document as it was.
   */
  openDocument(opened: OpenedDocument, opts?: { readonly dirty?: boolean }): boolean {
    const r = loadGraphText(opened.text);
    const s = this.store.getState();
    // A gate this build does not know has no ports or fields to draw and cannot run, so such a file is refused
    // like one that does not load, with core's structural messages (each names its node or edge).
    const problems = !r.ok ? r.problems : r.doc.nodes.some((n) => getOp(n.op) === undefined) ? checkStructure(r.doc).problems : [];
    if (!r.ok || problems.length > 0) {
      this.showProblems(`Could not open ${opened.file.name}`, 'The file has these problems, so the current document was left as it was:', problems.map(formatProblem));
      return false;
    }
    s.loadDocument(r.doc, opened.file, opts);
    // A graph made to be trained opens with its training panel, as an example's lesson expects.
    if (r.doc.training !== undefined) s.setTrainPanel({ open: true });
    if (r.migratedFrom !== undefined) s.toast('info', `${opened.file.name} was written in format version ${r.migratedFrom}; saving writes the current version`);
    if (needsLayout(r.doc)) {
      void this.autoLayout(false);
    } else {
      showDocument(r.doc);
      requestAnimationFrame(() => fitView(false));
    }
    return true;
  }

  /** Saves (or with `saveAs`, asks where first). Resolves to true when the document was written. */
  async save(saveAs = false, force = false): Promise<boolean> {
    const s = this.store.getState();
    const doc = s.doc;
    let text: string;
    try {
      text = writeGraph(doc);
    } catch (e) {
      const lines = e instanceof GraphError ? e.problems.map(formatProblem) : [hostErrorMessage(e)];
      this.showProblems('Could not save', 'The document holds values a file cannot store; nothing was written:', lines);
      return false;
    }
    const outcome = await this.host.save({ text, file: s.file, saveAs: saveAs || (s.file.path === undefined && s.file.handle === undefined), force }).catch(
      (e: unknown) => ({ status: 'error', message: hostErrorMessage(e) }) as const,
    );
    switch (outcome.status) {
      case 'saved':
        // Edits made while the save was under way stay unsaved: only the document that was written becomes clean.
        this.store.getState().markSaved(outcome.file, doc);
        this.store.getState().toast('info', `saved ${outcome.file.name}`);
        return true;
      case 'cancelled':
        return false;
      case 'conflict': {
        const choice = await this.ask('The file changed on disk', `${outcome.message} Overwrite it with this document, or cancel and keep both as they are?`, [
          { id: 'overwrite', label: 'Overwrite', tone: 'danger' },
          { id: 'cancel', label: 'Cancel', tone: 'plain' },
        ]);
        return choice === 'overwrite' ? this.save(saveAs, true) : false;
      }
      case 'error':
        this.showProblems('Could not save', 'Nothing was written and the document keeps its unsaved changes:', [outcome.message]);
        return false;
    }
  }

  /**
   * One forward and backward pass in the engine worker; the values and gradients appear on the canvas. `live`:
   * the live runner refreshing results after an edit (app/live-run-service.ts), so the old results stay on screen
   * meanwhile, and a failure opens no dialog: they just stay, marked stale, until the user runs again.
   */
  async run(live = false): Promise<void> {
    const s = this.store.getState();
    const revision = s.computeRevision;
    if (!live) s.setRun({ status: 'running' });
    // The worker gets every edit already; sending the document with the call makes sure this Run sees this very one.
    const outcome = await this.engine.callWith<RunReply>(s.doc, (api) => api.run());
    const now = this.store.getState();
    if (now.computeRevision !== revision) return;
    if (outcome.ok) {
      const { output, values, grads, edgeGrads, order } = outcome;
      now.setRun({ status: 'done', result: { output, values: new Map(Object.entries(values)), grads: new Map(Object.entries(grads)), edgeGrads: new Map(Object.entries(edgeGrads)), order } });
    } else if (!live) {
      now.setRun({ status: 'error', message: outcome.message });
      if (outcome.node !== undefined && now.doc.nodes.some((n) => n.id === outcome.node)) now.select([outcome.node as string]);
      this.showProblems('Could not run the graph', 'The forward and backward pass stopped:', outcome.message.split('\n'));
    }
  }

  /**
   * Lays the graph out with ELK. For a file opened without positions
   * (`record` false) the layout is part of opening it: no undo step, and a
   * clean document stays clean.
   */
  async autoLayout(record: boolean): Promise<void> {
    const s = this.store.getState();
    const doc = s.doc;
    const wasClean = s.cleanDoc === doc;
    s.setLayingOut(true);
    try {
      const positions = await layoutDocument(doc, s.measured, canvasSize());
      const now = this.store.getState();
      if (now.doc !== doc) return;
      now.dispatch({ kind: 'layout', positions, record });
      if (!record && wasClean) now.markSaved(now.file, this.store.getState().doc);
      if (!record) showDocument(this.store.getState().doc);
      // The Layout button moves a graph the user is looking at, so the view follows it; a file being opened just appears.
      requestAnimationFrame(() => fitView(record));
    } catch (e) {
      this.store.getState().toast('error', `automatic layout failed: ${hostErrorMessage(e)}`);
    } finally {
      this.store.getState().setLayingOut(false);
    }
  }
}

/**
 * Training from the editor: the panel's buttons, the engine worker's
 * reports into the store, and the document kept in step with the worker.
 * When a run stops running (paused, done, diverged) its weights become part
 * of the document as one undoable "train" step; a divergence selects the
 * node that produced the first NaN.
 */
import type { GraphDoc } from '../../core/graph/types.js';
import type { TrainProgress, Visuals } from '../../core/studio/protocol.js';
import { type EngineClient, EngineCrashed } from '../engine/engine-client.js';
import type { EngineApi } from '../engine/engine-api.js';
import { describeTraining } from '../model/train-history.js';
import { onUserMoving } from './input-activity.js';
import type { AppStore } from '../store/store.js';

type DatasetReply = Awaited<ReturnType<EngineApi['dataset']>>;

/** Edits this close together are checked once (typing a learning rate). */
const CHECK_DELAY_MS = 200;

export class TrainActions {
  /** The document the last "train" step produced: sent to the worker as its own weights, not as an edit. */
  private trainedDoc: GraphDoc | null = null;
  /** True while the "train" step is being dispatched (the store tells subscribers before dispatch returns). */
  private committing = false;
  private lastPhase: TrainProgress['phase'] = 'idle';
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private label = '';

  constructor(
    private readonly store: AppStore,
    private readonly engine: EngineClient,
  ) {}

  /** Keeps the worker's document in step with the store's; returns the unsubscribe function. */
  startSync(): () => void {
    this.sendDocument();
    const unsubscribe = this.store.subscribe((s, prev) => {
      if (s.doc === prev.doc || s.computeRevision === prev.computeRevision) return;
      this.sendDocument();
    });
    // While the user moves the canvas, a run leaves the CPU free 60% of the time. Told whatever the phase: the
    // click on Start is input too, and the run's first moments (its charts being built) then rest as well.
    const stopWatching = onUserMoving(() => void this.guard(() => this.engine.call((api) => api.noteInput())));
    return () => {
      unsubscribe();
      stopWatching();
      if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    };
  }

  onProgress = (p: TrainProgress): void => {
    const s = this.store.getState();
    if (p.run !== s.progress?.run) this.label = describeTraining(s.doc.training);
    s.applyProgress(p, this.label);
    if (p.backend && p.backend.reason !== s.backend?.reason) {
      // A lost GPU: the engine carried on on the CPU by itself; say so once.
      if (s.backend?.active === 'webgpu' && p.backend.active === 'cpu') s.toast('error', p.backend.reason);
      s.setBackendStatus(p.backend);
    }
    const was = this.lastPhase;
    this.lastPhase = p.phase;
    // A diverged run's weights hold NaN: the document keeps the last good ones.
    if (was === 'running' && p.phase !== 'running' && p.phase !== 'error') void this.commitWeights();
    if (p.phase === 'error' && was !== 'error' && p.issue) {
      if (p.issue.node !== undefined && s.doc.nodes.some((n) => n.id === p.issue?.node)) s.select([p.issue.node]);
      s.toast('error', p.issue.message);
    }
  };

  onVisuals = (v: Visuals): void => {
    this.store.getState().applyVisuals(v);
  };

  start(): Promise<void> {
    return this.guard(() => this.engine.call((api) => api.start()));
  }

  pause(): Promise<void> {
    return this.guard(() => this.engine.call((api) => api.pause()));
  }

  stop(): Promise<void> {
    return this.guard(() => this.engine.call((api) => api.stop()));
  }

  /** One mini-batch; its weights become part of the document like a run's. */
  async step(): Promise<void> {
    await this.guard(() => this.engine.call((api) => api.step()));
    await this.commitWeights();
  }

  /** Re-initialises the weights from the seed: params with an initialiser drop their stored values (undoable), and the next Start begins a new run. */
  async reset(): Promise<void> {
    await this.guard(() => this.engine.call((api) => api.reset()));
    this.store.getState().dispatch({ kind: 'reset-weights' });
  }

  /** Start when stopped, Pause when running: the space bar's meaning in the panel. */
  toggle(): Promise<void> {
    return this.store.getState().progress?.phase === 'running' ? this.pause() : this.start();
  }

  /** Asks for the visuals the open panel shows. */
  wantVisuals(wanted: { boundary?: boolean; diagnostics?: boolean; predictions?: boolean }): void {
    void this.guard(() => this.engine.call((api) => api.setVisualsWanted(wanted)));
  }

  /** Fetches the data view's dataset (after the training block changed, or when the panel opens). */
  async loadDataset(): Promise<void> {
    await this.guard(async () => this.store.getState().setDataset(await this.engine.call<DatasetReply>((api) => api.dataset())));
  }

  private sendDocument(): void {
    const doc = this.store.getState().doc;
    const trained = this.committing || doc === this.trainedDoc;
    void this.guard(() => this.engine.setDocument(doc, { trained }));
    if (this.checkTimer !== undefined) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => void this.check(), CHECK_DELAY_MS);
  }

  /** What would stop Start, shown next to the fields and on the nodes it names; the data view follows the block. */
  private async check(): Promise<void> {
    const before = this.store.getState().doc;
    const checks = before.training === undefined ? [] : await this.guard(() => this.engine.call((api) => api.checkTraining()));
    if (this.store.getState().doc !== before) return;
    this.store.getState().setTrainChecks(checks ?? []);
    if (before.training !== undefined && this.store.getState().trainPanel.open) await this.loadDataset();
  }

  private async commitWeights(): Promise<void> {
    const trained = await this.guard(() => this.engine.call((api) => api.trainedDocument()));
    if (!trained) return;
    this.committing = true;
    try {
      this.store.getState().dispatch({ kind: 'train', trained });
    } finally {
      this.committing = false;
    }
    this.trainedDoc = this.store.getState().doc;
  }

  /** Engine calls never throw into the UI: a crash was already reported by the client's restart. */
  private async guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof EngineCrashed)) this.store.getState().toast('error', e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }
}

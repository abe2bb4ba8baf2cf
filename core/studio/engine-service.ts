/**
 * The engine as the editor drives it, from its worker: the document, Run,
 * and a training run that can be started, paused, stepped, resumed, stopped,
 * reset and retuned while it runs. Training runs in slices of a few tens of
 * milliseconds between which commands are handled; progress goes out at most
 * about 30 times a second, so drawing never slows training down.
 *
 * Pure TypeScript: the worker (renderer/workers/engine-worker.ts) and the
 * tests in Node drive the same class.
 */
import type { Backend } from '../backend/backend.js';
import { createCpuBackend, type CpuPath } from '../backend/cpu/cpu-backend.js';
import { type BackendChoice, type GpuSource, pickBackend } from '../backend/select.js';
import type { GraphDoc } from '../graph/types.js';
import { parseTrainingConfig } from '../train/config.js';
import { TrainingError } from '../train/errors.js';
import { isSyncBackend } from '../train/diagnose.js';
import { createTrainer, type Trainer } from '../train/trainer.js';
import type { TrainerOptions } from '../train/types.js';
import { checkGradients, type GradcheckReply } from './check-gradients.js';
import type { BackendStatus, DatasetView, RunReply, TrainIssue, TrainPhase, TrainProgress, Visuals, VisualsWanted } from './protocol.js';
import { messageOf, nodeOf, runGraph, runOnTrainer } from './run-graph.js';
import { computeDiagnostics, documentDiagnostics, loadData, type TrainingData } from './service-data.js';
import { TrainLog } from './train-log.js';
import { boundaryGrid, datasetView, isPlanar, predictionsView } from './visuals.js';

/** Longest stretch of training between two looks at the message queue. */
const SLICE_MS = 25;
/**
 * While the user pans, zooms or drags, training runs at 40% duty: slices of INPUT_SLICE_MS, each
 * followed by INPUT_REST_MS with the core left free. A page cannot give its threads priorities,
 * and on a two-core machine a worker that never rests leaves the page's main thread, compositor
 * and rasteriser one core between them: frames of a few milliseconds of CPU then wait past 50 ms.
 * The rest lasts INPUT_HOLD_MS after the page last said the user was moving (see noteInput).
 */
const INPUT_SLICE_MS = 10;
const INPUT_REST_MS = 15;
const INPUT_HOLD_MS = 300;
/** Progress reports at most this often. */
const REPORT_MS = 100;
/** Visuals (boundary, predictions) and diagnostics at most this often. */
const VISUALS_MS = 300;
const DIAGNOSTICS_MS = 400;
const PREDICTIONS_MS = 1000;
/** On a GPU, the weights are read back this often, so that a lost device costs at most this much training. */
const SNAPSHOT_MS = 2000;

export interface EngineServiceOptions {
  /** The MNIST pixels per class, for the digits dataset (fetched from the app's asset in the editor). */
  readonly loadDigitsRaw?: () => Promise<readonly ArrayLike<number>[]>;
  /** The backend before any setBackend. Default: the CPU backend. */
  readonly createBackend?: () => Backend;
  /** Where setBackend finds WebGPU (navigator.gpu in the worker). Default: nowhere. */
  readonly gpuSource?: GpuSource;
  readonly now?: () => number;
}

export type ProgressListener = (p: TrainProgress) => void;
export type VisualsListener = (v: Visuals) => void;

/** A port as both workers and Node have it, seen through the one member used here. */
interface Port {
  onmessage: (() => void) | null;
  postMessage(message: null): void;
  close(): void;
}

/** Resolves after `ms` with the thread idle (a timer: messages are handled meanwhile). */
function rest(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves after the event loop has had a turn: queued messages (Pause, a new rate) are handled. A message channel has no 4 ms timer clamp. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    const [a, b] = [ch.port1 as unknown as Port, ch.port2 as unknown as Port];
    a.onmessage = () => {
      a.close();
      b.close();
      resolve();
    };
    b.postMessage(null);
  });
}

/** What decides whether a trainer can carry on after an edit: everything but positions, names, the training block and param values/freezing. */
function computeSignature(doc: GraphDoc, ignoreValues: boolean): string {
  const nodes = doc.nodes.map((n) => {
    const attrs: Record<string, unknown> = { ...n.attrs };
    if (n.op === 'param') {
      delete attrs['frozen'];
      if (ignoreValues) delete attrs['value'];
    }
    return [n.id, n.op, attrs];
  });
  return JSON.stringify([nodes, doc.edges, doc.output, doc.mode ?? 'eval']);
}

/** The weights and op state a session exports, to go on from in a new run. */
type SessionState = Awaited<ReturnType<Trainer['session']['exportState']>>;

const noGpu: GpuSource = () => Promise.resolve({ missing: 'this engine was started without WebGPU' });

export class EngineService {
  private doc: GraphDoc | null = null;
  private trainer: Trainer | null = null;
  private phase: TrainPhase = 'idle';
  private runNo = 0;
  private log = new TrainLog(0);
  private issue: TrainIssue | undefined;
  private wanted: VisualsWanted = {};
  private backend: Backend;
  private backendStatus: BackendStatus = { choice: 'cpu', active: 'cpu', reason: 'CPU: chosen' };
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  private progressListener: ProgressListener | undefined;
  private visualsListener: VisualsListener | undefined;
  private lastReport = 0;
  /** Until when training rests between slices because the user is moving the canvas (see INPUT_SLICE_MS). */
  private inputUntil = -Infinity;
  private lastVisuals = -Infinity;
  private lastDiagnostics = -Infinity;
  private lastPredictions = -Infinity;
  private digits: Promise<readonly ArrayLike<number>[]> | undefined;
  /** The weights (and optimiser-free op state) of a run on a GPU, read back every SNAPSHOT_MS. */
  private snapshot: { readonly step: number; readonly at: number; readonly state: SessionState } | undefined;

  constructor(private readonly opts: EngineServiceOptions = {}) {
    this.backend = (opts.createBackend ?? createCpuBackend)();
    if (this.backend.name === 'webgpu') this.backendStatus = { choice: 'webgpu', active: 'webgpu', reason: 'WebGPU' };
    this.now = opts.now ?? (() => performance.now());
  }

  /**
   * Computes on another backend from now on. A run under way carries on there as a new run from
   * its weights (like Start after a finished run); the document is untouched. A choice that cannot
   * be had (`webgpu` without an adapter) leaves the backend as it was and says why.
   */
  setBackend(choice: BackendChoice): Promise<{ ok: true; status: BackendStatus } | { ok: false; message: string; status: BackendStatus }> {
    if (this.phase === 'running') this.phase = 'paused';
    return this.serial(async () => {
      let pick;
      try {
        pick = await pickBackend(choice, this.opts.gpuSource ?? noGpu);
      } catch (e) {
        return { ok: false as const, message: messageOf(e), status: this.statusNow() };
      }
      const old = this.trainer;
      const state = old && this.phase !== 'error' ? await old.session.exportState() : undefined;
      this.dropTrainer();
      this.swapBackend(pick.backend, { choice, active: pick.active, reason: pick.reason });
      if (state) await this.newRunFrom(state);
      this.emit();
      return { ok: true as const, status: this.statusNow() };
    });
  }

  /** Where progress and visuals go. */
  subscribe(onProgress: ProgressListener, onVisuals: VisualsListener): void {
    this.progressListener = onProgress;
    this.visualsListener = onVisuals;
  }

  /**
   * The document changed. A trainer survives edits that leave the computation alone (positions,
   * names, freezing, the training block, which retunes it) and, with `trained`, the weights it
   * wrote back itself; any other edit ends the run and the next Start begins from the document.
   */
  setDocument(doc: GraphDoc, opts: { readonly trained?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      const prev = this.doc;
      this.doc = doc;
      const t = this.trainer;
      // A graph without a training run shows its health as it stands: refreshed with every edit.
      if (!t && this.wanted.diagnostics === true) await this.sendVisuals(true);
      if (!t || !prev) return;
      const ignoreValues = opts.trained === true || this.phase === 'running';
      if (computeSignature(prev, ignoreValues) !== computeSignature(doc, ignoreValues)) {
        this.dropTrainer();
        this.emit();
        return;
      }
      for (const n of doc.nodes) if (n.op === 'param') t.setFrozen(n.id, n.attrs?.['frozen'] === true);
      if (JSON.stringify(prev.training) !== JSON.stringify(doc.training)) this.retune(t, doc);
      this.emit();
    });
  }

  /**
   * The user is panning, zooming or dragging: for the next INPUT_HOLD_MS a running training leaves
   * the CPU free 60% of the time, so the page's frames are drawn on time. Not queued behind the run
   * (it takes effect at the next slice); the page sends it at most every 100 ms while input lasts.
   */
  noteInput(): void {
    this.inputUntil = this.now() + INPUT_HOLD_MS;
  }

  private userMoving(): boolean {
    return this.now() < this.inputUntil;
  }

  /** Which visuals the UI shows; turning one on computes it at once when training is not running. */
  setVisualsWanted(wanted: VisualsWanted): Promise<void> {
    this.wanted = wanted;
    return this.serial(async () => {
      if (this.phase !== 'running') await this.sendVisuals(true);
    });
  }

  /** One forward and backward pass: on the trainer's weights when a run is paused or over, else on the document. */
  run(): Promise<RunReply> {
    return this.serial(async () => {
      if (this.trainer && this.phase !== 'running') return runOnTrainer(this.trainer).catch((e: unknown) => ({ ok: false as const, message: messageOf(e) }));
      const doc = this.requireDoc();
      let data: TrainerOptions;
      try {
        data = await this.dataFor(doc);
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
      return runGraph(doc, this.backend, data);
    });
  }

  /** Finite differences against the backward pass for every param and input of the document (float64, its own session). */
  gradcheck(): Promise<GradcheckReply> {
    return this.serial(async () => {
      const doc = this.requireDoc();
      try {
        return await checkGradients(doc, this.backend, await this.dataFor(doc));
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    });
  }

  /** The training data as the data view draws it, or why there is none. */
  dataset(): Promise<{ ok: true; view: DatasetView } | { ok: false; message: string }> {
    return this.serial(async () => {
      try {
        const data = this.trainer ?? (await this.loadData());
        return { ok: true, view: datasetView(data.train, data.val) };
      } catch (e) {
        return { ok: false, message: messageOf(e) };
      }
    });
  }

  /** Every problem that would stop Start, located on a field or a node; empty when training can start. */
  checkTraining(): Promise<TrainIssue[]> {
    return this.serial(async () => {
      if (this.trainer) return [];
      const doc = this.requireDoc();
      const parsed = parseTrainingConfig(doc.training);
      if (!parsed.ok) return parsed.messages.map((message) => ({ message }));
      try {
        createTrainer(doc, this.backend, await this.dataFor(doc)).dispose();
        return [];
      } catch (e) {
        return messageOf(e).split('\n').map((message) => ({ message, ...(nodeOf(e) !== undefined && { node: nodeOf(e) }) }));
      }
    });
  }

  /** Starts (or resumes) training; the run goes on in the background, reporting as it goes. */
  start(): Promise<void> {
    return this.serial(async () => {
      if (this.phase === 'running') return;
      await this.freshRunIfOver();
      if (!(await this.ensureTrainer())) return this.emit();
      this.phase = 'running';
      this.log.markRunning(this.now());
      this.emit();
      void this.loop(this.runNo);
    });
  }

  /** Stops after the step under way; Resume (start) goes on from there. */
  pause(): Promise<void> {
    if (this.phase === 'running') this.phase = 'paused';
    return this.serial(async () => {
      await this.sendVisuals(true);
      this.emit();
    });
  }

  /** Ends the run: the model is measured as it stands and the run counts as done. */
  stop(): Promise<void> {
    const wasActive = this.phase === 'running' || this.phase === 'paused';
    if (this.phase === 'running') this.phase = 'paused';
    return this.serial(async () => {
      const t = this.trainer;
      if (t && wasActive) {
        this.log.addRecord(await t.measureNow());
        this.phase = 'done';
        this.log.reason = 'stopped';
        await this.sendVisuals(true);
      }
      this.emit();
    });
  }

  /** One mini-batch, then paused. */
  step(): Promise<void> {
    if (this.phase === 'running') this.phase = 'paused';
    return this.serial(async () => {
      await this.freshRunIfOver();
      if (!(await this.ensureTrainer())) return this.emit();
      await this.advanceOnce(true);
      if (this.phase !== 'error' && this.phase !== 'done') this.phase = 'paused';
      await this.sendVisuals(true);
      this.emit();
    });
  }

  /** Drops the trainer: the next Start begins a new run from the document's weights. */
  reset(): Promise<void> {
    this.phase = 'idle';
    return this.serial(async () => {
      this.dropTrainer();
      this.emit();
    });
  }

  /** The document with the trained weights (and batchnorm statistics) stored, or null when nothing was trained. */
  trainedDocument(): Promise<GraphDoc | null> {
    return this.serial(async () => (this.trainer && this.log.trained ? this.trainer.exportGraph() : null));
  }


  private async loop(run: number): Promise<void> {
    while (this.phase === 'running' && this.runNo === run) {
      await this.serial(async () => {
        await this.slice(run);
        // A run that just ended reports at once, with its last visuals; a running one at most every REPORT_MS.
        const over = this.phase !== 'running';
        if (over || this.now() - this.lastReport >= REPORT_MS) this.emit();
        await this.sendVisuals(over);
      });
      if (this.userMoving()) await rest(INPUT_REST_MS);
      else await yieldToEvents();
    }
  }

  private async slice(run: number): Promise<void> {
    const end = this.now() + (this.userMoving() ? INPUT_SLICE_MS : SLICE_MS);
    const going = () => this.phase === 'running' && this.runNo === run && this.now() < end;
    const t0 = this.trainer;
    // A backend with a queue (WebGPU) reads each loss while the next step runs. A diagnostics
    // probe needs its step's tensors before the update: that one step goes alone (advanceOnce).
    const pipelined = t0 !== null && !isSyncBackend(this.backend);
    const probeDue = () => this.wanted.diagnostics === true && this.now() - this.lastDiagnostics >= DIAGNOSTICS_MS;
    while (going()) {
      if (!pipelined || probeDue()) {
        await this.advanceOnce(false);
        continue;
      }
      try {
        const done = await t0.advanceWhile(
          () => !going() || probeDue(),
          (p) => (p.type === 'step' ? this.log.addStep(p.report, t0.lr, this.now()) : this.log.addRecord(p.record)),
        );
        if (done) {
          this.phase = 'done';
          this.log.reason = done;
        }
      } catch (e) {
        await this.stepFailed(e);
      }
    }
    const t = this.trainer;
    if (t && this.backend.name !== 'cpu' && this.phase === 'running' && this.now() - (this.snapshot?.at ?? -Infinity) >= SNAPSHOT_MS) {
      this.snapshot = { step: t.stepCount, at: this.now(), state: await t.session.exportState() };
    }
  }

  /** Why the backend can no longer compute (a lost GPU device), or undefined while it can. */
  private backendLost(): string | undefined {
    const lost = (this.backend as { readonly lost?: string | null }).lost;
    return typeof lost === 'string' ? lost : undefined;
  }

  /**
   * The GPU was lost under a run: the engine goes on on the CPU, from the weights last read back
   * (or the document's), as a new run that says so in its history.
   */
  private async fallBackToCpu(lost: string): Promise<void> {
    const snapshot = this.snapshot;
    const wasRunning = this.phase === 'running';
    this.dropTrainer();
    this.swapBackend(createCpuBackend(), { choice: this.backendStatus.choice, active: 'cpu', reason: `CPU: the GPU was lost (${lost})` });
    if (!(await this.newRunFrom(snapshot?.state))) return;
    const from = snapshot ? `the weights of step ${snapshot.step}` : "the document's weights";
    this.log.addEvent(0, `the GPU was lost (${lost}); training goes on on the CPU from ${from}`);
    if (wasRunning) {
      this.phase = 'running';
      this.log.markRunning(this.now());
      void this.loop(this.runNo);
    } else this.phase = 'paused';
  }

  /** One step with its bookkeeping; a failure puts the run in `error` with the node it names. */
  private async advanceOnce(forceDiagnostics: boolean): Promise<void> {
    const t = this.trainer;
    if (!t) return;
    const diagnose = this.wanted.diagnostics === true && (forceDiagnostics || this.now() - this.lastDiagnostics >= DIAGNOSTICS_MS);
    try {
      const probe = diagnose ? await computeDiagnostics(t) : undefined;
      const r = await t.advance(probe?.inspect);
      this.log.addStep(r.report, t.lr, this.now());
      if (r.record) this.log.addRecord(r.record);
      if (probe) {
        this.lastDiagnostics = this.now();
        this.visualsListener?.({ run: this.runNo, diagnostics: await probe.finish() });
      }
      if (r.done) {
        this.phase = 'done';
        this.log.reason = r.done;
      }
    } catch (e) {
      await this.stepFailed(e);
    }
  }

  /** A step threw: a lost GPU moves the run to the CPU; anything else puts it in `error` with the node it names. */
  private async stepFailed(e: unknown): Promise<void> {
    const lost = this.backendLost();
    if (lost !== undefined) return this.fallBackToCpu(lost);
    this.phase = 'error';
    const node = nodeOf(e);
    const step = e instanceof TrainingError ? e.step : undefined;
    this.issue = { message: messageOf(e), ...(node !== undefined && { node }), ...(step !== undefined && { step }) };
  }

  private async sendVisuals(force: boolean): Promise<void> {
    const listener = this.visualsListener;
    if (!listener || (!force && this.now() - this.lastVisuals < VISUALS_MS)) return;
    this.lastVisuals = this.now();
    // Before any training the views show the network as it starts (the init examples' lesson, the first boundary).
    const w = this.wanted;
    const any = w.diagnostics === true || w.boundary === true || w.predictions === true;
    // The page learns the new run's number first, so it takes the visuals that follow.
    if (!this.trainer && force && any && this.doc?.training !== undefined && (await this.ensureTrainer(true))) this.emit();
    const t = this.trainer;
    if (!t) {
      if (force && w.diagnostics === true && this.doc && this.doc.training === undefined) {
        this.lastDiagnostics = this.now();
        const doc = this.doc;
        await documentDiagnostics(doc, this.backend).then(
          (diagnostics) => listener({ run: this.runNo, diagnostics }),
          () => undefined, // a graph that cannot run has no diagnostics; its problems are shown elsewhere
        );
      }
      return;
    }
    try {
      // Not running: the network as it stands (as initialised, or as a run left it), unless a step just measured it.
      if (force && this.wanted.diagnostics === true && this.phase !== 'running' && this.phase !== 'error' && this.now() - this.lastDiagnostics > DIAGNOSTICS_MS) {
        this.lastDiagnostics = this.now();
        const probe = await computeDiagnostics(t);
        listener({ run: this.runNo, diagnostics: await probe.preview() });
      }
      const pred = t.config.predictions;
      if (pred === undefined || this.phase === 'error') return;
      const op = this.doc?.nodes.find((n) => n.id === pred)?.op ?? '';
      const visuals: { boundary?: Visuals['boundary']; predictions?: Visuals['predictions'] } = {};
      if (this.wanted.boundary === true && isPlanar(t.train)) visuals.boundary = await boundaryGrid(t, pred, op);
      // Predictions cover a whole split (2,000 digits): once a second is plenty, and keeps them off the step's budget.
      if (this.wanted.predictions === true && (force || this.now() - this.lastPredictions >= PREDICTIONS_MS)) {
        this.lastPredictions = this.now();
        visuals.predictions = await predictionsView(t, pred);
      }
      if (visuals.boundary || visuals.predictions) listener({ run: this.runNo, ...visuals });
    } catch {
      // A visual that cannot be drawn (a graph whose predictions do not fit the grid) is simply not shown.
    }
  }

  /**
   * Start or Step after a run ended begins a new run (its own curve) from where the last one left
   * the weights: taken from the old trainer, so it does not depend on the page having written them
   * back yet. After a divergence the weights are NaN: the new run starts from the document.
   */
  private async freshRunIfOver(): Promise<void> {
    const old = this.trainer;
    if (!old || (this.phase !== 'done' && this.phase !== 'error')) return;
    const state = this.phase === 'done' ? await old.session.exportState() : undefined;
    this.dropTrainer();
    if (state) await this.newRunFrom(state);
  }

  /** A new run (its own curve) from `state`, the weights a previous trainer left, else from the document's. */
  private async newRunFrom(state: SessionState | undefined): Promise<boolean> {
    if (!(await this.ensureTrainer())) return false;
    if (state) this.trainer?.session.importState(state);
    return true;
  }

  /** Computes on `next` from now on; the backend it replaces (a lost GPU's too) lets go of its memory. */
  private swapBackend(next: Backend, status: BackendStatus): void {
    try {
      this.backend.dispose();
    } catch {
      // A lost device may refuse; its memory went with it.
    }
    this.backend = next;
    this.backendStatus = status;
  }

  /**
   * Makes the trainer for a new run. `quiet` (a diagnostics preview) leaves the phase alone when it
   * fails; Start and Step report the failure as the run's error, with the node it names.
   */
  private async ensureTrainer(quiet = false): Promise<boolean> {
    if (this.trainer) return true;
    const doc = this.requireDoc();
    try {
      this.trainer = createTrainer(doc, this.backend, await this.dataFor(doc));
    } catch (e) {
      if (quiet) return false;
      this.phase = 'error';
      const node = nodeOf(e);
      this.issue = { message: messageOf(e), ...(node !== undefined && { node }) };
      return false;
    }
    this.issue = undefined;
    this.runNo++;
    this.log = new TrainLog(this.runNo);
    if (this.phase === 'error') this.phase = 'idle';
    return true;
  }

  private retune(t: Trainer, doc: GraphDoc): void {
    const parsed = parseTrainingConfig(doc.training);
    if (!parsed.ok) return; // the panel shows the messages; the run keeps its settings until they are valid
    const before = t.config;
    try {
      t.reconfigure(parsed.config);
      this.log.noteChanges(before, parsed.config, t.stepCount);
    } catch (e) {
      // A change that needs a new trainer (another dataset, seed, split): the run ends here.
      this.dropTrainer();
      this.issue = { message: messageOf(e) };
    }
  }

  private dropTrainer(): void {
    this.snapshot = undefined;
    try {
      this.trainer?.dispose();
    } catch {
      // After a lost GPU its buffers went with the device.
    }
    this.trainer = null;
    this.phase = 'idle';
    this.issue = undefined;
  }

  private async loadData(): Promise<TrainingData> {
    const doc = this.requireDoc();
    return loadData(doc, await this.dataFor(doc));
  }

  private async dataFor(doc: GraphDoc): Promise<TrainerOptions> {
    const ds = doc.training?.['dataset'];
    const name = typeof ds === 'object' && ds !== null ? (ds as { name?: unknown }).name : undefined;
    if (name !== 'digits') return {};
    if (!this.opts.loadDigitsRaw) throw new TrainingError('the digits dataset is not available here');
    this.digits ??= this.opts.loadDigitsRaw();
    this.digits.catch(() => {
      this.digits = undefined;
    });
    return { digitsRaw: await this.digits };
  }

  private requireDoc(): GraphDoc {
    if (!this.doc) throw new Error('no document: call setDocument first');
    return this.doc;
  }

  /** The status with the CPU's kernel path and threads, which the status bar shows beside it. */
  private statusNow(): BackendStatus {
    const path = this.backend as Partial<CpuPath>;
    if (this.backendStatus.active !== 'cpu' || path.kernels === undefined) return this.backendStatus;
    const kernels = path.kernels === 'js' ? 'JavaScript' : path.inHeap ? 'WebAssembly SIMD' : 'WebAssembly SIMD, matmul only';
    return { ...this.backendStatus, kernels, threads: path.threads ?? 1 };
  }

  /**
   * Sends the progress with every delta since the last report. It is the only way points leave
   * the service, so they reach the UI once and in order; commands report through it too.
   */
  private emit(): void {
    this.lastReport = this.now();
    const p = this.log.report({ phase: this.phase, trainer: this.trainer, issue: this.issue });
    this.progressListener?.({ ...p, backend: this.statusNow() });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }
}

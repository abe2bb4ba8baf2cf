/**
 * The training loop, driven step by step (the editor's worker) or run to the
 * end (the command line). Everything random comes from the block's seed:
 * params from the session's initialisers, batch order from the trainer's own
 * stream, dropout from the session's stream; so the same file and seed give
 * the same losses bit for bit.
 */
import type { Backend } from '../backend/backend.js';
import { DatasetError, type Dataset } from '../data/dataset.js';
import { makeDataset } from '../data/make-dataset.js';
import { splitDataset } from '../data/split.js';
import { compileStructure } from '../engine/compile.js';
import { Session, type StepResult } from '../engine/executor.js';
import type { GraphDoc } from '../graph/types.js';
import { Rng } from '../tensor/random.js';
import type { HostTensor } from '../tensor/tensor.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { BatchBuffers, type Binding, feedShapes, findBindings, gatherBatch, sliceBatch } from './batches.js';
import { type TrainingConfig, trainingConfig } from './config.js';
import { EarlyStopping } from './early-stopping.js';
import { firstBadValue, firstNonFiniteGrad, firstNonFiniteValue, isSyncBackend } from './diagnose.js';
import { TrainingError } from './errors.js';
import { exportTrainedGraph } from './export.js';
import { countCorrect } from './metrics.js';
import { Optimizer, type ParamGrad } from './optimizer.js';
import { learningRate } from './schedule.js';
import type { EpochRecord, EvalReport, Progress, StepReport, StopReason, TrainerOptions, TrainResult, TrainRunOptions } from './types.js';

export type { EpochRecord, EvalReport, Progress, StepReport, StopReason, TrainerOptions, TrainResult, TrainRunOptions };

/** Rows evaluated per forward pass; larger splits are evaluated in chunks and their losses averaged by rows. */
const EVAL_CHUNK = 4096;
/** On backends without synchronous reads, params are checked for NaN/Inf this often (CPU checks every gradient every step). */
const PARAM_CHECK_EVERY = 50;
/** Keeps the shuffling stream apart from the session's streams, which start from the same seed. */
const SHUFFLE_SALT = 0x243f6a88;

/**
 * A step whose work is queued (forward, backward, the loss's download and, when pipelined, the
 * update) and whose loss has not been looked at yet; see {@link Trainer.settle}.
 */
interface QueuedStep {
  readonly report: Omit<StepReport, 'loss'>;
  readonly r: StepResult;
  readonly loss: Promise<HostTensor>;
  /** The update was queued with the step, before its loss was read (pipelined). */
  readonly updated: boolean;
  /** Step count, cursor and epochs before this step, put back if it fails. */
  readonly before: { readonly steps: number; readonly cursor: number; readonly epochs: number };
}

/**
 * Trains a graph with its training block. All methods are async so that a
 * backend whose reads are asynchronous (WebGPU) fits; calls must not overlap.
 */
export class Trainer {
  private cfg: TrainingConfig;
  readonly session: Session;
  readonly train: Dataset;
  readonly val: Dataset | null;
  private batch: number;
  /** Params the optimiser skips (attrs.frozen, or frozen while training). */
  private readonly frozen = new Set<string>();
  readonly bindings: readonly Binding[];
  /** Where each step gathers its mini-batch (see BatchBuffers). */
  private readonly batchBuffers = new BatchBuffers();
  private readonly optimizer: Optimizer;
  private readonly order: Uint32Array;
  private readonly shuffleRng: Rng;
  private readonly records: EpochRecord[] = [];
  private steps = 0;
  private epochs = 0;
  /** Next row of `order` to use in the current epoch (0: an epoch begins). */
  private cursor = 0;
  private totalEpochs: number;
  private stopper: EarlyStopping | undefined;
  /** With restoreBest: the best epoch so far and the state it left (taken when it is measured). */
  private best: { readonly record: EpochRecord; readonly state: Awaited<ReturnType<Session['exportState']>> } | undefined;
  private busy = false;
  private prepared = false;
  /** What paramGrads last gave (see there). */
  private lastParamGrads: { readonly session: Session; readonly list: readonly ParamGrad[] } | undefined;

  constructor(
    readonly doc: GraphDoc,
    readonly backend: Backend,
    opts: TrainerOptions = {},
  ) {
    this.cfg = trainingConfig(doc.training);
    const cfg = this.cfg;
    const structure = compileStructure(doc);
    this.bindings = findBindings(structure);
    for (const n of structure.nodes) if (n.op.name === 'param' && n.attrs['frozen'] === true) this.frozen.add(n.id);
    const data = buildData(cfg, opts);
    this.train = data.train;
    this.val = data.val;
    const n = this.train.labels.length;
    this.batch = Math.min(cfg.batchSize ?? n, n);
    this.session = new Session(doc, backend, { seed: cfg.seed, feedShapes: feedShapes(this.bindings, this.train, this.batchSize) });
    this.checkShapes();
    this.optimizer = new Optimizer(backend, cfg.optimizer);
    this.order = Uint32Array.from({ length: n }, (_, i) => i);
    this.shuffleRng = new Rng((cfg.seed ^ SHUFFLE_SALT) >>> 0);
    this.totalEpochs = cfg.epochs;
    this.stopper = cfg.earlyStopping && new EarlyStopping(cfg.earlyStopping);
  }

  /** The training block in force (reconfigure replaces it). */
  get config(): TrainingConfig {
    return this.cfg;
  }

  /** Rows per step. */
  get batchSize(): number {
    return this.batch;
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Epochs completed so far. */
  get epochCount(): number {
    return this.epochs;
  }

  /** Epoch records made so far (by runEpoch and run). */
  get history(): readonly EpochRecord[] {
    return this.records;
  }

  /** The learning rate the current epoch uses. */
  get lr(): number {
    return learningRate(this.config.schedule, this.config.optimizer.lr, this.epochs, this.totalEpochs);
  }

  /** Epochs the run is set to train for. */
  get epochTarget(): number {
    return this.totalEpochs;
  }

  /**
   * One mini-batch: forward in train mode, backward, optimiser update. Throws TrainingError on a
   * non-finite loss or gradient. `inspect` sees the step's every value and gradient (side branches
   * included) before the update, for the editor's diagnostics.
   */
  step(inspect?: Inspect): Promise<StepReport> {
    return this.exclusive(() => this.doStep(inspect));
  }

  /**
   * One step as a run would take it: at the end of an epoch the epoch is measured and recorded,
   * early stopping observed (with restoreBest, the best weights are put back when it fires).
   * `done` says why the run is over once it is: its epochs, its step cap, or early stopping.
   */
  advance(inspect?: Inspect): Promise<{ report: StepReport; record?: EpochRecord; done?: StopReason }> {
    return this.exclusive(async () => {
      const report = await this.doStep(inspect);
      let record: EpochRecord | undefined;
      if (this.cursor === 0) record = await this.endEpoch();
      let done: StopReason | undefined;
      if (this.stopper?.exhausted === true) {
        done = 'early-stopping';
        if (this.best) this.session.importState(this.best.state);
      } else if (this.epochs >= this.totalEpochs) done = 'epochs';
      else if (this.cfg.steps !== undefined && this.steps >= this.cfg.steps) done = 'steps';
      return { report, ...(record && { record }), ...(done && { done }) };
    });
  }

  /** The model as it is now, on both splits, recorded as a (possibly partial) epoch. */
  measureNow(): Promise<EpochRecord> {
    return this.exclusive(async () => {
      const record = await this.measure(this.epochs + (this.cursor !== 0 ? 1 : 0), this.lr);
      this.records.push(record);
      return record;
    });
  }

  /**
   * Hyper-parameters changed between steps: optimiser settings, schedule, batch size, epochs, step
   * cap, early stopping and threshold take effect at the next step. What shapes the data or the
   * starting point (dataset, validation split, seed, predictions node, shuffling) cannot change
   * under a running trainer: those throw, naming the field, and need a new trainer.
   */
  reconfigure(next: TrainingConfig): void {
    const fixed = ['dataset', 'validation', 'seed', 'predictions', 'shuffle'] as const;
    for (const key of fixed) {
      if (JSON.stringify(next[key]) !== JSON.stringify(this.cfg[key])) {
        throw new TrainingError(`training.${key} cannot change while a run is under way: stop and reset the weights first`);
      }
    }
    const n = this.train.labels.length;
    const batch = Math.min(next.batchSize ?? n, n);
    const prev = { cfg: this.cfg, batch: this.batch };
    this.cfg = next;
    this.batch = batch;
    try {
      this.checkShapes();
    } catch (e) {
      this.cfg = prev.cfg;
      this.batch = prev.batch;
      throw e;
    }
    this.optimizer.reconfigure(next.optimizer);
    this.totalEpochs = next.epochs;
    if (JSON.stringify(next.earlyStopping) !== JSON.stringify(prev.cfg.earlyStopping)) {
      this.stopper = next.earlyStopping && new EarlyStopping(next.earlyStopping);
      this.best = undefined;
    }
  }

  /** Freezes (or thaws) a param from the next step on. */
  setFrozen(id: string, frozen: boolean): void {
    if (!this.session.paramIds.includes(id)) throw new TrainingError(`there is no param "${id}" to freeze`, undefined, id);
    if (frozen) this.frozen.add(id);
    else this.frozen.delete(id);
  }

  /** Ids of the params training leaves as they are. */
  get frozenIds(): ReadonlySet<string> {
    return this.frozen;
  }

  /**
   * The graph in eval mode on arbitrary samples (`rows` flat, `count` rows of the dataset's width):
   * the values of `ids`. Labels inputs get zeros (only the loss reads them). The editor draws
   * decision boundaries and digit predictions with it.
   */
  predict(rows: Float32Array, count: number, ids: readonly string[]): Promise<Map<string, HostTensor>> {
    return this.exclusive(async () => {
      const width = this.train.features.shape[1];
      if (rows.length !== count * width) throw new RangeError(`predict: ${rows.length} values are not ${count} rows of ${width}`);
      const probe: Dataset = { ...this.train, features: { shape: [count, width], data: rows }, labels: new Float32Array(count) };
      const out = new Map<string, HostTensor>();
      for (let start = 0; start < count; start += EVAL_CHUNK) {
        const end = Math.min(start + EVAL_CHUNK, count);
        const { feeds } = sliceBatch(this.bindings, probe, start, end);
        const r = this.session.run({ mode: 'eval', feeds, backward: false, only: [...ids] });
        try {
          for (const id of ids) {
            const v = r.value(id);
            if (!v) continue;
            const part = await r.read(v);
            const prev = out.get(id);
            out.set(id, prev ? { shape: [prev.shape[0] + part.shape[0], ...part.shape.slice(1)], data: concat(prev.data, part.data) } : part);
          }
        } finally {
          r.release();
        }
      }
      return out;
    });
  }

  /** Loss (and accuracy) of a whole split in eval mode; no gradients, no update. */
  evaluate(split: 'train' | 'val'): Promise<EvalReport> {
    return this.exclusive(() => this.doEvaluate(split));
  }

  /** Finishes the current epoch (ignoring any step cap) and records it. */
  runEpoch(): Promise<EpochRecord> {
    return this.exclusive(async () => {
      do await this.doStep();
      while (this.cursor !== 0);
      return this.endEpoch();
    });
  }

  /**
   * Trains until `epochs` epochs are done in total, the step cap is reached, early stopping fires
   * or `shouldStop` returns true. A run that ends mid-epoch records that epoch as it stands, so
   * `final` always describes the model as it is now.
   */
  run(opts: TrainRunOptions = {}): Promise<TrainResult> {
    return this.exclusive(async () => {
      const epochs = opts.epochs ?? this.config.epochs;
      this.totalEpochs = epochs;
      const reason = await this.loop(epochs, opts.steps ?? this.config.steps, opts);
      const last = this.records.at(-1);
      if (this.cursor !== 0 || !last) {
        const record = await this.measure(this.epochs + (this.cursor !== 0 ? 1 : 0), this.lr);
        this.records.push(record);
        opts.onProgress?.({ type: 'epoch', record });
      }
      const best = this.best;
      if (reason === 'early-stopping' && best) {
        this.session.importState(best.state);
        return { history: [...this.records], final: { ...best.record, stoppedEarly: true, reason, restoredEpoch: best.record.epoch } };
      }
      const final = this.records[this.records.length - 1];
      return { history: [...this.records], final: { ...final, stoppedEarly: reason !== 'epochs', reason } };
    });
  }

  /**
   * The steps of run() and advanceWhile(): until `epochs` epochs, the step cap, early stopping or
   * `shouldStop`; each step and epoch record reported as it comes. Returns why it stopped.
   */
  private async loop(epochs: number, steps: number | undefined, opts: TrainRunOptions): Promise<StopReason> {
    // Without synchronous reads (WebGPU), step t's loss is read while step t+1 is queued, so the
    // queue never waits for a read; never across an epoch's end, whose measurement needs both.
    const pipelined = !isSyncBackend(this.backend);
    await this.doPrepare();
    const inflight: QueuedStep[] = [];
    const settleDownTo = async (n: number) => {
      while (inflight.length > n) {
        const report = await this.settle(inflight.shift() as QueuedStep);
        opts.onProgress?.({ type: 'step', report });
      }
    };
    let reason: StopReason;
    try {
      for (;;) {
        if (this.epochs >= epochs) reason = 'epochs';
        else if (steps !== undefined && this.steps >= steps) reason = 'steps';
        else if (opts.shouldStop?.() === true) reason = 'stopped';
        else {
          inflight.push(this.queueStep(pipelined));
          await settleDownTo(pipelined && this.cursor !== 0 ? 1 : 0);
          if (this.cursor !== 0) continue;
          const record = await this.endEpoch();
          opts.onProgress?.({ type: 'epoch', record });
          if (this.stopper?.exhausted === true) reason = 'early-stopping';
          else continue;
        }
        break;
      }
      await settleDownTo(0);
    } finally {
      // Only after a failed step: the step queued behind it is dropped (its update stands; the trainer stops here).
      for (const q of inflight) q.r.release();
    }
    return reason;
  }

  /**
   * Steps until `shouldStop` says so or the run is over, as advance() in a loop would, but with
   * reads pipelined where the backend has no synchronous read (WebGPU: step t's loss is read while
   * step t+1 is queued) and no record of a partial epoch when it stops: the editor's slices of a
   * run. Returns why the run is over, or undefined when it was only stopped for now.
   */
  advanceWhile(shouldStop: () => boolean, onProgress: (p: Progress) => void): Promise<StopReason | undefined> {
    return this.exclusive(async () => {
      const reason = await this.loop(this.totalEpochs, this.cfg.steps, { shouldStop, onProgress });
      if (reason === 'stopped') return undefined;
      if (reason === 'early-stopping' && this.best) this.session.importState(this.best.state);
      return reason;
    });
  }

  /** The document with trained params (and batchnorm running statistics) stored in attrs; see exportTrainedGraph. */
  exportGraph(): Promise<GraphDoc> {
    return this.exclusive(() => exportTrainedGraph(this.doc, this.session));
  }

  /** Frees the session's and the optimiser's tensors. */
  dispose(): void {
    this.optimizer.dispose();
    this.session.dispose();
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw new TrainingError('the trainer is busy: wait for the previous call to finish');
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  private async doStep(inspect?: Inspect): Promise<StepReport> {
    await this.doPrepare();
    return this.settle(this.queueStep(false, inspect !== undefined), inspect);
  }

  /**
   * Compiles what the first step runs before it, on a backend that compiles kernels (WebGPU; the
   * first step, run, step and advance do it themselves): one step of a throwaway session and
   * optimiser on the first rows, read back and dropped. The run's own session, its random draws,
   * its optimiser state and the data order are untouched, so its numbers are those of a run
   * without it. Nothing to do on the CPU.
   */
  prepare(): Promise<void> {
    return this.exclusive(() => this.doPrepare());
  }

  private async doPrepare(): Promise<void> {
    if (this.prepared) return;
    this.prepared = true;
    if (isSyncBackend(this.backend)) return;
    const s = new Session(this.doc, this.backend, { seed: this.cfg.seed, feedShapes: feedShapes(this.bindings, this.train, this.batchSize) });
    const opt = new Optimizer(this.backend, this.cfg.optimizer);
    try {
      const rows = Uint32Array.from({ length: this.batchSize }, (_, i) => i);
      const r = s.run({ mode: 'train', feeds: gatherBatch(this.bindings, this.train, rows).feeds, only: [], grads: 'params' });
      try {
        opt.step(this.paramGrads(r, s), this.lr);
        await this.backend.download(r.output);
      } finally {
        r.release();
      }
    } finally {
      opt.dispose();
      s.dispose();
    }
  }

  /**
   * Queues one mini-batch: forward and backward in train mode and the loss's download, then (when
   * `pipelined`) the update, before anything is read. Moves the step count and cursor on.
   */
  private queueStep(pipelined: boolean, everyNode = false): QueuedStep {
    const n = this.order.length;
    if (this.cursor === 0 && this.config.shuffle) this.shuffleRng.shuffle(this.order);
    const before = { steps: this.steps, cursor: this.cursor, epochs: this.epochs };
    const start = this.cursor;
    const end = Math.min(start + this.batchSize, n);
    const { feeds } = gatherBatch(this.bindings, this.train, this.order.subarray(start, end), this.batchBuffers);
    const report = { step: this.steps + 1, epoch: this.epochs + 1, batchSize: end - start, lr: this.lr };
    // Only the loss and what it depends on, and only the gradients that reach a param: side
    // branches (a softmax for display) and the inputs' gradients are not needed to train. The
    // step is read and released before the next (settle), so on the CPU it is replayed.
    const r = this.session.run({ mode: 'train', feeds, reuse: true, ...(!everyNode && { only: [], grads: 'params' }) });
    const loss = r.read(r.output);
    // Looked at later (settle); a failed read must not count as unhandled meanwhile.
    loss.catch(() => undefined);
    if (pipelined) {
      this.optimizer.step(this.paramGrads(r), report.lr);
      this.backend.flush?.();
    }
    this.steps = report.step;
    this.cursor = end >= n ? 0 : end;
    if (end >= n) this.epochs++;
    return { report, r, loss, updated: pipelined, before };
  }

  /**
   * Reads a queued step's loss and checks it (and on the CPU every gradient); updates the params
   * unless the update was queued already; frees the step's tensors. A failure throws TrainingError
   * naming the step and the node, and leaves the step count and cursor as they were before the step.
   */
  private async settle(q: QueuedStep, inspect?: Inspect): Promise<StepReport> {
    const { r, report } = q;
    try {
      const loss = (await q.loss).data[0];
      if (!Number.isFinite(loss)) throw await this.lossError(r, report.step, loss);
      if (!q.updated) {
        const grads = this.paramGrads(r);
        await this.checkGrads(r, grads, report.step);
        if (inspect) await inspect(r);
        this.optimizer.step(grads, report.lr);
        this.backend.flush?.();
      }
      if (!isSyncBackend(this.backend) && report.step % PARAM_CHECK_EVERY === 0) await this.checkParams(report.step);
      return { ...report, loss };
    } catch (e) {
      this.steps = q.before.steps;
      this.cursor = q.before.cursor;
      this.epochs = q.before.epochs;
      throw e;
    } finally {
      r.release();
    }
  }

  /** What the optimiser updates after step `r` of `session` (the run's own, or prepare's throwaway one). */
  private paramGrads(r: StepResult, session: Session = this.session): readonly ParamGrad[] {
    const ids = session.paramIds;
    // A replayed step hands back the same tensors every time: the last list is used again, so
    // that a steady-state step makes no object per param.
    const last = this.lastParamGrads;
    if (last?.session === session) {
      let same = true;
      let at = 0;
      for (let i = 0; i < ids.length && same; i++) {
        const grad = r.grad(ids[i]);
        if (!grad || this.frozen.has(ids[i])) continue;
        const pg = last.list[at++];
        same = pg !== undefined && pg.id === ids[i] && pg.grad === grad && pg.param === session.param(ids[i]);
      }
      if (same && at === last.list.length) return last.list;
    }
    const out: ParamGrad[] = [];
    for (const id of ids) {
      const grad = r.grad(id);
      // A param the loss does not depend on gets no gradient and stays as it is; so does a frozen one.
      if (grad && !this.frozen.has(id)) out.push({ id, param: session.param(id), grad });
    }
    this.lastParamGrads = { session, list: out };
    return out;
  }

  private async lossError(r: StepResult, step: number, loss: number): Promise<TrainingError> {
    const at = await firstNonFiniteValue(r);
    if (!at) return new TrainingError(`training stopped at step ${step}: the loss is ${String(loss)}`, step);
    return new TrainingError(`training stopped at step ${step}: node "${at.id}" (${at.op}) produced ${at.value}`, step, at.id);
  }

  /** On a synchronous backend, every param gradient is scanned each step; elsewhere the loss check and periodic param checks stand in. */
  private async checkGrads(r: StepResult, grads: readonly ParamGrad[], step: number): Promise<void> {
    const b = this.backend;
    if (!isSyncBackend(b)) return;
    // Indexed: an async function's iterator is a new object each step.
    for (let i = 0; i < grads.length; i++) {
      const { id, grad } = grads[i];
      const bad = firstBadValue(b.readSync(grad));
      if (bad === undefined) continue;
      const origin = await firstNonFiniteGrad(r);
      const where = origin && origin.id !== id ? ` (it first appears in the gradient of node "${origin.id}" (${origin.op}))` : '';
      throw new TrainingError(`training stopped at step ${step}: the gradient of param "${id}" contains ${bad}${where}`, step, id);
    }
  }

  private async checkParams(step: number): Promise<void> {
    for (const id of this.session.paramIds) {
      const bad = firstBadValue(await this.backend.download(this.session.param(id)));
      if (bad !== undefined) throw new TrainingError(`training stopped at step ${step}: param "${id}" became ${bad}`, step, id);
    }
  }

  private async doEvaluate(split: 'train' | 'val'): Promise<EvalReport> {
    const ds = split === 'train' ? this.train : this.val;
    if (!ds) throw new TrainingError('there is no validation split: set training.validation to a fraction > 0');
    const n = ds.labels.length;
    const pred = this.config.predictions;
    // Every chunk is queued with its downloads before any is awaited; the sums run in chunk order as before.
    const chunks: { rows: number; labels: ArrayLike<number>; loss: Promise<HostTensor>; pred?: Promise<HostTensor> }[] = [];
    // A backend that reads synchronously (the CPU) is read in place, chunk by chunk: no copies.
    // In Chromium each copy is a new typed array, which costs tens of microseconds; on the spiral,
    // whose every step ends an epoch, that was a tenth of the editor's training time.
    const sync = isSyncBackend(this.backend) ? this.backend : undefined;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += EVAL_CHUNK) {
      const end = Math.min(start + EVAL_CHUNK, n);
      const { feeds, labels } = sliceBatch(this.bindings, ds, start, end);
      const r = this.session.run({ mode: 'eval', feeds, backward: false, only: pred === undefined ? [] : [pred] });
      try {
        const p = pred === undefined ? undefined : r.value(pred);
        if (sync) {
          lossSum += sync.readSync(r.output)[0] * (end - start);
          if (p) correct += countCorrect({ shape: p.shape, data: sync.readSync(p) }, labels, this.config.threshold);
          continue;
        }
        const chunk = { rows: end - start, labels, loss: r.read(r.output), ...(p && { pred: r.read(p) }) };
        chunk.loss.catch(() => undefined);
        chunk.pred?.catch(() => undefined);
        chunks.push(chunk);
      } finally {
        r.release();
      }
    }
    for (const c of chunks) {
      lossSum += (await c.loss).data[0] * c.rows;
      if (c.pred) correct += countCorrect(await c.pred, c.labels, this.config.threshold);
    }
    const loss = lossSum / n;
    return pred === undefined ? { loss } : { loss, accuracy: correct / n };
  }

  /** Records the epoch just completed and updates early stopping. */
  private async endEpoch(): Promise<EpochRecord> {
    const lr = learningRate(this.config.schedule, this.config.optimizer.lr, this.epochs - 1, this.totalEpochs);
    const record = await this.measure(this.epochs, lr);
    this.records.push(record);
    const improved = this.stopper?.observe(record) === true;
    if (improved && this.config.earlyStopping?.restoreBest === true) this.best = { record, state: await this.session.exportState() };
    return record;
  }

  private async measure(epoch: number, lr: number): Promise<EpochRecord> {
    const t = await this.doEvaluate('train');
    const v = this.val ? await this.doEvaluate('val') : undefined;
    return {
      step: this.steps,
      epoch,
      loss: t.loss,
      ...(t.accuracy !== undefined && { accuracy: t.accuracy }),
      ...(v && { valLoss: v.loss }),
      ...(v?.accuracy !== undefined && { valAccuracy: v.accuracy }),
      lr,
    };
  }

  /** The loss must be a scalar, and the predictions node must give one row per sample. */
  private checkShapes(): void {
    const shapes = feedShapes(this.bindings, this.train, this.batchSize);
    const plan = this.session.plan(shapes);
    const out = plan.nodes[plan.output];
    if (sizeOf(out.shape) !== 1) {
      throw new TrainingError(`training needs a scalar loss as the graph's output, but "${out.id}" has shape ${formatShape(out.shape)} (add a loss node, or mean/sum)`, undefined, out.id);
    }
    const pred = this.config.predictions;
    if (pred === undefined) return;
    const i = plan.indexOf.get(pred);
    if (i === undefined) throw new TrainingError(`training.predictions names node "${pred}", which does not exist`, undefined, pred);
    const shape = plan.nodes[i].shape;
    const cols = shape.length >= 2 ? shape[shape.length - 1] : 1;
    if (shape.length === 0 || sizeOf(shape) !== this.batchSize * cols) {
      throw new TrainingError(
        `training.predictions: node "${pred}" has shape ${formatShape(shape)}, not one row per sample (batch of ${this.batchSize})`,
        undefined,
        pred,
      );
    }
  }
}

/** Sees a training step's values and gradients before the update (they are freed after it). */
export type Inspect = (r: StepResult) => Promise<void>;

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function buildData(cfg: TrainingConfig, opts: TrainerOptions): { train: Dataset; val: Dataset | null } {
  try {
    const ds = makeDataset(cfg.dataset, { digitsRaw: opts.digitsRaw });
    // The split follows the dataset's seed, not the training seed, so changing the training seed keeps the same validation rows.
    return splitDataset(ds, cfg.validation, ((cfg.dataset.seed ?? 0) ^ 0x5b117) >>> 0);
  } catch (e) {
    if (e instanceof DatasetError) throw new TrainingError(e.message);
    throw e;
  }
}

/**
 * Validates the graph's training block, builds the dataset and its split, and creates the
 * session (seeded from training.seed, with the bound inputs' batch shapes). Throws
 * TrainingError for a bad block or binding, GraphError for a graph that does not fit the data.
 */
export function createTrainer(doc: GraphDoc, backend: Backend, opts: TrainerOptions = {}): Trainer {
  return new Trainer(doc, backend, opts);
}

/**
 * What the editor's engine worker answers: the messages between the UI thread
 * and the engine, as plain data that survives structured cloning (typed
 * arrays, arrays, plain objects; no classes, no functions). The UI never runs
 * a kernel: it sends the document and commands, and draws what comes back.
 */
import type { HostTensor } from '../tensor/tensor.js';
import type { EpochRecord, StopReason } from '../train/types.js';

/** One forward and backward pass: every node's value and gradient, or why it failed. */
export type RunReply =
  | {
      readonly ok: true;
      readonly output: string;
      readonly values: Readonly<Record<string, HostTensor>>;
      readonly grads: Readonly<Record<string, HostTensor>>;
      /**
       * What flows back along each edge, by `from->to.port` (the canvas's edge id): the gradient
       * the consumer sends to that input. Where a value fans out, these add up to its node's grad.
       */
      readonly edgeGrads: Readonly<Record<string, HostTensor>>;
      /** Node ids in the order the forward pass ran them (the backward pass runs them in reverse). */
      readonly order: readonly string[];
    }
  | { readonly ok: false; readonly message: string; readonly node?: string };

/**
 * Where a training run stands. `idle`: no trainer (never started, or reset);
 * `running`; `paused` (Pause or Step; the weights are kept and Resume goes on);
 * `done` (its epochs, its step cap or early stopping ended it, or Stop);
 * `error` (diverged or failed; `error` says why).
 */
export type TrainPhase = 'idle' | 'running' | 'paused' | 'done' | 'error';

/** A problem that stopped or refused training, located where it can be. */
export interface TrainIssue {
  readonly message: string;
  /** The node it names (the one that produced NaN first, a bad predictions node...). */
  readonly node?: string;
  /** The step at which training diverged. */
  readonly step?: number;
}

/** Per-step measurements added since the previous report (parallel arrays). */
export interface StepPoints {
  readonly step: number[];
  readonly loss: number[];
  readonly lr: number[];
}

/** A change made while training, shown in the history: `lr 0.1 → 0.01`. */
export interface TrainEvent {
  readonly step: number;
  readonly text: string;
}

/**
 * A progress report, sent at most about 30 times a second while training and
 * once after every command. Points, records and events are deltas: the UI
 * appends them to what it has. `run` numbers the runs (a Reset starts a new
 * one), so the UI knows when to start a fresh curve.
 */
export interface TrainProgress {
  readonly run: number;
  readonly phase: TrainPhase;
  readonly step: number;
  /** Epochs completed. */
  readonly epoch: number;
  /** Epochs the run trains for. */
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly stepCap?: number;
  /** Steps per second over the last second or so of running. */
  readonly stepsPerSecond: number;
  /** Estimated time to the end of the run, when it is running. */
  readonly secondsLeft?: number;
  readonly lr: number;
  readonly points: StepPoints;
  readonly records: readonly EpochRecord[];
  readonly events: readonly TrainEvent[];
  /** Why a finished run ended. */
  readonly reason?: StopReason;
  readonly issue?: TrainIssue;
  /** True once the weights differ from the document's (the UI asks for `trainedDocument`). */
  readonly trained: boolean;
  /** What computes, and why: changes by itself when a lost GPU sends the engine back to the CPU. */
  readonly backend?: BackendStatus;
}

/** Which of the (costlier) visuals the UI is showing, so the worker computes only those. */
export interface VisualsWanted {
  readonly boundary?: boolean;
  readonly diagnostics?: boolean;
  readonly predictions?: boolean;
}

/**
 * The model's output over a grid covering the 2-D data: `values` holds
 * `size * size` rows (row-major, y from `y0` at row 0 to `y1`) of `classes`
 * columns: probabilities when the predictions node gives them (softmax or
 * sigmoid outputs), else raw scores, as `kind` says.
 */
export interface BoundaryGrid {
  readonly step: number;
  readonly size: number;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly classes: number;
  readonly kind: 'probability' | 'score';
  readonly values: Float32Array;
}

/** A histogram over [lo, hi] in equal bins. */
export interface Histogram {
  readonly lo: number;
  readonly hi: number;
  readonly counts: number[];
}

/** One param at one probe step: cs231n's health checks. */
export interface ParamHealth {
  readonly id: string;
  readonly weightNorm: number;
  readonly gradNorm: number;
  /** ‖Δw‖ / ‖w‖ of this step's update (about 1e-3 is healthy); null when no step was taken (a preview). */
  readonly updateRatio: number | null;
  readonly frozen: boolean;
}

/** One activation node (relu, tanh, sigmoid, ...) at one probe step. */
export interface LayerHealth {
  readonly id: string;
  readonly op: string;
  readonly values: Histogram;
  readonly grads: Histogram;
  readonly mean: number;
  readonly std: number;
  readonly gradMean: number;
  readonly gradStd: number;
  /** relu: share of units at or below zero for every sample of the batch. */
  readonly dead?: number;
  /** sigmoid and tanh: share of outputs within 1% of their limits. */
  readonly saturated?: number;
}

export interface Diagnostics {
  readonly step: number;
  readonly params: readonly ParamHealth[];
  readonly layers: readonly LayerHealth[];
}

/** The model's predictions on (the first rows of) the validation split, or the training split without one. */
export interface PredictionsView {
  readonly step: number;
  readonly split: 'train' | 'val';
  /** Predicted class per shown row (the rows of DatasetView's `shown`). */
  readonly predicted: Int32Array;
  /** confusion[true][predicted] over the whole split. */
  readonly confusion: number[][];
}

/** Visuals computed during training, sent at a few per second. */
export interface Visuals {
  readonly run: number;
  readonly boundary?: BoundaryGrid;
  readonly diagnostics?: Diagnostics;
  readonly predictions?: PredictionsView;
}

/** The training data as the data view draws it. */
export interface DatasetView {
  readonly name: string;
  readonly numClasses: number;
  readonly classNames?: readonly string[];
  /** Shape of one sample: [2] for points, [1, H, W] for images. */
  readonly sampleShape: readonly number[];
  /** Rows shown: all of a 2-D set; the first rows (up to a limit) of an image set. */
  readonly shown: {
    readonly features: Float32Array;
    readonly labels: Float32Array;
    /** 'train' or 'val' per shown row. */
    readonly split: Uint8Array;
  };
  readonly trainCount: number;
  readonly valCount: number;
}

/** Split codes in DatasetView.shown.split. */
export const SPLIT_TRAIN = 0;
export const SPLIT_VAL = 1;

/** What computes in the engine worker, and why (the editor's backend indicator). */
export interface BackendStatus {
  /** What the person asked for. */
  readonly choice: 'auto' | 'webgpu' | 'cpu';
  /** What runs. */
  readonly active: 'cpu' | 'webgpu';
  /** One line, e.g. "WebGPU: nvidia ampere" or "CPU: no WebGPU adapter". */
  readonly reason: string;
  /**
   * On the CPU, which kernels run: "WebAssembly SIMD"; "WebAssembly SIMD, matmul only" where
   * the page is not cross-origin isolated (tensors cannot live in a shared heap); or "JavaScript".
   */
  readonly kernels?: string;
  /** On the CPU, the threads a large matmul runs on now (workers start in the background). */
  readonly threads?: number;
}

/** The trainer's reports: per step, per evaluation, per epoch, per run. */

/** What one optimiser step did. `step` and `epoch` are 1-based: the step just taken and the epoch it belongs to. */
export interface StepReport {
  readonly step: number;
  readonly epoch: number;
  /** The mini-batch's loss, in train mode, before the update. */
  readonly loss: number;
  readonly batchSize: number;
  readonly lr: number;
}

/** A split's loss (the row-weighted mean over the split) and accuracy (when `predictions` is set). */
export interface EvalReport {
  readonly loss: number;
  readonly accuracy?: number;
}

/**
 * One history entry, made at the end of each epoch. `loss` and `accuracy` are measured on the
 * whole training split in eval mode after the epoch's last step (not averaged over the epoch's
 * batches), `valLoss` and `valAccuracy` likewise on the validation split; `lr` is the rate the
 * epoch used; `step` counts the steps taken so far.
 */
export interface EpochRecord {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly lr: number;
}

/** Why a run ended: its epochs are done, it hit the step cap, early stopping fired, or shouldStop said so. */
export type StopReason = 'epochs' | 'steps' | 'early-stopping' | 'stopped';

export interface TrainResult {
  /** Every epoch record this trainer has made, oldest first. */
  readonly history: readonly EpochRecord[];
  /**
   * The model as the run leaves it: the last record, or with early stopping's restoreBest the best
   * epoch's record (its weights are back, `restoredEpoch` says which). `stoppedEarly` is true for any
   * reason but 'epochs'.
   */
  readonly final: EpochRecord & { readonly stoppedEarly: boolean; readonly reason: StopReason; readonly restoredEpoch?: number };
}

export type Progress = { readonly type: 'step'; readonly report: StepReport } | { readonly type: 'epoch'; readonly record: EpochRecord };

export interface TrainRunOptions {
  /** Train until this many epochs are done in total (default: training.epochs). */
  readonly epochs?: number;
  /** Stop once this many steps are done in total (default: training.steps, else no cap). */
  readonly steps?: number;
  /** Called after every step and after every epoch record. */
  readonly onProgress?: (p: Progress) => void;
  /** Asked before every step; true ends the run (reason 'stopped'). */
  readonly shouldStop?: () => boolean;
}

export interface TrainerOptions {
  /** Raw MNIST data per class, for the digits dataset (Node: loadMnistRaw() in core/cli/digits-loader.ts). */
  readonly digitsRaw?: readonly ArrayLike<number>[];
}

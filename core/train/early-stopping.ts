/** Early stopping: watch one metric per epoch and give up after `patience` epochs without improvement. */
import type { EarlyStoppingConfig } from './config.js';
import type { EpochRecord } from './types.js';

export class EarlyStopping {
  private best: number | undefined;
  private sinceBest = 0;

  constructor(readonly config: EarlyStoppingConfig) {}

  /**
   * Takes one epoch's record. Losses improve by falling, accuracies by rising, in either case by
   * more than minDelta; a NaN never improves. Records without the metric are ignored. Returns
   * whether this record is the new best.
   */
  observe(record: EpochRecord): boolean {
    const value = record[this.config.monitor];
    if (value === undefined) return false;
    const { minDelta } = this.config;
    const higher = this.config.monitor === 'accuracy' || this.config.monitor === 'valAccuracy';
    const improved = this.best === undefined ? !Number.isNaN(value) : higher ? value > this.best + minDelta : value < this.best - minDelta;
    if (improved) {
      this.best = value;
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    return improved;
  }

  /** True once `patience` epochs in a row brought no improvement. */
  get exhausted(): boolean {
    return this.sinceBest >= this.config.patience;
  }

  /** The best value seen so far. */
  get bestValue(): number | undefined {
    return this.best;
  }
}

/** Early stopping's bookkeeping: direction of improvement, minDelta, patience. */
import { describe, expect, it } from 'vitest';
import type { Monitor } from '../../core/train/config.js';
import { EarlyStopping } from '../../core/train/early-stopping.js';

/** Feeds the values as epoch records and returns after how many epochs it gave up (0: never). */
function stopsAfter(monitor: Monitor, values: number[], patience: number, minDelta = 0): number {
  const es = new EarlyStopping({ monitor, patience, minDelta, restoreBest: false });
  for (let i = 0; i < values.length; i++) {
    es.observe({ step: i + 1, epoch: i + 1, loss: NaN, lr: 1, [monitor]: values[i] });
    if (es.exhausted) return i + 1;
  }
  return 0;
}

describe('EarlyStopping', () => {
  it('waits `patience` epochs after the best loss', () => {
    expect(stopsAfter('valLoss', [1, 0.9, 0.95, 0.91, 0.92], 3)).toBe(5);
    expect(stopsAfter('valLoss', [1, 0.9, 0.95, 0.8, 0.92], 3)).toBe(0);
  });

  it('treats accuracy as higher-is-better', () => {
    expect(stopsAfter('accuracy', [0.5, 0.7, 0.6, 0.7], 2)).toBe(4);
    expect(stopsAfter('valAccuracy', [0.5, 0.7, 0.8, 0.9], 2)).toBe(0);
  });

  it('counts only improvements larger than minDelta', () => {
    expect(stopsAfter('loss', [1, 0.95, 0.91, 0.8], 2, 0.1)).toBe(3);
  });

  it('never counts NaN as an improvement', () => {
    expect(stopsAfter('loss', [NaN, NaN], 2)).toBe(2);
    expect(stopsAfter('loss', [1, NaN, 0.5], 2)).toBe(0);
  });
});

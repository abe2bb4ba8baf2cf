/** Accuracy from predictions and class indices. */
import { describe, expect, it } from 'vitest';
import { accuracy, countCorrect } from '../../core/train/metrics.js';
import { hostTensor } from '../../core/tensor/tensor.js';

describe('accuracy', () => {
  it('takes the argmax of each row when there are several columns (first maximum on ties)', () => {
    const pred = hostTensor([4, 3], [0.1, 0.7, 0.2, 2, 1, 0, 0, 0, 5, 1, 1, 0]);
    expect(countCorrect(pred, [1, 0, 1, 0])).toBe(3);
    expect(accuracy(pred, [1, 0, 1, 0])).toBe(0.75);
  });

  it('thresholds a single column or a 1-D tensor', () => {
    expect(accuracy(hostTensor([4, 1], [0.2, 0.6, 0.5, 0.9]), [0, 1, 0, 0])).toBe(0.75);
    expect(accuracy(hostTensor([4], [0.2, 0.6, 0.5, 0.9]), [0, 1, 1, 1])).toBe(0.75);
    // With threshold 0 a logit column works: positive means class 1.
    expect(accuracy(hostTensor([3, 1], [-2, 0.5, 3]), [0, 1, 1], 0)).toBe(1);
  });

  it('is 0 for an empty batch', () => {
    expect(accuracy(hostTensor([0, 3]), [])).toBe(0);
  });

  it('refuses predictions whose rows do not match the labels', () => {
    expect(() => accuracy(hostTensor([2, 3]), [0, 1, 2])).toThrow('predictions of shape [2, 3] give 2 rows, but the batch has 3 labels');
  });
});

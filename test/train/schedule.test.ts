/** Learning-rate schedules, evaluated per epoch (0-based). */
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../core/train/schedule.js';

describe('learningRate', () => {
  it('constant keeps the base rate', () => {
    expect([0, 1, 99].map((e) => learningRate({ type: 'constant' }, 0.3, e, 100))).toEqual([0.3, 0.3, 0.3]);
  });

  it('step multiplies by gamma every stepSize epochs', () => {
    const s = { type: 'step', stepSize: 2, gamma: 0.5 } as const;
    expect([0, 1, 2, 3, 4, 5].map((e) => learningRate(s, 0.1, e, 10))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('cosine falls from lr to minLr over its period, then stays there', () => {
    const s = { type: 'cosine', epochs: 4, minLr: 0.1 } as const;
    const lrs = [0, 1, 2, 3, 4, 5].map((e) => learningRate(s, 1.1, e, 100));
    // minLr + (lr - minLr) (1 + cos(pi e / 4)) / 2 with lr - minLr = 1
    const expected = [1.1, 0.1 + (1 + Math.SQRT1_2) / 2, 0.6, 0.1 + (1 - Math.SQRT1_2) / 2, 0.1, 0.1];
    lrs.forEach((lr, i) => expect(lr).toBeCloseTo(expected[i], 14));
  });

  it('cosine without a period spans the epochs being trained', () => {
    const s = { type: 'cosine', minLr: 0 } as const;
    expect(learningRate(s, 2, 5, 10)).toBeCloseTo(1, 14);
    expect(learningRate(s, 2, 10, 10)).toBeCloseTo(0, 14);
  });
});

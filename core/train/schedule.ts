/** Learning rate per epoch for each schedule in the training block. */
import { assertNever } from '../ops/attrs.js';
import type { ScheduleConfig } from './config.js';

/**
 * The learning rate for `epoch` (0-based) given the optimiser's base rate.
 * - constant: `lr`.
 * - step: `lr * gamma^floor(epoch / stepSize)` (PyTorch's StepLR).
 * - cosine: `minLr + (lr - minLr) * (1 + cos(pi * e / T)) / 2` with e = min(epoch, T), where
 *   T is the schedule's `epochs`, else `totalEpochs` (PyTorch's CosineAnnealingLR, except that it
 *   stays at minLr after T epochs instead of rising again).
 */
export function learningRate(schedule: ScheduleConfig, lr: number, epoch: number, totalEpochs: number): number {
  switch (schedule.type) {
    case 'constant':
      return lr;
    case 'step':
      return lr * Math.pow(schedule.gamma, Math.floor(epoch / schedule.stepSize));
    case 'cosine': {
      const period = Math.max(1, schedule.epochs ?? totalEpochs);
      const e = Math.min(epoch, period);
      return schedule.minLr + ((lr - schedule.minLr) * (1 + Math.cos((Math.PI * e) / period))) / 2;
    }
    default:
      return assertNever(schedule);
  }
}

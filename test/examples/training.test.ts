import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { loadMnistRaw } from '../../core/cli/digits-loader.js';
import { type TrainResult, createTrainer } from '../../core/train/trainer.js';
import { loadExample } from './example-helpers.js';

/** Trains an example with its own training block, in-process on the CPU. */
async function train(name: string, epochs?: number): Promise<TrainResult> {
  const doc = loadExample(name);
  const digits = (doc.training?.['dataset'] as { name?: string } | undefined)?.name === 'digits';
  const trainer = createTrainer(doc, createCpuBackend(), digits ? { digitsRaw: await loadMnistRaw() } : {});
  try {
    return await trainer.run(epochs === undefined ? {} : { epochs });
  } finally {
    trainer.dispose();
  }
}

describe('training the examples', () => {
  it('xor-mlp classifies all four XOR points', async () => {
    const { final } = await train('xor-mlp');
    expect(final.accuracy).toBe(1);
    expect(final.loss).toBeLessThan(0.01);
  });

  it('spiral-softmax, a linear classifier, cannot follow the spiral arms', async () => {
    const { final } = await train('spiral-softmax');
    expect(final.accuracy).toBeGreaterThan(0.4);
    expect(final.accuracy).toBeLessThan(0.6);
  });

  it('spiral-relu-net reaches at least 97% training accuracy', async () => {
    const { final } = await train('spiral-relu-net');
    expect(final.accuracy).toBeGreaterThanOrEqual(0.97);
  }, 20_000);

  it('digits-mlp reaches at least 90% validation accuracy', async () => {
    const { final } = await train('digits-mlp');
    expect(final.valAccuracy).toBeGreaterThanOrEqual(0.9);
  }, 30_000);

  it('gives a bit-identical loss history when the same file is trained twice', async () => {
    for (const [name, epochs] of [['spiral-relu-net', 40], ['digits-mlp', 1]] as const) {
      const a = await train(name, epochs);
      const b = await train(name, epochs);
      expect(a.history.length).toBe(epochs);
      // toEqual compares numbers with Object.is: the same bits, not merely close.
      expect(b.history).toEqual(a.history);
    }
  }, 30_000);
});

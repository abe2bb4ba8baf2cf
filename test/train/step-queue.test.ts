/**
 * What a training step asks of its backend, seen through a counting proxy:
 * loss reads pipelined on a backend without synchronous reads, every update
 * submitted by a flush, no scalar constant uploaded after the first step, and
 * no tensor left behind however many steps run.
 */
import { describe, expect, it } from 'vitest';
import { createTrainer } from '../../core/train/trainer.js';
import { countingBackend } from '../engine/counting-backend.js';
import { mlp } from './graphs.js';

/** Spiral (300 points), 2-16-3 relu MLP with dropout, mini-batches of 64: 5 steps per epoch. */
function spiralNet(training: Record<string, unknown> = {}) {
  return mlp({
    sizes: [2, 16, 3],
    activation: 'relu',
    dropout: 0.2,
    training: { dataset: { name: 'spiral', seed: 3 }, batchSize: 64, epochs: 3, seed: 7, optimizer: { type: 'adam', lr: 0.01 }, ...training },
  });
}

describe('the training step and its backend', () => {
  it('reads step t’s loss after step t+1 is queued, except at the end of an epoch', async () => {
    const b = countingBackend({ async: true });
    const t = createTrainer(spiralNet(), b);
    const seen: [number, number][] = [];
    await t.run({ epochs: 1, onProgress: (p) => void (p.type === 'step' && seen.push([p.report.step, b.counts.runs.update ?? 0])) });
    // Four params (W1, b1, W2, b2), four updates a step: step t is reported once step t+1 has updated.
    // The first four are prepare's (a throwaway step that compiles what the first step runs).
    expect(seen).toEqual([[1, 12], [2, 16], [3, 20], [4, 24], [5, 24]]);
  });

  it('gives the same losses pipelined and not', async () => {
    const losses = async (async: boolean) => {
      const out: number[] = [];
      await createTrainer(spiralNet(), countingBackend({ async })).run({ onProgress: (p) => void (p.type === 'step' && out.push(p.report.loss)) });
      return out;
    };
    const sync = await losses(false);
    expect(sync).toHaveLength(15);
    expect(await losses(true)).toEqual(sync);
  });

  it.each([false, true])('submits every update with a flush by the end of its step (async: %s)', async (async) => {
    const b = countingBackend({ async });
    const t = createTrainer(spiralNet(), b);
    for (let i = 0; i < 6; i++) {
      await t.step();
      expect(b.counts.unflushed).toBe(0);
    }
    b.reset();
    await t.run({ epochs: 3 });
    expect(b.counts.unflushed).toBe(0);
    // Four params, so four updates a step; at least one flush a step.
    expect(b.counts.flushes).toBeGreaterThanOrEqual((b.counts.runs.update ?? 0) / 4);
  });

  it('uploads no scalar constant after the first epoch', async () => {
    const b = countingBackend();
    const t = createTrainer(spiralNet(), b);
    // An epoch has seen every constant: 1/64 and, in its short last batch, 1/44.
    await t.runEpoch();
    b.reset();
    for (let i = 0; i < 10; i++) await t.step();
    await t.measureNow();
    expect(b.counts.scalarWork).toBe(0);
    // What is uploaded: each step its batch (features, labels), the measurement the whole split; the
    // dropout mask is drawn on the device.
    expect(b.counts.uploads).toBe(10 * 2 + 2);
  });

  it.each([false, true])('leaves no tensor behind over many steps and frees everything on dispose (async: %s)', async (async) => {
    const b = countingBackend({ async });
    const t = createTrainer(spiralNet({ epochs: 12 }), b);
    await t.run({ epochs: 2 });
    const warm = b.live.size;
    await t.run({ epochs: 12 });
    expect(t.stepCount).toBe(60);
    expect(b.live.size).toBe(warm);
    t.dispose();
    expect(b.live.size).toBe(0);
  });
});

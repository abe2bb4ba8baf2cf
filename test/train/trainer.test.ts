/** The trainer's step-by-step API, run loop, stopping rules, reproducibility and export. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { TrainingError } from '../../core/train/errors.js';
import { createTrainer, type StepReport } from '../../core/train/trainer.js';
import { graph, mlp } from './graphs.js';

const backend = createCpuBackend({ precision: 'float32' });

/** Spiral (300 points), 2-16-3 relu MLP, mini-batches of 64: 5 steps per epoch (the last has 44 rows). */
function spiralNet(training: Record<string, unknown> = {}, dropout = 0) {
  return mlp({
    sizes: [2, 16, 3],
    activation: 'relu',
    dropout,
    training: { dataset: { name: 'spiral', seed: 3 }, batchSize: 64, epochs: 3, seed: 7, optimizer: { type: 'sgd', lr: 0.3, momentum: 0.9 }, ...training },
  });
}

describe('trainer', () => {
  it('steps through mini-batches, the last one partial, then starts the next epoch', async () => {
    const t = createTrainer(spiralNet(), backend);
    const reports: StepReport[] = [];
    for (let i = 0; i < 6; i++) reports.push(await t.step());
    expect(reports.map((r) => [r.step, r.epoch, r.batchSize])).toEqual([
      [1, 1, 64], [2, 1, 64], [3, 1, 64], [4, 1, 64], [5, 1, 44], [6, 2, 64],
    ]);
    expect(reports.every((r) => Number.isFinite(r.loss) && r.lr === 0.3)).toBe(true);
    expect(t.stepCount).toBe(6);
    expect(t.epochCount).toBe(1);
    // step() alone makes no history; runEpoch finishes epoch 2 and records it.
    expect(t.history).toHaveLength(0);
    const rec = await t.runEpoch();
    expect(rec).toMatchObject({ step: 10, epoch: 2, lr: 0.3 });
    expect(rec.accuracy).toBeGreaterThan(0);
    expect(t.history).toEqual([rec]);
  });

  it('records one entry per epoch, measured on the whole split in eval mode', async () => {
    const t = createTrainer(spiralNet({ validation: 0.2 }), backend);
    expect(t.train.labels.length).toBe(240);
    expect(t.val?.labels.length).toBe(60);
    const seen: string[] = [];
    const r = await t.run({ onProgress: (p) => seen.push(p.type) });
    expect(r.history.map((h) => [h.epoch, h.step])).toEqual([[1, 4], [2, 8], [3, 12]]);
    expect(seen.filter((s) => s === 'step')).toHaveLength(12);
    expect(seen.filter((s) => s === 'epoch')).toHaveLength(3);
    const last = r.history[2];
    expect(await t.evaluate('train')).toEqual({ loss: last.loss, accuracy: last.accuracy });
    expect(await t.evaluate('val')).toEqual({ loss: last.valLoss, accuracy: last.valAccuracy });
    expect(r.final).toEqual({ ...last, stoppedEarly: false, reason: 'epochs' });
  });

  it('caps the steps, recording the epoch in progress', async () => {
    const t = createTrainer(spiralNet({ steps: 7 }), backend);
    const r = await t.run();
    expect(r.history.map((h) => [h.epoch, h.step])).toEqual([[1, 5], [2, 7]]);
    expect(r.final).toMatchObject({ step: 7, stoppedEarly: true, reason: 'steps' });
    // run's own options override the block.
    const again = await createTrainer(spiralNet({ steps: 7 }), backend).run({ steps: 2 });
    expect(again.final).toMatchObject({ step: 2, epoch: 1, reason: 'steps' });
  });

  it('stops when asked, and continues towards the same target on the next run', async () => {
    const t = createTrainer(spiralNet(), backend);
    let asked = 0;
    const r = await t.run({ shouldStop: () => ++asked > 3 });
    expect(r.final).toMatchObject({ step: 3, epoch: 1, stoppedEarly: true, reason: 'stopped' });
    const rest = await t.run();
    expect(rest.final).toMatchObject({ step: 15, epoch: 3, reason: 'epochs' });
  });

  it('applies the schedule per epoch', async () => {
    const t = createTrainer(spiralNet({ epochs: 4, schedule: { type: 'step', stepSize: 2, gamma: 0.5 } }), backend);
    const lrs: number[] = [];
    const r = await t.run({ onProgress: (p) => p.type === 'step' && lrs.push(p.report.lr) });
    expect(r.history.map((h) => h.lr)).toEqual([0.3, 0.3, 0.15, 0.15]);
    expect(lrs.slice(8, 12)).toEqual([0.3, 0.3, 0.15, 0.15]);
  });

  it('stops early when the monitored metric stops improving', async () => {
    // No loss can fall by more than minDelta = 10, so only the first epoch counts as an improvement.
    const t = createTrainer(spiralNet({ epochs: 50, earlyStopping: { monitor: 'loss', patience: 3, minDelta: 10 } }), backend);
    const r = await t.run();
    expect(r.history).toHaveLength(4);
    expect(r.final).toMatchObject({ epoch: 4, stoppedEarly: true, reason: 'early-stopping' });
  });

  it('puts the best epoch\'s weights back when asked to (restoreBest)', async () => {
    // Too large a step for this net: the validation loss bounces, and the last epoch is not the best.
    const doc = spiralNet({ epochs: 60, validation: 0.3, optimizer: { type: 'sgd', lr: 2, momentum: 0.9 }, earlyStopping: { monitor: 'valLoss', patience: 4, restoreBest: true } });
    const t = createTrainer(doc, backend);
    const r = await t.run();
    expect(r.final.reason).toBe('early-stopping');
    const losses = r.history.map((h) => h.valLoss ?? NaN);
    const best = r.history[losses.indexOf(Math.min(...losses))];
    expect(best).toBeDefined();
    expect(r.history.at(-1)?.epoch).toBe((best?.epoch ?? 0) + 4);
    expect(r.final).toMatchObject({ ...best, stoppedEarly: true, reason: 'early-stopping', restoredEpoch: best?.epoch });
    // The model now is that epoch's: the same validation loss, not the last epoch's.
    expect((await t.evaluate('val')).loss).toBe(best?.valLoss);
    expect(r.history.at(-1)?.valLoss).not.toBe(best?.valLoss);

    // Without restoreBest the same run ends with the last epoch's weights.
    const plain = createTrainer(spiralNet({ epochs: 60, validation: 0.3, optimizer: { type: 'sgd', lr: 2, momentum: 0.9 }, earlyStopping: { monitor: 'valLoss', patience: 4 } }), backend);
    const p = await plain.run();
    expect(p.history).toEqual(r.history);
    expect(p.final.restoredEpoch).toBeUndefined();
    expect((await plain.evaluate('val')).loss).toBe(p.history.at(-1)?.valLoss);
  });

  it('stops early on accuracy once it can rise no further', async () => {
    const doc = mlp({
      sizes: [2, 8, 2],
      activation: 'tanh',
      training: { dataset: { name: 'xor' }, epochs: 1000, seed: 1, optimizer: { lr: 0.5, momentum: 0.9 }, earlyStopping: { monitor: 'accuracy', patience: 5 } },
    });
    const r = await createTrainer(doc, backend).run();
    expect(r.final.reason).toBe('early-stopping');
    const firstPerfect = r.history.findIndex((h) => h.accuracy === 1);
    expect(firstPerfect).toBeGreaterThanOrEqual(0);
    expect(r.history).toHaveLength(firstPerfect + 6);
  });

  it('is reproducible bit for bit from the seed (shuffling and dropout included)', async () => {
    const losses = async (seed: number) => {
      const t = createTrainer(spiralNet({ seed }, 0.2), backend);
      const out: number[] = [];
      const r = await t.run({ onProgress: (p) => p.type === 'step' && out.push(p.report.loss) });
      return { steps: out, history: r.history };
    };
    const a = await losses(7);
    const b = await losses(7);
    const c = await losses(8);
    expect(a.steps).toHaveLength(15);
    expect(b).toEqual(a);
    expect(c.steps).not.toEqual(a.steps);
  });

  it('refuses overlapping calls', async () => {
    const t = createTrainer(spiralNet(), backend);
    const first = t.step();
    await expect(t.step()).rejects.toThrow('the trainer is busy');
    await first;
  });

  it('has no validation split unless one is asked for', async () => {
    const t = createTrainer(spiralNet(), backend);
    expect(t.val).toBeNull();
    await expect(t.evaluate('val')).rejects.toThrow(TrainingError);
  });

  it('trains XOR with a 2-8-1 tanh net, a sigmoid and bce on column labels', async () => {
    const doc = mlp({
      sizes: [2, 8, 1],
      activation: 'tanh',
      loss: 'bce',
      training: { dataset: { name: 'xor' }, epochs: 400, seed: 1, optimizer: { type: 'adam', lr: 0.05 } },
    });
    const r = await createTrainer(doc, backend).run();
    expect(r.final.accuracy).toBe(1);
    expect(r.final.loss).toBeLessThan(0.01);
  });

  it('reshapes feature batches to a bound input\'s declared shape, -1 taking the batch size', async () => {
    const doc = graph(
      [
        { id: 'x', op: 'input', attrs: { bind: 'features', shape: [-1, 1, 2] } },
        { id: 'y', op: 'input', attrs: { bind: 'labels' } },
        { id: 'flat', op: 'flatten' },
        { id: 'W', op: 'param', attrs: { shape: [2, 3] } },
        { id: 'logits', op: 'matmul' },
        { id: 'loss', op: 'cross_entropy' },
      ],
      ['x->flat.x', 'flat->logits.a', 'W->logits.b', 'logits->loss.pred', 'y->loss.target'],
      'loss',
      { dataset: { name: 'spiral' }, batchSize: 100, epochs: 1, optimizer: { lr: 0.1 } },
    );
    const t = createTrainer(doc, backend);
    expect(t.session.plan({ x: [100, 1, 2], y: [100] }).nodes.find((n) => n.id === 'flat')?.shape).toEqual([100, 2]);
    expect((await t.run()).final.step).toBe(3);
  });
});

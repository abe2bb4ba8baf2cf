/**
 * End-to-end training from fixed seeds: XOR, the cs231n spiral (linear and
 * two-layer), and an MLP on 14x14 MNIST digits. Each asserts the accuracy a
 * correct engine reaches, with margin, in well under the CI budget.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import { loadMnistRaw } from '../../core/cli/digits-loader.js';
import { createTrainer } from '../../core/train/trainer.js';
import { mlp } from './graphs.js';

const backend = createCpuBackend({ precision: 'float32' });

describe('convergence', () => {
  it('XOR: a 2-8-2 tanh MLP with cross-entropy reaches 100% accuracy', async () => {
    const doc = mlp({ sizes: [2, 8, 2], activation: 'tanh', training: { dataset: { name: 'xor' }, epochs: 300, seed: 1, optimizer: { lr: 0.5, momentum: 0.9 } } });
    const r = await createTrainer(doc, backend).run();
    expect(r.final.accuracy).toBe(1);
    expect(r.final.loss).toBeLessThan(0.01);
  });

  // cs231n "Putting it together: minimal neural network case study": 3 classes x 100 points,
  // full batch, learning rate 1, L2 strength 1e-3.
  const spiral = { dataset: { name: 'spiral', classes: 3, pointsPerClass: 100, seed: 0 }, seed: 1, optimizer: { lr: 1, weightDecay: 1e-3 } };

  it('spiral: a linear softmax classifier gets about half right (cs231n: 49%)', async () => {
    const r = await createTrainer(mlp({ sizes: [2, 3], training: { ...spiral, epochs: 200 } }), backend).run();
    expect(r.final.accuracy).toBeGreaterThan(0.45);
    expect(r.final.accuracy).toBeLessThan(0.6);
  });

  it('spiral: a 2-100-3 ReLU net reaches >= 97% training accuracy (cs231n: 98%)', async () => {
    const doc = mlp({ sizes: [2, 100, 3], activation: 'relu', training: { ...spiral, epochs: 800 } });
    const r = await createTrainer(doc, backend).run();
    expect(r.history[0].accuracy).toBeLessThan(0.7);
    expect(r.final.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('digits: a 196-128-10 MLP on 14x14 MNIST reaches >= 90% validation accuracy', async () => {
    const digitsRaw = await loadMnistRaw();
    const doc = mlp({
      sizes: [196, 128, 10],
      activation: 'relu',
      training: {
        dataset: { name: 'digits', size: 14, samples: 500, seed: 0 },
        validation: 0.2,
        batchSize: 32,
        epochs: 5,
        seed: 1,
        optimizer: { type: 'adam', lr: 0.003 },
      },
    });
    const t = createTrainer(doc, backend, { digitsRaw });
    expect(t.val?.labels.length).toBe(1000);
    const r = await t.run();
    expect(r.final.valAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});

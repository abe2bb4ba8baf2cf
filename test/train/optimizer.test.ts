/** Each optimiser against single steps worked out by hand (PyTorch's formulations). */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../core/backend/cpu/cpu-backend.js';
import type { OptimizerConfig } from '../../core/train/config.js';
import { Optimizer, updateHyper, updateRule } from '../../core/train/optimizer.js';

const backend = createCpuBackend({ precision: 'float64' });

/** Runs `grads.length` steps on p = [1, -2] and returns p after each. */
function steps(config: OptimizerConfig, grads: readonly number[][], lr = 0.1): number[][] {
  const param = backend.upload([2], [1, -2]);
  const opt = new Optimizer(backend, config);
  const out: number[][] = [];
  for (const g of grads) {
    const grad = backend.upload([2], g);
    opt.step([{ id: 'w', param, grad }], lr);
    out.push([...backend.readSync(param)]);
  }
  opt.dispose();
  return out;
}

const sgd = (momentum = 0, nesterov = false, weightDecay = 0): OptimizerConfig => ({ type: 'sgd', lr: 0.1, momentum, nesterov, weightDecay });
const G = [0.5, 0.25];

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 12)));
}

describe('optimiser rules', () => {
  it('maps the training block to backend rules', () => {
    expect(updateRule(sgd())).toBe('sgd');
    expect(updateRule(sgd(0.9))).toBe('momentum');
    expect(updateRule(sgd(0.9, true))).toBe('nesterov');
    expect(updateRule({ type: 'adam', lr: 1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 })).toBe('adam');
    // rmsprop's alpha travels in beta2, the backend's name for the squared-gradient decay.
    const rms: OptimizerConfig = { type: 'rmsprop', lr: 1, alpha: 0.95, eps: 1e-6, weightDecay: 0.1 };
    expect(updateRule(rms)).toBe('rmsprop');
    expect(updateHyper(rms, 0.5, 3)).toMatchObject({ lr: 0.5, beta2: 0.95, eps: 1e-6, weightDecay: 0.1, t: 3 });
  });

  it('sgd: p -= lr * g', () => {
    expectClose(steps(sgd(), [G]), [[0.95, -2.025]]);
  });

  it('sgd with weight decay adds wd * p to the gradient', () => {
    // g' = [0.5 + 0.01, 0.25 - 0.02] = [0.51, 0.23]
    expectClose(steps(sgd(0, false, 0.01), [G]), [[0.949, -2.023]]);
  });

  it('momentum: v = mu v + g; p -= lr v', () => {
    // step 1: v = g; step 2: v = 1.9 g, so p moves by 0.1 g then 0.19 g.
    expectClose(steps(sgd(0.9), [G, G]), [
      [0.95, -2.025],
      [0.855, -2.0725],
    ]);
  });

  it('nesterov: p -= lr (g + mu v)', () => {
    // step 1: v = g, step = 1.9 g * 0.1; step 2: v = 1.9 g, step = (g + 1.71 g) * 0.1 = 0.271 g.
    expectClose(steps(sgd(0.9, true), [G, G]), [
      [0.905, -2.0475],
      [0.7695, -2.11525],
    ]);
  });

  it('adam with bias correction', () => {
    const adam: OptimizerConfig = { type: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };
    // Step 1: the corrected moments are g and g^2, so each weight moves by lr * sign(g) (less eps).
    // Step 2 (g2 = [-0.1, 0.3]) worked out in float64 from m, v and the corrections 1 - 0.9^2, 1 - 0.999^2.
    expectClose(steps(adam, [G, [-0.1, 0.3]]), [
      [0.900000002, -2.099999996],
      [0.8488973956993239, -2.2000613038342305],
    ]);
  });

  it('rmsprop: v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt v + eps)', () => {
    const rms: OptimizerConfig = { type: 'rmsprop', lr: 0.1, alpha: 0.99, eps: 1e-8, weightDecay: 0 };
    // Step 1: sqrt(v) = 0.1 |g|, so each weight moves by lr * 10 = 1 (less eps).
    expectClose(steps(rms, [G, [-0.1, 0.3]]), [
      [1.9999996003772225e-7, -2.99999960000016],
      [0.19706601679787492, -3.7697997613888474],
    ]);
  });

  it('keeps separate state per param and counts steps', () => {
    const a = backend.upload([1], [0]);
    const b = backend.upload([1], [0]);
    const opt = new Optimizer(backend, sgd(0.5));
    opt.step([{ id: 'a', param: a, grad: backend.upload([1], [1]) }], 1);
    opt.step([{ id: 'a', param: a, grad: backend.upload([1], [1]) }, { id: 'b', param: b, grad: backend.upload([1], [1]) }], 1);
    // a's velocity is 1 then 1.5; b starts from zero velocity.
    expect(backend.readSync(a)[0]).toBe(-2.5);
    expect(backend.readSync(b)[0]).toBe(-1);
    expect(opt.steps).toBe(2);
  });

  it('refuses a gradient of the wrong shape', () => {
    const opt = new Optimizer(backend, sgd());
    expect(() => opt.step([{ id: 'w', param: backend.upload([2], [0, 0]), grad: backend.upload([3], [0, 0, 0]) }], 1)).toThrow(
      'param "w" has shape [2] but its gradient has shape [3]',
    );
  });
});

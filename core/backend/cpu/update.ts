/** Fused, in-place optimiser updates (PyTorch's formulations; weight decay is L2 added to the gradient). */
import type { UpdateHyper, UpdateRule } from '../backend.js';
import type { HostArray } from '../../tensor/tensor.js';
import { assertNever } from '../../ops/attrs.js';

export function update(rule: UpdateRule, p: HostArray, g: HostArray, state: readonly HostArray[], h: UpdateHyper): void {
  const n = p.length;
  const { lr, weightDecay: wd, momentum: mu, beta1, beta2, eps } = h;
  switch (rule) {
    case 'sgd':
      for (let i = 0; i < n; i++) p[i] -= lr * (g[i] + wd * p[i]);
      return;
    case 'momentum':
    case 'nesterov': {
      const v = state[0];
      const nesterov = rule === 'nesterov';
      for (let i = 0; i < n; i++) {
        const gi = g[i] + wd * p[i];
        const vi = mu * v[i] + gi;
        v[i] = vi;
        p[i] -= lr * (nesterov ? gi + mu * vi : vi);
      }
      return;
    }
    case 'adam': {
      const m = state[0];
      const v = state[1];
      const c1 = 1 - Math.pow(beta1, h.t);
      const c2 = 1 - Math.pow(beta2, h.t);
      for (let i = 0; i < n; i++) {
        const gi = g[i] + wd * p[i];
        const mi = beta1 * m[i] + (1 - beta1) * gi;
        const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      }
      return;
    }
    case 'rmsprop': {
      // beta2 is the decay rate of the squared-gradient average (PyTorch's alpha).
      const v = state[0];
      for (let i = 0; i < n; i++) {
        const gi = g[i] + wd * p[i];
        const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
        v[i] = vi;
        p[i] -= (lr * gi) / (Math.sqrt(vi) + eps);
      }
      return;
    }
    default:
      assertNever(rule);
  }
}

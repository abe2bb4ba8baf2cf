/**
 * The fused optimiser updates, in place: core/backend/cpu/update.ts's
 * formulas (PyTorch's; weight decay is L2 added to the gradient), one thread
 * per parameter. Adam's bias corrections are computed on the host in float64
 * and passed in, so the shader does not raise β to the step count in float32.
 */
import type { UpdateHyper, UpdateRule } from '../../backend.js';
import { stateCount } from '../../backend.js';
import { assertNever } from '../../../ops/attrs.js';
import type { KernelLimits } from '../kernel-spec.js';
import { f32, groupSize, packWords, perElement, u32, uniformBlock, workgroupsFor } from '../wgsl.js';

/**
 * An in-place kernel, outside KernelSpec's one-output convention. Bindings:
 * 0 the gradient (read), 1 the parameter `prm` (read_write), 2 .. the rule's state
 * tensors (read_write), then the uniform words.
 */
export interface UpdateSpec {
  readonly key: string;
  readonly code: string;
  /** Storage bindings: gradient, parameter, then `stateCount(rule)` state tensors. */
  readonly buffers: number;
  readonly workgroups: readonly [number, number, number];
  readonly params: ArrayBuffer;
}

/** Words: n, lr, weightDecay, momentum, beta1, beta2, eps, 1 - beta1^t, 1 - beta2^t. */
const PRELUDE = `  let lr = uf(1u);
  let gi = g[i] + uf(2u) * prm[i];`;

function body(rule: UpdateRule): string {
  switch (rule) {
    case 'sgd':
      return `${PRELUDE}\n  prm[i] = prm[i] - lr * gi;`;
    case 'momentum':
    case 'nesterov':
      return `${PRELUDE}
  let vi = uf(3u) * s0[i] + gi;
  s0[i] = vi;
  prm[i] = prm[i] - lr * ${rule === 'nesterov' ? '(gi + uf(3u) * vi)' : 'vi'};`;
    case 'adam':
      return `${PRELUDE}
  let b1 = uf(4u);
  let b2 = uf(5u);
  let mi = b1 * s0[i] + (1.0 - b1) * gi;
  let vi = b2 * s1[i] + (1.0 - b2) * gi * gi;
  s0[i] = mi;
  s1[i] = vi;
  prm[i] = prm[i] - (lr * (mi / uf(7u))) / (sqrt(vi / uf(8u)) + uf(6u));`;
    case 'rmsprop':
      // beta2 is the decay rate of the squared-gradient average (PyTorch's alpha).
      return `${PRELUDE}
  let b2 = uf(5u);
  let vi = b2 * s0[i] + (1.0 - b2) * gi * gi;
  s0[i] = vi;
  prm[i] = prm[i] - (lr * gi) / (sqrt(vi) + uf(6u));`;
    default:
      return assertNever(rule);
  }
}

export function updateKernel(rule: UpdateRule, n: number, h: UpdateHyper, limits: KernelLimits): UpdateSpec {
  const wg = groupSize(limits);
  const states = stateCount(rule);
  const decls = [
    '@group(0) @binding(0) var<storage, read> g: array<f32>;',
    '@group(0) @binding(1) var<storage, read_write> prm: array<f32>;',
    ...Array.from({ length: states }, (_, k) => `@group(0) @binding(${2 + k}) var<storage, read_write> s${k}: array<f32>;`),
    uniformBlock(2 + states, 9),
  ];
  const words = [u32(n), f32(h.lr), f32(h.weightDecay), f32(h.momentum), f32(h.beta1), f32(h.beta2), f32(h.eps),
    f32(1 - Math.pow(h.beta1, h.t)), f32(1 - Math.pow(h.beta2, h.t))];
  return {
    key: `update/${rule}/${wg}`,
    code: `${decls.join('\n')}\n${perElement(wg, body(rule))}`,
    buffers: 2 + states,
    workgroups: workgroupsFor(n, wg, limits),
    params: packWords(words),
  };
}

/**
 * The health checks of cs231n's "babysitting the learning process": per param
 * the gradient norm and the update-to-weight ratio, per activation node the
 * spread of activations and gradients, dead ReLUs and saturated sigmoid/tanh
 * units. Pure functions over host arrays; the service reads the tensors.
 */
import type { Histogram, LayerHealth } from './protocol.js';

/** Ops whose outputs the diagnostics follow layer by layer. */
export const ACTIVATION_OPS: ReadonlySet<string> = new Set(['relu', 'leaky_relu', 'elu', 'softplus', 'sigmoid', 'tanh']);

const BINS = 30;

/** Euclidean norm, accumulated in float64. */
export function norm(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return Math.sqrt(s);
}

/** ‖after − before‖ / ‖before‖; 0 for an all-zero weight that did not move. */
export function updateRatio(before: ArrayLike<number>, after: ArrayLike<number>): number {
  let d = 0;
  let w = 0;
  for (let i = 0; i < before.length; i++) {
    const diff = after[i] - before[i];
    d += diff * diff;
    w += before[i] * before[i];
  }
  if (w === 0) return d === 0 ? 0 : Infinity;
  return Math.sqrt(d / w);
}

export function meanStd(data: ArrayLike<number>): { mean: number; std: number } {
  const n = data.length;
  if (n === 0) return { mean: 0, std: 0 };
  let s = 0;
  for (let i = 0; i < n; i++) s += data[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / n) };
}

/**
 * Counts over [lo, hi] (the data's own range unless given: tanh and sigmoid
 * use their fixed output ranges, so layers compare at a glance).
 */
export function histogram(data: ArrayLike<number>, range?: readonly [number, number]): Histogram {
  let lo = range?.[0] ?? Infinity;
  let hi = range?.[1] ?? -Infinity;
  if (!range) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { lo: 0, hi: 0, counts: new Array<number>(BINS).fill(0) };
  // A constant tensor still gets a visible bin: widen a zero range symmetrically.
  if (hi === lo) {
    const pad = lo === 0 ? 1e-6 : Math.abs(lo) * 1e-3;
    lo -= pad;
    hi += pad;
  }
  const counts = new Array<number>(BINS).fill(0);
  const scale = BINS / (hi - lo);
  for (let i = 0; i < data.length; i++) {
    const b = Math.floor((data[i] - lo) * scale);
    counts[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
  }
  return { lo, hi, counts };
}

/** relu: the share of units (everything but dim 0) that output ≤ 0 for every sample of the batch. */
export function deadShare(shape: readonly number[], data: ArrayLike<number>): number {
  const rows = shape.length === 0 ? 1 : shape[0];
  const units = rows === 0 ? 0 : data.length / rows;
  if (units === 0) return 0;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = data[r * units + u] > 0;
    if (!alive) dead++;
  }
  return dead / units;
}

/** sigmoid in (0, 1), tanh in (-1, 1): the share of outputs within 1% of the range of a limit. */
export function saturatedShare(op: 'sigmoid' | 'tanh', data: ArrayLike<number>): number {
  if (data.length === 0) return 0;
  const [lo, hi] = op === 'sigmoid' ? [0.01, 0.99] : [-0.98, 0.98];
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] <= lo || data[i] >= hi) n++;
  return n / data.length;
}

/** What the diagnostics report for one activation node, from its value and gradient. */
export function layerHealth(id: string, op: string, shape: readonly number[], value: ArrayLike<number>, grad: ArrayLike<number> | undefined): LayerHealth {
  const range: readonly [number, number] | undefined = op === 'tanh' ? [-1, 1] : op === 'sigmoid' ? [0, 1] : undefined;
  const v = meanStd(value);
  const g = grad ? meanStd(grad) : { mean: 0, std: 0 };
  return {
    id,
    op,
    values: histogram(value, range),
    grads: histogram(grad ?? []),
    mean: v.mean,
    std: v.std,
    gradMean: g.mean,
    gradStd: g.std,
    ...(op === 'relu' && { dead: deadShare(shape, value) }),
    ...((op === 'sigmoid' || op === 'tanh') && { saturated: saturatedShare(op, value) }),
  };
}

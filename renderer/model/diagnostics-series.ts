/**
 * The diagnostics samples of a run, reshaped for drawing: per param and per
 * layer series over the probe steps, and the shared x ranges that let the
 * layers' histograms be compared at a glance (cs231n's initialisation plots:
 * the same axis for every tanh layer shows activations collapsing to zero).
 */
import type { Diagnostics, Histogram, LayerHealth } from '../../core/studio/protocol.js';

/** Values per id over the samples; null where a sample lacks the id or the value. */
export interface IdSeries {
  readonly ids: string[];
  readonly steps: number[];
  readonly values: (number | null)[][];
}

function seriesOf<T extends { readonly id: string }>(samples: readonly Diagnostics[], items: (d: Diagnostics) => readonly T[], value: (t: T) => number | null): IdSeries {
  const ids: string[] = [];
  const seen = new Map<string, number>();
  for (const d of samples) for (const t of items(d)) if (!seen.has(t.id)) seen.set(t.id, ids.push(t.id) - 1);
  const values = ids.map(() => new Array<number | null>(samples.length).fill(null));
  samples.forEach((d, i) => {
    for (const t of items(d)) {
      const v = value(t);
      values[seen.get(t.id) ?? 0][i] = v !== null && Number.isFinite(v) ? v : null;
    }
  });
  return { ids, steps: samples.map((d) => d.step), values };
}

export const gradNormSeries = (s: readonly Diagnostics[]): IdSeries => seriesOf(s, (d) => d.params, (p) => p.gradNorm);
export const updateRatioSeries = (s: readonly Diagnostics[]): IdSeries => seriesOf(s, (d) => d.params, (p) => p.updateRatio);
export const layerMeanSeries = (s: readonly Diagnostics[]): IdSeries => seriesOf(s, (d) => d.layers, (l) => l.mean);
export const layerStdSeries = (s: readonly Diagnostics[]): IdSeries => seriesOf(s, (d) => d.layers, (l) => l.std);

/** The fixed output range of a bounded activation, or undefined. */
export function boundedRange(op: string): readonly [number, number] | undefined {
  return op === 'tanh' ? [-1, 1] : op === 'sigmoid' ? [0, 1] : undefined;
}

/**
 * One x range per layer for its activations' histogram (tanh -1..1, sigmoid
 * 0..1, other ops the union over the layers of that op) and one range shared
 * by all gradient histograms.
 */
export function sharedRanges(layers: readonly LayerHealth[]): { values: Map<string, readonly [number, number]>; grads: readonly [number, number] } {
  const byOp = new Map<string, [number, number]>();
  const grads: [number, number] = [Infinity, -Infinity];
  const widen = (r: [number, number], h: Histogram): void => {
    if (h.hi <= h.lo) return;
    r[0] = Math.min(r[0], h.lo);
    r[1] = Math.max(r[1], h.hi);
  };
  for (const l of layers) {
    const r = byOp.get(l.op) ?? [Infinity, -Infinity];
    widen(r, l.values);
    byOp.set(l.op, r);
    widen(grads, l.grads);
  }
  const finite = (r: [number, number]): readonly [number, number] => (r[1] > r[0] ? r : [-1, 1]);
  // Gradients are centred on zero in practice; a symmetric axis keeps zero in the middle of every card.
  const g = Math.max(Math.abs(grads[0]), Math.abs(grads[1]));
  const values = new Map<string, readonly [number, number]>();
  for (const l of layers) values.set(l.id, boundedRange(l.op) ?? finite(byOp.get(l.op) ?? [Infinity, -Infinity]));
  return { values, grads: Number.isFinite(g) && g > 0 ? [-g, g] : [-1, 1] };
}

/** A histogram's bars placed on an axis over `range`: x0, x1 in [0, 1] (clipped) and height relative to the tallest bar. */
export function histogramBars(h: Histogram, range: readonly [number, number]): { x0: number; x1: number; height: number }[] {
  const n = h.counts.length;
  const max = Math.max(0, ...h.counts);
  const span = range[1] - range[0];
  if (n === 0 || max === 0 || !(span > 0) || !(h.hi > h.lo)) return [];
  const w = (h.hi - h.lo) / n;
  const out: { x0: number; x1: number; height: number }[] = [];
  h.counts.forEach((c, i) => {
    if (c === 0) return;
    const x0 = Math.max(0, (h.lo + i * w - range[0]) / span);
    const x1 = Math.min(1, (h.lo + (i + 1) * w - range[0]) / span);
    if (x1 > x0 || x0 === x1) out.push({ x0, x1: Math.max(x1, x0), height: c / max });
  });
  return out;
}

/**
 * Aligns several (x, y) series on one shared x array, as uPlot wants them,
 * and keeps long runs cheap to draw: past `maxPoints` distinct x values the
 * points fall into columns (about one per pixel), and each column keeps only
 * its lowest and highest value of each series, in the order they came. The
 * line then covers the same vertical extent as the full data would, so spikes
 * survive, while 100k steps draw as a few hundred points.
 */

/** One series: `x` ascending, `y` the same length. */
export interface XYSeries {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface Aligned {
  readonly x: number[];
  /** One array per input series, `x.length` long; null where the series has no point. */
  readonly ys: (number | null)[][];
  /** True when the points were bucketed (x values are then column positions, not exact steps). */
  readonly bucketed: boolean;
}

export interface AlignOptions {
  /** Most x values drawn; beyond this, maxPoints / 2 columns of two slots each. */
  readonly maxPoints: number;
  /** The x range in view (after a zoom): columns are finer inside it, so zooming in shows detail. */
  readonly view?: readonly [number, number];
  /** Drop y ≤ 0 (a log scale cannot draw them). */
  readonly positive?: boolean;
}

function keep(y: number, positive: boolean | undefined): boolean {
  return Number.isFinite(y) && (!positive || y > 0);
}

/** Every distinct x exactly, when there are few enough. */
function alignExact(series: readonly XYSeries[], xs: number[], positive: boolean | undefined): Aligned {
  xs.sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys = series.map((s) => {
    const out = new Array<number | null>(xs.length).fill(null);
    for (let i = 0; i < s.x.length; i++) if (keep(s.y[i], positive)) out[index.get(s.x[i]) ?? 0] = s.y[i];
    return out;
  });
  return { x: xs, ys, bucketed: false };
}

/** Column edges over [lo, hi]: `n` equal columns, or finer ones inside `view` and coarser ones outside it. */
export function columnEdges(lo: number, hi: number, n: number, view?: readonly [number, number]): number[] {
  const even = (a: number, b: number, k: number): number[] => Array.from({ length: k }, (_, i) => a + ((b - a) * i) / k);
  if (!view || view[0] <= lo && view[1] >= hi || view[1] <= view[0]) return [...even(lo, hi, n), hi];
  const v0 = Math.max(lo, view[0]);
  const v1 = Math.min(hi, view[1]);
  // Outside the view a handful of columns is enough: those parts are off screen until the zoom is reset.
  const side = (w: number): number => (w > 0 ? Math.max(1, Math.ceil((w / (hi - lo)) * n)) : 0);
  const left = side(v0 - lo);
  const right = side(hi - v1);
  return [...even(lo, v0, left), ...even(v0, v1, n), ...even(v1, hi, right), hi];
}

function alignBucketed(series: readonly XYSeries[], lo: number, hi: number, opts: AlignOptions): Aligned {
  const edges = columnEdges(lo, hi, Math.max(1, Math.floor(opts.maxPoints / 2)), opts.view);
  const cols = edges.length - 1;
  const x = new Array<number>(cols * 2);
  for (let c = 0; c < cols; c++) {
    const w = edges[c + 1] - edges[c];
    x[2 * c] = edges[c] + w * 0.25;
    x[2 * c + 1] = edges[c] + w * 0.75;
  }
  const ys = series.map((s) => {
    const out = new Array<number | null>(cols * 2).fill(null);
    let c = 0;
    let i = 0;
    while (i < s.x.length) {
      while (c < cols - 1 && s.x[i] >= edges[c + 1]) c++;
      // One column's points: its min and max, in the order they occurred.
      let min = Infinity;
      let max = -Infinity;
      let minAt = -1;
      let maxAt = -1;
      let count = 0;
      for (; i < s.x.length && (c === cols - 1 || s.x[i] < edges[c + 1]); i++) {
        const y = s.y[i];
        if (!keep(y, opts.positive)) continue;
        count++;
        if (y < min) [min, minAt] = [y, i];
        if (y > max) [max, maxAt] = [y, i];
      }
      if (count === 1) out[2 * c] = min;
      else if (count > 1) {
        out[2 * c] = minAt <= maxAt ? min : max;
        out[2 * c + 1] = minAt <= maxAt ? max : min;
      }
    }
    return out;
  });
  return { x, ys, bucketed: true };
}

/** Aligns the series on one x array, bucketing into min/max columns when there are more than `maxPoints` distinct x. */
export function alignSeries(series: readonly XYSeries[], opts: AlignOptions): Aligned {
  const distinct = new Set<number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!keep(s.y[i], opts.positive)) continue;
      const v = s.x[i];
      if (distinct.size <= opts.maxPoints) distinct.add(v);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (distinct.size <= opts.maxPoints || hi <= lo) return alignExact(series, [...distinct], opts.positive);
  return alignBucketed(series, lo, hi, opts);
}

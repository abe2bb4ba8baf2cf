/**
 * Statistics of a run result, named once here so that the card, the wire
 * and the inspector call the same number by the same name: a card showing
 * "rms" and the inspector showing "rms" must mean one thing.
 */
import { formatNumber } from './tensor-text.js';

export interface TensorStats {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** L2 norm, ‖t‖. */
  readonly norm: number;
  /** Root mean square: a gradient's typical element size (its mean can be near 0 while it is large). */
  readonly rms: number;
  /** Share of elements exactly 0 (dead ReLUs, a max gate's losing branch). */
  readonly zeros: number;
}

/** The statistics the inspector lists, in order, with the name both the card and the inspector use. */
export const STAT_NAMES = ['mean', 'std', 'min', 'max', 'norm', 'rms', 'zeros'] as const;
export type StatName = (typeof STAT_NAMES)[number];

/** One pass (two for the variance, which is then exact rather than the cancelling E[x²] − E[x]²). */
export function tensorStats(data: ArrayLike<number>): TensorStats {
  const n = data.length;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sq += v * v;
    if (v === 0) zeros++;
  }
  if (n === 0) return { count: 0, mean: 0, std: 0, min: 0, max: 0, norm: 0, rms: 0, zeros: 0 };
  const mean = sum / n;
  let dev = 0;
  for (let i = 0; i < n; i++) dev += (data[i] - mean) ** 2;
  return { count: n, mean, std: Math.sqrt(dev / n), min, max, norm: Math.sqrt(sq), rms: Math.sqrt(sq / n), zeros: zeros / n };
}

/** A statistic as text: numbers in three significant digits, the share of zeros as a percentage. */
export function formatStat(name: StatName, st: TensorStats): string {
  if (name === 'zeros') return `${Number((st.zeros * 100).toPrecision(3))}%`;
  return formatNumber(st[name]);
}

/** Root mean square of `data`. */
export function rms(data: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
  return data.length ? Math.sqrt(sum / data.length) : 0;
}

/** What a card (or a wire) shows for a tensor: one labelled statistic. */
export interface StatText {
  /** Empty for a scalar, which is shown as itself. */
  readonly label: '' | StatName;
  readonly text: string;
  readonly title: string;
}

/**
 * The one number a card has room for: a scalar itself; for a tensor, the
 * mean of a value and the rms of a gradient (a gradient's mean hides its
 * size), labelled with the name the inspector's statistics use.
 */
export function cardStat(t: { readonly data: ArrayLike<number> }, kind: 'value' | 'grad'): StatText {
  if (t.data.length === 1) return { label: '', text: formatNumber(t.data[0]), title: kind === 'value' ? 'value' : 'gradient of the output with respect to this value' };
  if (kind === 'value') {
    let sum = 0;
    for (let i = 0; i < t.data.length; i++) sum += t.data[i];
    return { label: 'mean', text: formatNumber(sum / t.data.length), title: `mean of the ${t.data.length} values` };
  }
  return { label: 'rms', text: formatNumber(rms(t.data)), title: `root mean square of the gradient's ${t.data.length} elements` };
}

/**
 * How big a gradient looks on its wire. The scale is absolute and
 * logarithmic, not relative to the graph: a gradient of 1e-7 must look
 * vanished whatever the rest of the graph carries, and one of 1e3 exploded,
 * so that the two problems show at a glance and mean the same in every graph.
 */

/** The decades the width spans: below LO_EXP everything is "vanished", above HI_EXP "exploded". */
export const LO_EXP = -6;
export const HI_EXP = 3;
/** Stroke widths, in flow pixels, at and beyond the two ends of the scale. */
export const MIN_WIDTH = 1;
export const MAX_WIDTH = 5;

/**
 * A gradient's size as one number: |g| for a scalar, the root mean square of
 * a tensor (per element, so a wide layer and a narrow one compare fairly;
 * the same "rms" the card and the inspector show).
 */
export function gradMagnitude(data: ArrayLike<number>): number {
  if (data.length === 1) return Math.abs(data[0]);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
  return data.length ? Math.sqrt(sum / data.length) : 0;
}

/** Stroke width for a gradient magnitude: linear in log10 between the scale's ends, clamped; 0 and NaN get the thinnest. */
export function gradWidth(magnitude: number): number {
  if (!(magnitude > 0)) return MIN_WIDTH;
  if (!Number.isFinite(magnitude)) return MAX_WIDTH;
  const e = Math.min(HI_EXP, Math.max(LO_EXP, Math.log10(magnitude)));
  return MIN_WIDTH + ((e - LO_EXP) / (HI_EXP - LO_EXP)) * (MAX_WIDTH - MIN_WIDTH);
}

/** The colour classes of the legend, from no gradient at all to exploding; each has a CSS variable `--grad-mag-<band>`. */
export const GRAD_BANDS = [
  { band: 'zero', label: '0', title: 'no gradient flows back (a max gate’s losing input, a dead ReLU)' },
  { band: 'vanishing', label: '< 1e-4', title: 'vanishing: too small to move the weights' },
  { band: 'small', label: '1e-4 – 0.01', title: 'small' },
  { band: 'normal', label: '0.01 – 10', title: 'healthy' },
  { band: 'large', label: '10 – 1e3', title: 'large' },
  { band: 'exploding', label: '≥ 1e3 or ∞', title: 'exploding (or not a number)' },
] as const;
export type GradBand = (typeof GRAD_BANDS)[number]['band'];

/** The colour band of a gradient magnitude. */
export function gradBand(magnitude: number): GradBand {
  if (magnitude === 0) return 'zero';
  if (!Number.isFinite(magnitude)) return 'exploding';
  if (magnitude < 1e-4) return 'vanishing';
  if (magnitude < 1e-2) return 'small';
  if (magnitude < 10) return 'normal';
  if (magnitude < 1e3) return 'large';
  return 'exploding';
}
